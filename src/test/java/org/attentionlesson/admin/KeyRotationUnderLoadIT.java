package org.attentionlesson.admin;

import static org.attentionlesson.grading.GradeFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.attentionlesson.grading.AgsPlatform;
import org.attentionlesson.grading.GradeFixture;
import org.attentionlesson.grading.GradeFixture.Launch;
import org.attentionlesson.grading.GradeFixture.Submission;
import org.attentionlesson.registration.ToolClient;
import org.attentionlesson.support.TestDatabase;
import org.attentionlesson.support.TestPlatform;
import org.attentionlesson.support.TomcatServer;
import org.junit.jupiter.api.Test;

/**
 * Key rotation while launches and score deliveries run (issue 5). The tool key is rotated through the admin API
 * ({@code POST /admin/api/keys/rotate}, BASIC auth as an {@code lti-admin}) again and again while two threads
 * launch and scores stream into the outbox. The emulated platform's token endpoint verifies every client assertion
 * against the tool's JWKS, which it caches for a fixed time and does not re-fetch for an unknown key id meanwhile
 * (the strict kind of platform). Its tokens live one second, so the tool signs a new assertion about every second,
 * with whichever key is current.
 *
 * <p>The grace period (3 s here, {@code attention.keyRotationGraceSeconds}; 60 minutes by default) is longer than
 * the platform's cache (2 s), so a new key is always in the platform's cached JWKS before it signs anything: no
 * assertion is refused, no launch fails, every score arrives once. The second test is the control: with grace 0
 * the same platform refuses the new key until its cache expires (the score still arrives, by retrying).
 */
class KeyRotationUnderLoadIT {
    private static final Map<String, String> ADMIN = Map.of("root", "s3cret");

    private record Setup(Path dir, TestDatabase db, TestPlatform platform, AgsPlatform ags, TomcatServer tool)
            implements AutoCloseable {
        static Setup start(String name, Duration platformJwksCache) throws Exception {
            Path dir = Files.createTempDirectory("key-rotation-");
            TestDatabase db = TestDatabase.h2(dir);
            TestPlatform platform = TestPlatform.start(name);
            AgsPlatform ags = AgsPlatform.start(16);
            Map<String, String> params = new HashMap<>(GradeFixture.fastGrading());
            params.putAll(db.params());
            params.put(
                    "attention.registrationsFile",
                    GradeFixture.registrationsFile(dir, platform, ags, null).toString());
            params.put("attention.keyRotationGraceSeconds", "3");
            TomcatServer tool = TomcatServer.start(0, params, ADMIN);
            ags.verifyAssertionsWith(tool.baseUrl() + "/.well-known/jwks.json");
            ags.jwksCacheTtl = platformJwksCache;
            ags.tokenLifetimeSeconds = 1;
            return new Setup(dir, db, platform, ags, tool);
        }

        String rotate(String body) throws Exception {
            HttpResponse<String> r =
                    new ToolClient(tool.baseUrl(), "root", "s3cret").postJson("/admin/api/keys/rotate", body);
            assertEquals(200, r.statusCode(), r.body());
            return r.body();
        }

        long delivered() {
            return db.longQuery("SELECT COUNT(*) FROM grade_outbox WHERE status = 'DELIVERED'");
        }

        @Override
        public void close() {
            tool.close();
            ags.close();
            platform.close();
            db.close();
            TomcatServer.deleteRecursively(dir.toFile());
        }
    }

