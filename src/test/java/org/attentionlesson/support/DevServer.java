package org.attentionlesson.support;

import java.nio.file.Path;
import java.util.Map;

/**
 * The README's run command ({@code mvn -Prun package}): the WAR on Tomcat 11 at http://localhost:8080 with the
 * embedded H2 database in {@code ./data} and dev mode on (the built-in LMS at /dev).
 */
public final class DevServer {
    private DevServer() {}

    public static void main(String[] args) {
        if (args.length > 0) {
            System.setProperty("attention.test.war", args[0]);
        }
        int port = Integer.parseInt(System.getProperty("attention.port", "8080"));
        String dataDir = Path.of(System.getProperty("attention.dataDir", "data"))
                .toAbsolutePath()
                .toString();
        String baseUrl = baseUrl(port);
        TomcatServer server = TomcatServer.start(
                port,
                Map.of(
                        "attention.devMode",
                        "true",
                        "attention.autoApproveRegistrations",
                        "true", // one click from the dev LMS's registration page
                        "attention.dataDir",
                        dataDir,
                        "attention.baseUrl",
                        baseUrl),
                Map.of(
                        "admin",
                        "admin")); // dev only: the admin console's user; production uses the institution's realm
        // Ctrl+C stops Tomcat cleanly (the grade worker drains, the database closes) and removes the temporary folder.
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "attention-shutdown"));
        System.out.println();
        System.out.print(banner(baseUrl, server.port()));
        System.out.println();
        server.await();
    }

    /** The configured public address ({@code attention.baseUrl}, else http://localhost:port), without a final slash. */
    static String baseUrl(int port) {
        String configured = System.getProperty("attention.baseUrl", System.getenv("ATTENTION_BASE_URL"));
        String base = configured == null || configured.isBlank() ? "http://localhost:" + port : configured.trim();
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** The start-up lines: every address at the public base URL people and LMSs use, not the local port. */
    static String banner(String baseUrl, int port) {
        return "  Attention lesson tool running on Tomcat 11 (port " + port + "): " + baseUrl + "\n"
                + "  Dev LMS (launch as a student or instructor): " + baseUrl + "/dev\n"
                + "  Admin console (dev user admin / password admin): " + baseUrl + "/admin/\n"
                + "  Admin set-up guides: " + baseUrl + "/admin/guides/moodle\n"
                + "  Dynamic registration from the dev LMS: " + baseUrl + "/dev/registration\n"
                + "  Press Ctrl+C to stop.\n";
    }
}
