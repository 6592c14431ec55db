package org.attentionlesson.bench;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Field;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.attentionlesson.support.TestDatabase;
import org.attentionlesson.support.TomcatServer;

/**
 * The server side of {@link LaunchBenchmark}, in its own JVM so that its process CPU is the tool's alone (the load
 * generator, which signs every id_token, runs in the other JVM). Starts the WAR on a real Tomcat 11 via
 * {@link TomcatServer} (H2 file database, the registrations file given as argument), and adds to the same Tomcat a
 * bare context at {@code /bare} whose servlet answers the same round trips with no work: the baseline.
 *
 * <p>The second argument picks the database: {@code h2} (a fresh H2 file database) or {@code postgres} (a fresh
 * database on the local server, dropped at the end); see {@link DatabaseProbe} for what is measured of it.
 *
 * <p>Protocol on stdin/stdout: prints {@code BENCH READY <toolBase> <bareBase>}; answers {@code cpu} with
 * {@code BENCH CPU <processCpuNs> <requestThreadsCpuNs> <gcCount> <gcMillis> <dbBackendCpuNs>}; {@code count on}
 * with {@code BENCH COUNTING}, {@code count off} with {@code BENCH COUNT <statements> <roundTrips> <detail>};
 * exits on {@code quit}.
 * Everything else on stdout is the tool's log.
 */
public final class BenchServer {
    private BenchServer() {}

    public static void main(String[] args) throws Exception {
        Path registrations = Path.of(args[0]);
        TestDatabase.Kind kind =
                args.length > 1 && args[1].equals("postgres") ? TestDatabase.Kind.POSTGRES : TestDatabase.Kind.H2;
        Path dataDir = Files.createTempDirectory("bench-db-");
        TestDatabase database = TestDatabase.create(kind, dataDir);
        TomcatServer server = TomcatServer.start(
                0,
                Map.of(
                        "attention.registrationsFile",
                        registrations.toString(),
                        "attention.jdbcUrl",
                        database.jdbcUrl()));
        DatabaseProbe probe = new DatabaseProbe(database);
        String bareBase = server.baseUrl() + "/bare";
        addBareContext(server, bareBase);
        String prefix = "-" + server.port() + "-"; // http-nio-127.0.0.1-<port>-exec-N, -Poller, -Acceptor
        System.out.println("BENCH READY " + server.baseUrl() + " " + bareBase);
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.equals("cpu")) {
                long gcCount = 0;
                long gcMillis = 0;
                for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                    gcCount += Math.max(0, gc.getCollectionCount());
                    gcMillis += Math.max(0, gc.getCollectionTime());
                }
                System.out.println("BENCH CPU " + processCpu() + " " + threadCpu(prefix) + " " + gcCount + " "
                        + gcMillis + " " + probe.backendCpuNanos());
                System.out.flush();
            } else if (line.equals("count on")) {
                probe.startCounting();
                System.out.println("BENCH COUNTING");
                System.out.flush();
            } else if (line.equals("count off")) {
                System.out.println("BENCH COUNT " + probe.stopCounting());
                System.out.flush();
            } else if (line.equals("quit")) {
                break;
            }
        }
        server.close();
        probe.close();
        database.close();
        TomcatServer.deleteRecursively(dataDir.toFile()); // the H2 file database; nothing is left in the temp folder
        System.exit(0);
    }

    static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** CPU of this Tomcat connector's threads (request executors, poller, acceptor), cumulative since each started. */
    static long threadCpu(String portMarker) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (t != null
                    && t.getThreadName().startsWith("http-nio-")
                    && t.getThreadName().contains(portMarker)) {
                long ns = mx.getThreadCpuTime(t.getThreadId());
                if (ns > 0) {
                    sum += ns;
                }
            }
        }
        return sum;
    }

    /** The baseline: same Tomcat, same connector, a servlet that does nothing but answer like the tool's endpoints. */
    private static void addBareContext(TomcatServer server, String bareBase) throws Exception {
        Field f = TomcatServer.class.getDeclaredField("tomcat");
        f.setAccessible(true);
        Tomcat tomcat = (Tomcat) f.get(server);
        Path docBase = Files.createDirectories(server.baseDir().resolve("bare"));
        Context ctx = tomcat.addContext(tomcat.getHost(), "/bare", docBase.toString());
        Tomcat.addServlet(ctx, "bare", new BareServlet(bareBase));
        ctx.addServletMappingDecoded("/*", "bare");
    }

    /**
     * Login-like GET → 302 with state, nonce and a cookie; launch-like POST → 303; page GET → a tiny page, or with
     * {@code -Dbench.launch.barePageBytes=N} in this JVM (pass it through {@code bench.launch.jvmArgs}) a page of N
     * bytes written from memory, as large as the tool's lesson page: what sending the page alone costs.
     */
    static final class BareServlet extends HttpServlet {
        private static final SecureRandom RANDOM = new SecureRandom();
        private final String base;
        private final byte[] page;

        BareServlet(String base) {
            this.base = base;
            int size = Integer.getInteger("bench.launch.barePageBytes", 0);
            this.page = size <= 0 ? null : filler(size);
        }

        private static byte[] filler(int size) {
            byte[] head = "<!doctype html><title>Lesson</title><p>".getBytes(StandardCharsets.US_ASCII);
            byte[] out = new byte[Math.max(size, head.length)];
            System.arraycopy(head, 0, out, 0, head.length);
            for (int i = head.length; i < out.length; i++) {
                out[i] = (byte) (i % 80 == 79 ? '\n' : 'a' + i % 26);
            }
            return out;
        }

        private static String token() {
            byte[] b = new byte[24];
            RANDOM.nextBytes(b);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            String path = req.getPathInfo() == null ? "" : req.getPathInfo();
            if (path.equals("/lti/login")) {
                String state = token();
                resp.setStatus(302);
                resp.addHeader(
                        "Set-Cookie", "lti_state_bare=" + token() + "; Path=/bare/lti/; HttpOnly; SameSite=None");
                resp.setHeader(
                        "Location",
                        "http://127.0.0.1:1/auth?client_id="
                                + URLEncoder.encode(
                                        String.valueOf(req.getParameter("client_id")), StandardCharsets.UTF_8)
                                + "&login_hint="
                                + URLEncoder.encode(
                                        String.valueOf(req.getParameter("login_hint")), StandardCharsets.UTF_8)
                                + "&state=" + state + "&nonce=" + token());
            } else if (path.equals("/lesson") && page != null) {
                resp.setContentType("text/html;charset=UTF-8");
                resp.setContentLength(page.length);
                resp.getOutputStream().write(page);
            } else if (path.equals("/lesson")) {
                resp.setContentType("text/html;charset=UTF-8");
                resp.getWriter()
                        .write("<!doctype html><title>Lesson</title><p>Hello, "
                                + req.getParameter("lt").length() + "</p>");
            } else {
                resp.sendError(404);
            }
        }

        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            String token = req.getParameter("id_token");
            String state = req.getParameter("state");
            if (token == null || state == null) {
                resp.sendError(400);
                return;
            }
            resp.setStatus(303);
            resp.setHeader("Cache-Control", "no-store");
            resp.setHeader("Location", base + "/lesson?lt=" + token());
        }
    }
}
