package org.attentionlesson.grading;

import static org.attentionlesson.grading.GradeFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.attentionlesson.grading.GradeFixture.Launch;
import org.attentionlesson.grading.GradeFixture.Submission;
import org.attentionlesson.support.TestDatabase;
import org.attentionlesson.support.TestPlatform;
import org.attentionlesson.support.TomcatServer;
import org.junit.jupiter.api.Test;

/** Rows survive a restart (H2), and two nodes on one PostgreSQL deliver every score once when one dies. */
class GradeRestartAndMultiNodeIT {

    private static void assertEachOnce(AgsPlatform ags, String prefix, int n) {
        Set<String> users = new HashSet<>();
        for (AgsPlatform.Received r : ags.accepted()) {
            String u = r.body().get("userId").asText();
            if (u.startsWith(prefix)) {
                assertTrue(users.add(u), "delivered twice: " + u);
            }
        }
        assertEquals(n, users.size());
    }

    @Test
    void rowsPendingWhenTomcatStopsAreDeliveredAfterItStartsAgain() throws Exception {
        Path dir = Files.createTempDirectory("grades-restart-");
        try (TestDatabase db = TestDatabase.h2(dir); TestPlatform platform = TestPlatform.start("restart-client");
                AgsPlatform ags = AgsPlatform.start(8)) {
            Map<String, String> params = new HashMap<>(GradeFixture.fastGrading());
            params.putAll(db.params());
            params.put("attention.registrationsFile", GradeFixture.registrationsFile(dir, platform, ags, null).toString());
            ags.unavailableUntil = Instant.now().plusSeconds(3600);
            TomcatServer first = TomcatServer.start(0, params);
            Launch launch;
            try {
                launch = GradeFixture.launch(first.baseUrl(), platform, db, "restart-0", GradeFixture.LEARNER, "link-1", ags, 1);
                List<Submission> batch = new ArrayList<>();
                for (int i = 0; i < 30; i++) {
                    batch.add(new Submission(launch.launchId(), "restart-" + i, "link-1", i % 10, 10));
                }
                GradeFixture.submit(db, batch);
                await("tries during the outage", Duration.ofSeconds(10),
                        () -> db.longQuery("SELECT COUNT(*) FROM grade_outbox WHERE tries > 0") >= 30);
            } finally {
                first.close();
            }
            assertEquals(30, db.longQuery("SELECT COUNT(*) FROM grade_outbox WHERE status = 'PENDING'"));
            ags.unavailableUntil = Instant.EPOCH;
            try (TomcatServer second = TomcatServer.start(0, params)) {
                await("all 30 delivered after the restart", Duration.ofSeconds(30),
                        () -> db.longQuery("SELECT COUNT(*) FROM grade_outbox WHERE status = 'DELIVERED'") == 30);
            }
            assertEachOnce(ags, "restart-", 30);
        } finally {
            TomcatServer.deleteRecursively(dir.toFile());
        }
    }

    @Test
    void twoNodesOnPostgresDeliverEachOf500ScoresOnceWhenOneIsKilledMidRun() throws Exception {
        Path dir = Files.createTempDirectory("grades-multinode-");
        try (TestDatabase db = TestDatabase.postgres(); TestPlatform platform = TestPlatform.start("multi-client");
                AgsPlatform ags = AgsPlatform.start(16)) {
            Map<String, String> params = new HashMap<>(GradeFixture.fastGrading());
            params.putAll(db.params());
            params.put("grading.batch", "8");
            params.put("attention.registrationsFile", GradeFixture.registrationsFile(dir, platform, ags, null).toString());
            Map<String, String> a = new HashMap<>(params);
            a.put("attention.nodeName", "node-a");
            Map<String, String> b = new HashMap<>(params);
            b.put("attention.nodeName", "node-b");
            TomcatServer nodeA = TomcatServer.start(0, a);
            try (TomcatServer nodeB = TomcatServer.start(0, b)) {
                Launch onA = GradeFixture.launch(nodeA.baseUrl(), platform, db, "multi-a", GradeFixture.LEARNER, "link-1", ags, 1);
                Launch onB = GradeFixture.launch(nodeB.baseUrl(), platform, db, "multi-b", GradeFixture.LEARNER, "link-1", ags, 1);
                ags.slowMillis = 20; // deliveries take a while, so node A dies with rows in flight
                for (int chunk = 0; chunk < 10; chunk++) {
                    List<Submission> batch = new ArrayList<>();
                    for (int i = 0; i < 50; i++) {
                        int n = chunk * 50 + i;
                        batch.add(new Submission(n % 2 == 0 ? onA.launchId() : onB.launchId(), "multi-" + n, "link-1",
                                n % 10, 10));
                    }
                    GradeFixture.submit(db, batch);
                    if (chunk == 4) {
                        await("deliveries under way", Duration.ofSeconds(20), () -> ags.accepted().size() >= 100);
                        nodeA.close(); // node A stops mid-delivery: its leased rows must go out through node B
                    }
                }
                await("all 500 delivered", Duration.ofSeconds(90),
                        () -> db.longQuery("SELECT COUNT(*) FROM grade_outbox WHERE status = 'DELIVERED'") == 500);
                ags.slowMillis = 0;
                assertEachOnce(ags, "multi-", 500);
                assertEquals(500, db.count("grade_outbox"), "one outbox row per submission");
            } finally {
                try {
                    nodeA.close();
                } catch (RuntimeException ignored) {
                    // already stopped
                }
            }
        } finally {
            TomcatServer.deleteRecursively(dir.toFile());
        }
    }
}
