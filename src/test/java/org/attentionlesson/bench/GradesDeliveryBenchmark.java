package org.attentionlesson.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.attentionlesson.grading.AgsPlatform;
import org.attentionlesson.grading.GradeFixture;
import org.attentionlesson.grading.GradeFixture.Launch;
import org.attentionlesson.grading.GradeFixture.Submission;
import org.attentionlesson.support.TestDatabase;
import org.attentionlesson.support.TestPlatform;
import org.attentionlesson.support.TomcatServer;
import org.junit.jupiter.api.Test;

/**
 * Grade delivery throughput (issue 4 benchmark): scores per second from the outbox to an emulated AGS endpoint on
 * loopback, CPU per delivered score, and token requests per 1,000 scores, including 32 submissions at once with a
 * cold token cache. Two runs: a fresh node that finds {@code attention.bench.grades} (default 5,000) scores waiting
 * (JIT and caches cold), then the same node, warm, with as many again. CPU is split by thread group through
 * ThreadMXBean (tool worker, tool HttpClient, Tomcat, database, emulated platform, harness; GC and JIT are the rest of
 * the process CPU), so the tool's own share is visible apart from the emulator's. The emulator is warmed with as many
 * posts of its own before the fresh node starts ({@link AgsPlatform#warmUp}): the fresh node's figures are the
 * node's cold start, not the emulator's. Writes {@code grades-report.md}
 * and {@code grades-report.json} under the bench directory. Measures and reports; asserts nothing about timings.
 * Steady state: {@code -Dattention.bench.grades=20000}.
 */
class GradesDeliveryBenchmark {
    private static final int SCORES = Integer.getInteger("attention.bench.grades", 5000);
    /** Which databases to run on, comma-separated: {@code h2}, {@code postgres} (default both). */
    private static final String DATABASES = System.getProperty("attention.bench.gradesDb", "h2,postgres");

    private record Sample(long nanos, long cpuNanos, int accepted, Map<Long, ThreadCpu> threads, long gcMillis) {}

