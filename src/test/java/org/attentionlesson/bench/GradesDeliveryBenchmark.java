package org.attentionlesson.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
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
import org.attentionlesson.support.TomcatServer;
import org.attentionlesson.support.TestPlatform;
import org.junit.jupiter.api.Test;

/**
 * Grade delivery throughput (issue 4 benchmark): scores per second from the outbox to an emulated AGS endpoint on
 * loopback, CPU per delivered score, and token requests per 1,000 scores, including 32 submissions at once with a
 * cold token cache. Writes {@code grades-report.md} and {@code grades-report.json} under the bench directory.
 * Measures and reports; asserts nothing about timings.
 */
class GradesDeliveryBenchmark {
    private static final int SCORES = Integer.getInteger("attention.bench.grades", 5000);

    private record Sample(long nanos, long cpuNanos, int accepted) {
    }

    @Test
    void deliverScoresToTheEmulatedPlatform() throws Exception {
        Path dir = Files.createTempDirectory("grades-bench-");
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("machine", BenchReport.machine());
        try (TestDatabase db = TestDatabase.h2(dir); TestPlatform platform = TestPlatform.start("bench-client");
                AgsPlatform ags = AgsPlatform.start(32)) {
            Map<String, String> params = new HashMap<>(GradeFixture.fastGrading());
            params.putAll(db.params());
            params.put("grading.pollMillis", "20");
            params.put("grading.batch", "128");
            params.put("grading.concurrency", "32");
            params.put("attention.registrationsFile", GradeFixture.registrationsFile(dir, platform, ags, null).toString());

            // 1. Cold cache: 32 submissions at once on a fresh node.
            Launch launch;
            int coldTokens;
            try (TomcatServer first = TomcatServer.start(0, params)) {
                launch = GradeFixture.launch(first.baseUrl(), platform, db, "bench-0", GradeFixture.LEARNER, "link-1", ags, 1);
                List<Submission> burst = new ArrayList<>();
                for (int i = 0; i < 32; i++) {
                    burst.add(new Submission(launch.launchId(), "burst-" + i, "link-1", i % 10, 10));
                }
                GradeFixture.submit(db, burst);
                GradeFixture.await("32 delivered", Duration.ofSeconds(60), () -> ags.accepted().size() >= 32);
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
            int tokensBefore = ags.tokenRequests.get();
            int acceptedBefore = ags.accepted().size();
            List<Sample> samples = new ArrayList<>();
            try (TomcatServer second = TomcatServer.start(0, params)) {
                long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
                while (System.nanoTime() < deadline) {
                    int done = ags.accepted().size() - acceptedBefore;
                    samples.add(new Sample(System.nanoTime(), os.getProcessCpuTime(), done));
                    if (done >= SCORES) {
                        break;
                    }
                    Thread.sleep(50);
                }
            }
            int delivered = ags.accepted().size() - acceptedBefore;
            Sample start = samples.stream().filter(s -> s.accepted() >= Math.max(1, SCORES / 100)).findFirst().orElseThrow();
            Sample end = samples.stream().filter(s -> s.accepted() >= SCORES * 99 / 100).findFirst().orElseThrow();
            double seconds = (end.nanos() - start.nanos()) / 1e9;
            int counted = end.accepted() - start.accepted();
            double perSecond = counted / seconds;
            double cpuMicrosPerScore = (end.cpuNanos() - start.cpuNanos()) / 1e3 / counted;
            int runTokens = ags.tokenRequests.get() - tokensBefore;

            report.put("scores", SCORES);
            report.put("delivered", delivered);
            report.put("scoresPerSecond", Math.round(perSecond));
            report.put("cpuMicrosPerScoreWholeJvm", Math.round(cpuMicrosPerScore));
            report.put("tokenRequestsColdBurstOf32", coldTokens);
            report.put("tokenRequestsForRun", runTokens);
            report.put("tokenRequestsPer1000Scores", runTokens * 1000.0 / SCORES);
            report.put("duplicatesAtPlatform", ags.conflicts.get());
            String md = "# Grade delivery benchmark\n\n" + BenchReport.machineLine() + "\n\n"
                    + "H2 (embedded), one Tomcat node, grading.concurrency=32, batch=128; emulated AGS platform on loopback "
                    + "in the same JVM.\n\n"
                    + "| figure | value |\n|---|---|\n"
                    + "| scores delivered | " + delivered + " of " + SCORES + " |\n"
                    + String.format(Locale.ROOT, "| scores per second (1%%–99%% of the run) | %.0f |%n", perSecond)
                    + String.format(Locale.ROOT, "| process CPU per delivered score (tool + emulator + test JVM) | %.0f µs |%n",
                            cpuMicrosPerScore)
                    + "| token requests, 32 submissions at once, cold cache | " + coldTokens + " |\n"
                    + "| token requests for the whole run (cold cache) | " + runTokens + " |\n"
                    + String.format(Locale.ROOT, "| token requests per 1,000 scores | %.2f |%n", runTokens * 1000.0 / SCORES)
                    + "| 409 answers (repeats recognised by the platform) | " + ags.conflicts.get() + " |\n";
            Files.writeString(BenchReport.dir().resolve("grades-report.md"), md);
            Files.writeString(BenchReport.dir().resolve("grades-report.json"), BenchReport.json(report));
            System.out.println(md);
        } finally {
            TomcatServer.deleteRecursively(dir.toFile());
        }
    }
}
