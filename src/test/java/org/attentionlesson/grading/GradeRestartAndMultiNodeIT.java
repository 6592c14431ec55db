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
import org.attentionlesson.support.NodeProcess;
import org.attentionlesson.support.TestDatabase;
import org.attentionlesson.support.TestPlatform;
import org.attentionlesson.support.TomcatServer;
import org.junit.jupiter.api.Test;

/**
 * Rows survive a restart (H2), and two nodes on one PostgreSQL deliver every score once when one of them, a
 * separate JVM, is killed with SIGKILL mid-delivery.
 */
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
        try (TestDatabase db = TestDatabase.h2(dir);
                TestPlatform platform = TestPlatform.start("restart-client");
                AgsPlatform ags = AgsPlatform.start(8)) {
            Map<String, String> params = new HashMap<>(GradeFixture.fastGrading());
            params.putAll(db.params());
            params.put(
                    "attention.registrationsFile",
                    GradeFixture.registrationsFile(dir, platform, ags, null).toString());
            ags.unavailableUntil = Instant.now().plusSeconds(3600);
            TomcatServer first = TomcatServer.start(0, params);
            Launch launch;
            try {
                launch = GradeFixture.launch(
                        first.baseUrl(), platform, db, "restart-0", GradeFixture.LEARNER, "link-1", ags, 1);
                List<Submission> batch = new ArrayList<>();
                for (int i = 0; i < 30; i++) {
                    batch.add(new Submission(launch.launchId(), "restart-" + i, "link-1", i % 10, 10));
                }
                GradeFixture.submit(db, batch);
                await(
                        "tries during the outage",
                        Duration.ofSeconds(10),
                        () -> db.longQuery("SELECT COUNT(*) FROM grade_outbox WHERE tries > 0") >= 30);
            } finally {
                first.close();
            }
            assertEquals(30, db.longQuery("SELECT COUNT(*) FROM grade_outbox WHERE status = 'PENDING'"));
            ags.unavailableUntil = Instant.EPOCH;
            try (TomcatServer second = TomcatServer.start(0, params)) {
                await(
                        "all 30 delivered after the restart",
                        Duration.ofSeconds(30),
                        () -> db.longQuery("SELECT COUNT(*) FROM grade_outbox WHERE status = 'DELIVERED'") == 30);
            }
            assertEachOnce(ags, "restart-", 30);
        } finally {
            TomcatServer.deleteRecursively(dir.toFile());
        }
    }

    /**
     * Two nodes on one PostgreSQL database, node A in its own JVM. 500 submissions spread over both; while node A
     * holds leased rows it is killed with SIGKILL (no shutdown, no lease released, no outcome written). Node B takes
     * A's rows over when their leases end: every score is in the gradebook exactly once, and the only repeats the
     * platform ever sees are rows A had leased when it died, each answered 409 (same timestamp) and so delivered.
     */
    @Test
    void twoNodesOnPostgresDeliverEachOf500ScoresOnceWhenOneIsKilledMidRun() throws Exception {
        Path dir = Files.createTempDirectory("grades-multinode-");
        try (TestDatabase db = TestDatabase.postgres();
                TestPlatform platform = TestPlatform.start("multi-client");
                AgsPlatform ags = AgsPlatform.start(16)) {
            Map<String, String> params = new HashMap<>(GradeFixture.fastGrading());
            params.putAll(db.params());
            params.put("attention.grading.batch", "8");
            params.put(
                    "attention.registrationsFile",
                    GradeFixture.registrationsFile(dir, platform, ags, null).toString());
            Map<String, String> a = new HashMap<>(params);
            a.put("attention.nodeName", "node-a");
            Map<String, String> b = new HashMap<>(params);
            b.put("attention.nodeName", "node-b");
            try (NodeProcess nodeA = NodeProcess.start(a, Duration.ofMinutes(3));
                    TomcatServer nodeB = TomcatServer.start(0, b)) {
                Launch onA = GradeFixture.launch(
                        nodeA.baseUrl(), platform, db, "multi-a", GradeFixture.LEARNER, "link-1", ags, 1);
                Launch onB = GradeFixture.launch(
                        nodeB.baseUrl(), platform, db, "multi-b", GradeFixture.LEARNER, "link-1", ags, 1);
                // Deliveries take a while, so node A dies with rows in flight. At 20 ms the platform's 16 threads
                // drained the first 250 rows in about 0.3 s, and the wait below could miss the moment when 100 were
                // in and node A still held leases; at 150 ms that moment lasts over a second.
                ags.slowMillis = 150;
                long leasedByA = -1;
                for (int chunk = 0; chunk < 10; chunk++) {
                    List<Submission> batch = new ArrayList<>();
                    for (int i = 0; i < 50; i++) {
                        int n = chunk * 50 + i;
                        batch.add(new Submission(
                                n % 2 == 0 ? onA.launchId() : onB.launchId(), "multi-" + n, "link-1", n % 10, 10));
                    }
                    GradeFixture.submit(db, batch);
                    if (chunk == 4) {
                        await(
                                "deliveries under way on node A",
                                Duration.ofSeconds(60),
                                () -> ags.acceptedCount() >= 100 && leasedBy(db, "node-a") > 0);
                        int exit = nodeA.kill(); // SIGKILL mid-delivery: its leased rows must go out through node B
                        leasedByA = leasedBy(db, "node-a");
                        assertTrue(leasedByA > 0, "node A held no leases when it was killed");
                        assertTrue(!nodeA.isAlive() && exit == 137, "node A killed by SIGKILL, exit " + exit);
                    }
                }
                await(
                        "all 500 delivered",
                        Duration.ofSeconds(120),
                        () -> db.longQuery("SELECT COUNT(*) FROM grade_outbox WHERE status = 'DELIVERED'") == 500);
                ags.slowMillis = 0;
                assertEachOnce(ags, "multi-", 500);
                assertEquals(500, db.count("grade_outbox"), "one outbox row per submission");
                int repeats = 0;
                for (int n = 0; n < 500; n++) {
                    int posts = ags.postsFor("multi-" + n);
                    assertTrue(posts >= 1 && posts <= 2, "multi-" + n + " posted " + posts + " times");
                    repeats += posts - 1;
                }
                System.out.println("Node A killed (SIGKILL) holding " + leasedByA + " leased rows; " + repeats
                        + " of them had reached the platform and were repeated (409); 500 scores, each accepted once.");
                assertTrue(repeats <= leasedByA, repeats + " repeats, but node A held only " + leasedByA + " leases");
                assertEquals(repeats, ags.conflicts.get(), "every repeat was recognised by its timestamp (409)");
                assertEquals(0, db.longQuery("SELECT COUNT(*) FROM grade_outbox WHERE lease_owner IS NOT NULL"));
                assertTrue(db.longQuery(
                                "SELECT COUNT(*) FROM grade_outbox WHERE subject LIKE 'multi-%' "
                                        + "AND launch_id = ? AND status = 'DELIVERED'",
                                onA.launchId())
                        == 250);
            }
        } finally {
            TomcatServer.deleteRecursively(dir.toFile());
        }
    }

    /** Rows leased by a node whose name starts with {@code node} and still pending. */
    private static long leasedBy(TestDatabase db, String node) {
        return db.longQuery(
                "SELECT COUNT(*) FROM grade_outbox WHERE status = 'PENDING' AND lease_owner LIKE ?", node + "/%");
    }
}
