package org.attentionlesson.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.attentionlesson.grading.GradeFixture.Launch;
import org.attentionlesson.grading.GradeFixture.Submission;
import org.attentionlesson.support.TestDatabase;
import org.attentionlesson.support.TestPlatform;
import org.attentionlesson.support.TomcatServer;
import org.junit.jupiter.api.Test;

/**
 * Stopping the tool while the grade worker is delivering a score: the worker drains before the database closes,
 * every thread the tool started ends, and the JDBC drivers it registered are deregistered. The tool logs through
 * logback to standard output; Tomcat reports leaks through java.util.logging: both are captured here.
 */
class ShutdownIT {

    @Test
    void stoppingWhileAScoreIsInFlightLogsNoErrorNoClosedDatabaseAndNoLeak() throws Exception {
        Path dir = Files.createTempDirectory("shutdown-it-");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream realOut = System.out;
        List<String> tomcatLog = Collections.synchronizedList(new ArrayList<>());
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                    tomcatLog.add(r.getLevel() + " " + r.getLoggerName() + " " + format(r));
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger root = Logger.getLogger("");
        root.addHandler(handler);
        System.setOut(new PrintStream(new Tee(realOut, out), true, StandardCharsets.UTF_8));
        TestDatabase db = TestDatabase.h2(dir);
        TestPlatform platform = TestPlatform.start("shutdown-client");
        AgsPlatform ags = AgsPlatform.start(8);
        Path base = null;
        try {
            Map<String, String> params = new HashMap<>(GradeFixture.fastGrading());
            params.putAll(db.params());
            params.put("attention.ags.timeoutMillis", "10000"); // a slow platform, not a timed-out one
            params.put(
                    "attention.registrationsFile",
                    GradeFixture.registrationsFile(dir, platform, ags, null).toString());
            TomcatServer server = TomcatServer.start(0, params);
            base = server.baseDir();
            ags.verifyAssertionsWith(server.baseUrl() + "/.well-known/jwks.json");
            Launch launch = GradeFixture.launch(
                    server.baseUrl(), platform, db, "student-shutdown", GradeFixture.LEARNER, "link-1", ags, 1);
            // The platform takes two seconds to answer a grade service call: the worker is mid-delivery when the
            // server stops.
            ags.slowMillis = 2000;
            int before = ags.allRequests.get() - ags.tokenRequests.get();
            GradeFixture.submit(db, List.of(new Submission(launch.launchId(), "student-shutdown", "link-1", 7, 10)));
            GradeFixture.await(
                    "a grade service call in flight",
                    Duration.ofSeconds(20),
                    () -> ags.allRequests.get() - ags.tokenRequests.get() > before);
            int mark = out.size();
            server.close();
            System.out.flush();
            String appLog = out.toString(StandardCharsets.UTF_8).substring(mark);
            List<String> problems = new ArrayList<>();
            for (String line : appLog.split("\n")) {
                if (line.contains(" ERROR ") || line.contains("already closed") || line.contains(" WARN ")) {
                    problems.add(line);
                }
            }
            synchronized (tomcatLog) {
                for (String line : tomcatLog) {
                    // Tomcat's leak checks: threads still running, drivers left registered, ThreadLocals not removed
                    // (the "--add-opens" notes only say a check is off on this JVM).
                    if (line.contains("failed to stop it")
                            || line.contains("JDBC driver")
                            || line.contains("SEVERE")
                            || line.contains("already closed")
                            || line.contains("failed to remove it")) {
                        problems.add(line);
                    }
                }
            }
            assertEquals(List.of(), problems, "the stop logs no error, no closed database, no thread or driver leak");
            assertTrue(Files.notExists(base), "the server's temporary folder is gone");
            // Drained, not interrupted: the delivery in flight finished and its outcome was written before the
            // database closed.
            assertEquals(
                    1,
                    db.longQuery(
                            "SELECT COUNT(*) FROM grade_outbox WHERE subject = ? AND status = 'DELIVERED'",
                            "student-shutdown"),
                    () -> "the score in flight at stop is delivered and recorded: "
                            + db.stringQuery(
                                    "SELECT status || ' ' || COALESCE(last_error, '') FROM grade_outbox WHERE subject = ?",
                                    "student-shutdown"));
        } finally {
            System.setOut(realOut);
            root.removeHandler(handler);
            ags.close();
            platform.close();
            db.close();
            TomcatServer.deleteRecursively(dir.toFile());
        }
    }

    private static String format(LogRecord r) {
        String message = r.getMessage();
        if (message != null && r.getParameters() != null && r.getParameters().length > 0) {
            message = java.text.MessageFormat.format(message, r.getParameters());
        }
        return message + (r.getThrown() == null ? "" : " " + r.getThrown());
    }

    /** Writes to the real standard output and to the captured copy. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final ByteArrayOutputStream b;

        Tee(OutputStream a, ByteArrayOutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int x) throws IOException {
            a.write(x);
            synchronized (b) {
                b.write(x);
            }
        }

        @Override
        public void write(byte[] buf, int off, int len) throws IOException {
            a.write(buf, off, len);
            synchronized (b) {
                b.write(buf, off, len);
            }
        }
    }
}