    /** Time spent in garbage collections so far (wall clock, all collectors). */
    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime)
                .filter(t -> t > 0)
                .sum();
    }

    private record ThreadCpu(String name, long cpuNanos) {}

    /** CPU time of every live Java thread (GC and JIT threads are not Java threads: process CPU minus these). */
    private static Map<Long, ThreadCpu> threadCpu() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<Long, ThreadCpu> out = new HashMap<>();
        for (ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (info != null) {
                long cpu = mx.getThreadCpuTime(info.getThreadId());
                if (cpu >= 0) {
                    out.put(info.getThreadId(), new ThreadCpu(info.getThreadName(), cpu));
                }
            }
        }
        return out;
    }

    /** Which part of the one JVM a thread works for. */
    static String group(String thread) {
        if (thread.startsWith("grade-")) {
            return "tool: grade worker (dispatcher, deliveries, embedded H2 work, group commit)";
        }
        if (thread.startsWith("HttpClient-")) {
            return "tool: outbound HttpClient (selector, body handling)";
        }
        if (thread.startsWith("H2 TCP")) {
            return "test harness and other Java threads"; // serves the test's own connections (AUTO_SERVER)
        }
        if (thread.startsWith("H2") || thread.startsWith("MVStore") || thread.startsWith("attention-lti")) {
            return "tool: database background (H2, HikariCP)";
        }
        if (thread.startsWith("http-nio") || thread.startsWith("Catalina")) {
            return "tool: Tomcat request threads";
        }
        if (thread.startsWith("ags-platform-") || thread.startsWith("HTTP-Dispatcher")) {
            return "emulated AGS platform";
        }
        return "test harness and other Java threads";
    }

    private static Map<String, Long> cpuByGroup(Map<Long, ThreadCpu> from, Map<Long, ThreadCpu> to) {
        Map<String, Long> out = new java.util.TreeMap<>();
        to.forEach((id, t) -> {
            ThreadCpu before = from.get(id);
            long d = t.cpuNanos() - (before == null ? 0 : before.cpuNanos());
            out.merge(group(t.name()), Math.max(0, d), Long::sum);
        });
        return out;
    }

    /** One measured run: 1%–99% of {@code n} scores accepted by the platform. */
    private record Run(
            double perSecond,
            double cpuMicrosPerScore,
            int delivered,
            Map<String, Long> microsPerScore,
            long toolMicros) {
        Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("scoresPerSecond", Math.round(perSecond));
            m.put("cpuMicrosPerScoreWholeJvm", Math.round(cpuMicrosPerScore));
            m.put("delivered", delivered);
            m.put("cpuMicrosPerScoreByThreadGroup", microsPerScore);
            m.put("cpuMicrosPerScoreToolThreads", toolMicros);
            return m;
        }
    }

    private static Run measure(AgsPlatform ags, OperatingSystemMXBean os, int n) throws InterruptedException {
        return measureFrom(ags, os, n, ags.accepted().size());
    }

    private static Run measureFrom(AgsPlatform ags, OperatingSystemMXBean os, int n, int acceptedBefore)
            throws InterruptedException {
        List<Sample> samples = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            int done = ags.acceptedCount() - acceptedBefore;
            samples.add(new Sample(
                    System.nanoTime(),
                    os.getProcessCpuTime(),
                    done,
                    done >= Math.max(1, n / 100) ? threadCpu() : Map.of(),
                    gcMillis()));
            if (done >= n) {
                break;
            }
            Thread.sleep(50);
        }
        int delivered = ags.acceptedCount() - acceptedBefore;
        Sample start = samples.stream()
                .filter(s -> s.accepted() >= Math.max(1, n / 100))
                .findFirst()
                .orElseThrow();
        Sample end = samples.stream()
                .filter(s -> s.accepted() >= n * 99 / 100)
                .findFirst()
                .orElseThrow();
        double seconds = (end.nanos() - start.nanos()) / 1e9;
        int counted = end.accepted() - start.accepted();
        Map<String, Long> byGroup = cpuByGroup(start.threads(), end.threads());
        long javaThreads = byGroup.values().stream().mapToLong(Long::longValue).sum();
        byGroup.put(
                "JVM (GC, JIT; process minus Java threads)",
                Math.max(0, end.cpuNanos() - start.cpuNanos() - javaThreads));
        Map<String, Long> microsPerScore = new LinkedHashMap<>();
        byGroup.forEach((g, x) -> microsPerScore.put(g, Math.round(x / 1e3 / counted)));
        microsPerScore.put(
                "(of the JVM share: GC pause time, wall clock)",
                Math.round((end.gcMillis() - start.gcMillis()) * 1e3 / counted));
        long toolMicros = byGroup.entrySet().stream()
                        .filter(e -> e.getKey().startsWith("tool:"))
                        .mapToLong(Map.Entry::getValue)
                        .sum()
                / 1000
                / counted;
        return new Run(
                counted / seconds,
                (end.cpuNanos() - start.cpuNanos()) / 1e3 / counted,
                delivered,
                microsPerScore,
                toolMicros);
    }

    /**
     * The database's own counters: on H2 the statements it executed since the node opened it (query statistics,
     * switched on in the node's JDBC URL; the database closes between nodes, which resets them); on
     * PostgreSQL the transactions and the rows written (pg_stat_database), since counting statements there needs
     * pg_stat_statements preloaded.
     */
    private static Map<String, Long> dbCounters(TestDatabase db) throws java.sql.SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        try (java.sql.Connection c = db.connect();
                java.sql.Statement st = c.createStatement()) {
            if (db.isPostgres()) {
                try (java.sql.ResultSet rs = st.executeQuery("SELECT xact_commit + xact_rollback, tup_inserted, "
                        + "tup_updated, tup_deleted FROM pg_stat_database WHERE datname = current_database()")) {
                    rs.next();
                    out.put("transactions", rs.getLong(1));
                    out.put("rows inserted", rs.getLong(2));
                    out.put("rows updated", rs.getLong(3));
                    out.put("rows deleted", rs.getLong(4));
                }
            } else {
                try (java.sql.ResultSet rs = st.executeQuery("SELECT COALESCE(SUM(EXECUTION_COUNT), 0) FROM "
                        + "INFORMATION_SCHEMA.QUERY_STATISTICS WHERE SQL_STATEMENT NOT LIKE '%QUERY_STATISTICS%'")) {
                    rs.next();
                    out.put("statements", rs.getLong(1));
                }
            }
        }
        return out;
    }

    @Test
    void deliverScoresToTheEmulatedPlatform() throws Exception {
        for (String name : DATABASES.split(",")) {
            TestDatabase.Kind kind =
                    name.trim().equalsIgnoreCase("postgres") ? TestDatabase.Kind.POSTGRES : TestDatabase.Kind.H2;
            run(kind);
        }
    }

    private static void run(TestDatabase.Kind kind) throws Exception {
        Path dir = Files.createTempDirectory("grades-bench-");
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("machine", BenchReport.machine());
        report.put("database", kind.name());
        String suffix = kind == TestDatabase.Kind.H2 ? "" : "-pg";
        try (TestDatabase db = TestDatabase.create(kind, dir);
                TestPlatform platform = TestPlatform.start("bench-client");
                AgsPlatform ags = AgsPlatform.start(32)) {
            Map<String, String> params = new HashMap<>(GradeFixture.fastGrading());
            params.putAll(db.params());
            if (!db.isPostgres()) {
                params.put(
                        "attention.jdbcUrl", db.jdbcUrl() + ";QUERY_STATISTICS=TRUE;QUERY_STATISTICS_MAX_ENTRIES=5000");
            }
            params.put("attention.grading.pollMillis", "20");
            params.put("attention.grading.batch", "128");
            params.put("attention.grading.concurrency", "32");
            params.put(
                    "attention.registrationsFile",
                    GradeFixture.registrationsFile(dir, platform, ags, null).toString());

            // 1. Cold cache: 32 submissions at once on a fresh node.
            Launch launch;
            int coldTokens;
            try (TomcatServer first = TomcatServer.start(0, params)) {
                launch = GradeFixture.launch(
                        first.baseUrl(), platform, db, "bench-0", GradeFixture.LEARNER, "link-1", ags, 1);
                List<Submission> burst = new ArrayList<>();
                for (int i = 0; i < 32; i++) {
                    burst.add(new Submission(launch.launchId(), "burst-" + i, "link-1", i % 10, 10));
                }
                GradeFixture.submit(db, burst);
                GradeFixture.await(
                        "32 delivered",
                        Duration.ofSeconds(60),
                        () -> ags.accepted().size() >= 32);
                coldTokens = ags.tokenRequests.get();
            }

            // 2. Throughput: SCORES rows waiting in the outbox's intake when a fresh node (cold cache) starts.
            List<Submission> all = new ArrayList<>();
            for (int i = 0; i < SCORES; i++) {
                all.add(new Submission(launch.launchId(), "load-" + i, "link-1", i % 11, 10));
            }
            for (int i = 0; i < all.size(); i += 1000) {
                GradeFixture.submit(db, all.subList(i, Math.min(all.size(), i + 1000)));
            }
            // The emulated platform stands for a warm server elsewhere: its own warm-up (JIT of its HTTP server and
            // JSON code, in this same JVM) is done here, before the fresh node starts, not charged to the node.
            ags.warmUp(SCORES, 32);
            Thread.sleep(1000); // the compilations the warm-up queued finish before the node starts
            int tokensBefore = ags.tokenRequests.get();
            Map<String, Long> dbBefore = db.isPostgres() ? dbCounters(db) : Map.of();
            Run fresh;
            Run warm;
            Map<String, Long> dbAfter;
            try (TomcatServer second = TomcatServer.start(0, params)) {
                fresh = measure(ags, os, SCORES);
                Thread.sleep(1500); // PostgreSQL publishes its counters about once a second
                dbAfter = dbCounters(db);
                // 3. The same node again, now warm (JIT done, caches filled): SCORES more submitted while it runs.
                all.clear();
                for (int i = 0; i < SCORES; i++) {
                    all.add(new Submission(launch.launchId(), "warm-" + i, "link-1", i % 11, 10));
                }
                int before = ags.accepted().size();
                GradeFixture.submit(db, all); // one transaction: the node sees them all at once
                warm = measureFrom(ags, os, SCORES, before);
            }
            int runTokens = ags.tokenRequests.get() - tokensBefore;
            double perSecond = fresh.perSecond();
            double cpuMicrosPerScore = fresh.cpuMicrosPerScore();
            int delivered = fresh.delivered();
            report.put("freshNode", fresh.asMap());
            report.put("warmNode", warm.asMap());
            report.put("cpuMicrosPerScoreByThreadGroup", fresh.microsPerScore());
            report.put("cpuMicrosPerScoreToolThreads", fresh.toolMicros());
            StringBuilder split =
                    new StringBuilder("\n| CPU per delivered score by thread group | fresh node, µs | warm node, µs |\n"
                            + "|---|---|---|\n");
            fresh.microsPerScore()
                    .forEach((g, us) -> split.append("| ")
                            .append(g)
                            .append(" | ")
                            .append(us)
                            .append(" | ")
                            .append(warm.microsPerScore().getOrDefault(g, 0L))
                            .append(" |\n"));
            split.append("| **tool threads together** (excl. GC/JIT) | **")
                    .append(fresh.toolMicros())
                    .append("** | **")
                    .append(warm.toolMicros())
                    .append("** |\n");
            split.append(String.format(
                    Locale.ROOT,
                    "%nWarm node (the same node, %d more scores submitted while it runs): "
                            + "**%.0f scores per second**, %.0f µs process CPU per score, %d delivered.%n",
                    SCORES,
                    warm.perSecond(),
                    warm.cpuMicrosPerScore(),
                    warm.delivered()));

            report.put("scores", SCORES);
            report.put("delivered", delivered);
            report.put("scoresPerSecond", Math.round(perSecond));
            report.put("cpuMicrosPerScoreWholeJvm", Math.round(cpuMicrosPerScore));
            report.put("tokenRequestsColdBurstOf32", coldTokens);
            report.put("tokenRequestsForRun", runTokens);
            report.put("tokenRequestsPer1000Scores", runTokens * 1000.0 / (2 * SCORES));
            report.put("duplicatesAtPlatform", ags.conflicts.get());
            StringBuilder dbLines = new StringBuilder();
            Map<String, Object> dbPerScore = new LinkedHashMap<>();
            dbAfter.forEach((k, v) -> {
                double per = (v - dbBefore.getOrDefault(k, 0L)) / (double) SCORES;
                dbPerScore.put(k, Math.round(per * 100) / 100.0);
                dbLines.append(String.format(
                        Locale.ROOT, "| database %s per score, fresh node (intake included) | %.2f |%n", k, per));
            });
            report.put("databasePerScoreFreshNode", dbPerScore);
            String md = "# Grade delivery benchmark\n\n" + BenchReport.machineLine() + "\n\n"
                    + (kind == TestDatabase.Kind.H2 ? "H2 (embedded)" : "PostgreSQL (loopback)")
                    + ", one Tomcat node, grading.concurrency=32, batch=128; emulated AGS platform on loopback "
                    + "in the same JVM, warmed with " + SCORES + " score posts of its own before the fresh node "
                    + "starts.\n\n"
                    + "| figure | value |\n|---|---|\n"
                    + "| scores delivered | " + delivered + " of " + SCORES + " |\n"
                    + String.format(
                            Locale.ROOT, "| scores per second, fresh node (1%%–99%% of the run) | %.0f |%n", perSecond)
                    + String.format(
                            Locale.ROOT,
                            "| process CPU per delivered score, fresh node (tool + emulator + test JVM) | %.0f µs |%n",
                            cpuMicrosPerScore)
                    + "| token requests, 32 submissions at once, cold cache | " + coldTokens + " |\n"
                    + "| token requests for both runs (cold cache) | " + runTokens + " |\n"
                    + String.format(
                            Locale.ROOT,
                            "| token requests per 1,000 scores | %.2f |%n",
                            runTokens * 1000.0 / (2 * SCORES))
                    + "| 409 answers (repeats recognised by the platform) | " + ags.conflicts.get() + " |\n"
                    + dbLines
                    + split;
            Files.writeString(BenchReport.dir().resolve("grades-report" + suffix + ".md"), md);
            Files.writeString(BenchReport.dir().resolve("grades-report" + suffix + ".json"), BenchReport.json(report));
            System.out.println(md);
        } finally {
            TomcatServer.deleteRecursively(dir.toFile());
        }
    }
}
