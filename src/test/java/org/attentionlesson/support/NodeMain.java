package org.attentionlesson.support;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One tool node in its own JVM, for tests that must kill a node for real ({@link NodeProcess}): starts the WAR on
 * Tomcat with the given context parameters, prints {@code READY <port>} and runs until its standard input closes
 * (so it never outlives the test JVM) or it is killed.
 *
 * <pre>java -cp &lt;test class path&gt; org.attentionlesson.support.NodeMain &lt;war&gt; &lt;port&gt; [name=value ...]</pre>
 */
public final class NodeMain {
    private NodeMain() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: NodeMain <war> <port> [name=value ...]");
            System.exit(2);
        }
        System.setProperty("attention.test.war", args[0]);
        int port = Integer.parseInt(args[1]);
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 2; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            if (eq <= 0) {
                System.err.println("not name=value: " + args[i]);
                System.exit(2);
            }
            params.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        TomcatServer server = TomcatServer.start(port, params);
        System.out.println("READY " + server.port());
        System.out.flush();
        while (System.in.read() >= 0) {
            // the parent holds our stdin open while it wants us; EOF = it is done (or gone)
        }
        server.close();
        System.exit(0);
    }
}