    @Test
    void rotatingTheToolKeyWhileLaunchesAndScoreDeliveriesRunFailsNothing() throws Exception {
        try (Setup s = Setup.start("rotation-client", Duration.ofSeconds(2))) {
            Launch launch = GradeFixture.launch(
                    s.tool().baseUrl(), s.platform(), s.db(), "rot-0", GradeFixture.LEARNER, "link-1", s.ags(), 1);
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger launches = new AtomicInteger();
            List<String> launchFailures = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger submitted = new AtomicInteger();
            ExecutorService load = Executors.newFixedThreadPool(3);
            try {
                for (int t = 0; t < 2; t++) {
                    int thread = t;
                    load.execute(() -> {
                        for (int i = 0; running.get(); i++) {
                            try {
                                GradeFixture.launch(
                                        s.tool().baseUrl(),
                                        s.platform(),
                                        s.db(),
                                        "rot-launcher-" + thread + "-" + i,
                                        GradeFixture.LEARNER,
                                        "link-1",
                                        s.ags(),
                                        1);
                                launches.incrementAndGet();
                                Thread.sleep(50); // a steady stream, not a flood: the machine is shared
                            } catch (InterruptedException e) {
                                return;
                            } catch (Throwable e) {
                                launchFailures.add(e.toString());
                            }
                        }
                    });
                }
                load.execute(() -> {
                    while (running.get()) {
                        List<Submission> batch = new ArrayList<>();
                        for (int i = 0; i < 4; i++) {
                            int n = submitted.getAndIncrement();
                            batch.add(new Submission(launch.launchId(), "rot-score-" + n, "link-1", n % 11, 10));
                        }
                        GradeFixture.submit(s.db(), batch);
                        try {
                            Thread.sleep(200);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
                Set<String> kids = new HashSet<>();
                for (int r = 0; r < 6; r++) {
                    Thread.sleep(2000);
                    String reply = s.rotate("{}"); // the configured grace: 3 s
                    kids.add(reply.replaceAll("(?s).*\"kid\"\\s*:\\s*\"([^\"]+)\".*", "$1"));
                }
                Thread.sleep(4000); // the last key starts signing too
                assertEquals(6, kids.size(), "six rotations, six new keys");
            } finally {
                running.set(false);
                load.shutdown();
                assertTrue(load.awaitTermination(60, TimeUnit.SECONDS));
            }
            int scores = submitted.get();
            await("all " + scores + " scores delivered", Duration.ofSeconds(90), () -> s.delivered() == scores);

            assertEquals(List.of(), launchFailures, "no launch failed");
            assertTrue(launches.get() >= 10, "launches kept running: " + launches.get());
            Set<String> users = new HashSet<>();
            for (AgsPlatform.Received r : s.ags().accepted()) {
                assertTrue(users.add(r.body().get("userId").asText()), "delivered twice: " + r.body());
            }
            assertEquals(scores, users.size(), "every score arrived once");
            assertEquals(0, s.ags().assertionsRefused.get(), "no client assertion was refused across the rotations");
            assertTrue(
                    s.ags().assertionKids.size() >= 4,
                    "assertions were signed with several keys in turn: " + s.ags().assertionKids);
            assertTrue(
                    s.ags().jwksFetches.get() >= 3, "the platform re-fetched its cached JWKS: " + s.ags().jwksFetches);
            assertEquals(0, s.db().longQuery("SELECT COUNT(*) FROM grade_outbox WHERE status = 'FAILED'"));
            System.out.println("Key rotation under load: " + launches.get() + " launches, " + scores + " scores, "
                    + s.ags().tokenRequests.get() + " token requests signed with "
                    + s.ags().assertionKids.size()
                    + " keys, " + s.ags().jwksFetches.get() + " JWKS fetches by the platform, 0 refused");
        }
    }

    @Test
    void withoutAGracePeriodAPlatformThatCachesOurJwksRefusesTheNewKeyUntilItsCacheExpires() throws Exception {
        try (Setup s = Setup.start("rotation-control-client", Duration.ofSeconds(8))) {
            Launch launch = GradeFixture.launch(
                    s.tool().baseUrl(), s.platform(), s.db(), "ctl-0", GradeFixture.LEARNER, "link-1", s.ags(), 1);
            GradeFixture.submit(s.db(), List.of(new Submission(launch.launchId(), "ctl-1", "link-1", 5, 10)));
            await("first score", Duration.ofSeconds(30), () -> s.delivered() == 1); // the platform now caches our JWKS
            s.rotate("{\"graceMinutes\": 0}"); // the new key signs at once
            Thread.sleep(1100); // the one-second token has expired: the next score needs a new assertion
            GradeFixture.submit(s.db(), List.of(new Submission(launch.launchId(), "ctl-2", "link-1", 6, 10)));
            await(
                    "the new key refused by the caching platform",
                    Duration.ofSeconds(10),
                    () -> s.ags().assertionsRefused.get() > 0);
            await("second score after the platform's cache expired", Duration.ofSeconds(30), () -> s.delivered() == 2);
            assertEquals(1, s.ags().acceptedFor("ctl-2").size());
        }
    }
}
