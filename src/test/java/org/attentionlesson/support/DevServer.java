package org.attentionlesson.support;

import java.nio.file.Path;
import java.util.Map;

/**
 * The README's run command ({@code mvn -Prun package}): the WAR on Tomcat 11 at http://localhost:8080 with the
 * embedded H2 database in {@code ./data} and dev mode on (the built-in LMS at /dev).
 */
public final class DevServer {
    private DevServer() {
    }

    public static void main(String[] args) {
        if (args.length > 0) {
            System.setProperty("attention.test.war", args[0]);
        }
        int port = Integer.parseInt(System.getProperty("attention.port", "8080"));
        String dataDir = Path.of(System.getProperty("attention.dataDir", "data")).toAbsolutePath().toString();
        TomcatServer server = TomcatServer.start(port, Map.of(
                "attention.devMode", "true",
                "attention.autoApproveRegistrations", "true", // one click from the dev LMS's registration page
                "attention.dataDir", dataDir,
                "attention.baseUrl", System.getProperty("attention.baseUrl", "http://localhost:" + port)),
                Map.of("admin", "admin")); // dev only: the admin console's user; production uses the institution's realm
        // Ctrl+C stops Tomcat cleanly (the grade worker drains, the database closes) and removes the temporary folder.
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "attention-shutdown"));
        System.out.println();
        System.out.println("  Attention lesson tool running on Tomcat 11: " + server.baseUrl());
        System.out.println("  Dev LMS (launch as a student or instructor): " + server.baseUrl() + "/dev");
        System.out.println("  Admin console (dev user admin / password admin): " + server.baseUrl() + "/admin/");
        System.out.println("  Dynamic registration from the dev LMS: " + server.baseUrl() + "/dev/registration");
        System.out.println("  Press Ctrl+C to stop.");
        System.out.println();
        server.await();
    }
}
