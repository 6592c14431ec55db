package org.attentionlesson.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.Wrapper;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.scan.StandardJarScanner;

/**
 * The packaged WAR on a real Tomcat 11 (the embeddable distribution of the same Catalina engine), on a loopback
 * port, configured through context parameters exactly as an admin would in {@code conf/Catalina/localhost/ROOT.xml}.
 * Several can run at once (multi-node tests); each has its own base directory.
 */
public final class TomcatServer implements AutoCloseable {
    private final Tomcat tomcat;
    private final int port;
    private final Path baseDir;
    private final Context context;

    private TomcatServer(Tomcat tomcat, int port, Path baseDir, Context context) {
        this.tomcat = tomcat;
        this.port = port;
        this.baseDir = baseDir;
        this.context = context;
    }

    /** The WAR built by {@code mvn package}; integration tests run in the {@code verify} phase, after it. */
    public static Path warFile() {
        String war = System.getProperty("attention.test.war");
        Path p = war == null || war.isBlank() ? Path.of("target", "attention-lti.war") : Path.of(war);
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("The WAR " + p.toAbsolutePath()
                    + " is missing: run the tests with `mvn verify` " + "(integration tests need the packaged WAR).");
        }
        return p.toAbsolutePath();
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the WAR on {@code port} (0 = any free port) with these context parameters. */
    public static TomcatServer start(int port, Map<String, String> params) {
        return start(port, params, Map.of());
    }

    /** As {@link #start(int, Map)}, with realm users (name → password) who hold the role {@code lti-admin}. */
    public static TomcatServer start(int port, Map<String, String> params, Map<String, String> adminUsers) {
        return start(port, params, adminUsers, Map.of());
    }

    /** As above, plus realm users without the {@code lti-admin} role (to test that the console refuses them). */
    public static TomcatServer start(
            int port, Map<String, String> params, Map<String, String> adminUsers, Map<String, String> otherUsers) {
        int p = port == 0 ? freePort() : port;
        try {
            Path base = Files.createTempDirectory("attention-tomcat-");
            // Tomcat keeps catalina.home, a JVM-wide property, at the first server's base and re-creates that folder
            // at every later start: each server is its own home, so a closed server's folder stays gone.
            System.setProperty("catalina.home", base.toString());
            Path appBase = Files.createDirectories(base.resolve("webapps"));
            Tomcat tomcat = new Tomcat();
            tomcat.setBaseDir(base.toString());
            tomcat.setHostname("localhost");
            tomcat.setPort(p);
            tomcat.getConnector().setProperty("address", "127.0.0.1");
            tomcat.getHost().setAppBase(appBase.toString());
            // As the README's production section asks of conf/server.xml: errors Tomcat answers itself, before the
            // request reaches the tool (a request line that is not a URI, headers over maxHttpHeaderSize), show
            // neither a report nor the server's name and version.
            org.apache.catalina.valves.ErrorReportValve errors = new org.apache.catalina.valves.ErrorReportValve();
            errors.setShowReport(false);
            errors.setShowServerInfo(false);
            tomcat.getHost().getPipeline().addValve(errors);
            ((StandardHost) tomcat.getHost()).setUnpackWARs(true);
            tomcat.setAddDefaultWebXmlToWebapp(false);
            adminUsers.forEach((name, password) -> {
                tomcat.addUser(name, password);
                tomcat.addRole(name, "lti-admin");
            });
            otherUsers.forEach((name, password) -> {
                tomcat.addUser(name, password);
                tomcat.addRole(name, "student");
            });
            tomcat.getServer().setParentClassLoader(TomcatServer.class.getClassLoader());
            Path war = Files.copy(warFile(), appBase.resolve("ROOT.war"));
            Context ctx = tomcat.addWebapp("", war.toString());
            StandardJarScanner scanner = (StandardJarScanner) ctx.getJarScanner();
            scanner.setScanClassPath(false);
            scanner.setScanManifest(false);
            scanner.setScanAllDirectories(false);
            Map<String, String> all = new LinkedHashMap<>();
            all.put("attention.baseUrl", "http://localhost:" + p);
            all.put("attention.dataDir", base.resolve("data").toString());
            // Emulated platforms listen on loopback over plain http: tests allow both unless they test the strict
            // outbound policy (they pass "false" for these two).
            all.put("attention.outbound.allowPrivateNetworks", "true");
            all.put("attention.outbound.allowHttp", "true");
            all.put("attention.registrationAttemptsPerMinute", "1000"); // many registrations from 127.0.0.1
            all.putAll(params);
            all.forEach(ctx::addParameter);
            Tomcat.addDefaultMimeTypeMappings(ctx);
            Wrapper def = Tomcat.addServlet(ctx, "default", "org.apache.catalina.servlets.DefaultServlet");
            def.addInitParameter("listings", "false");
            def.setLoadOnStartup(1);
            ctx.addServletMappingDecoded("/", "default");
            tomcat.start();
            if (ctx.getState() != LifecycleState.STARTED) {
                tomcat.stop();
                tomcat.destroy();
                deleteRecursively(base.toFile());
                throw new IllegalStateException("The web application failed to start; see the log above");
            }
            return new TomcatServer(tomcat, p, base, ctx);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (LifecycleException e) {
            throw new IllegalStateException("Tomcat did not start", e);
        }
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://localhost:" + port;
    }

    public Path baseDir() {
        return baseDir;
    }

    /** The WAR's context (a benchmark adds a timing valve to its pipeline). */
    public Context context() {
        return context;
    }

    /** Keeps the context running until the JVM ends (for the run command). */
    public void await() {
        tomcat.getServer().await();
    }

    /** Stops Tomcat and removes its temporary base folder (the unpacked WAR, work files, the default data dir). */
    @Override
    public void close() {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            throw new IllegalStateException(e);
        } finally {
            deleteRecursively(baseDir.toFile());
        }
    }

    /**
     * Deletes {@code f} and everything under it; tries again briefly while it still exists (a thread of a server
     * that has just stopped can add a file while the folder is being emptied).
     */
    public static void deleteRecursively(File f) {
        for (int attempt = 0; attempt < 5; attempt++) {
            deleteTree(f);
            if (!f.exists()) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void deleteTree(File f) {
        File[] children = f.listFiles();
        if (children != null) {
            for (File c : children) {
                deleteTree(c);
            }
        }
        f.delete();
    }
}
