package org.attentionlesson.grading;

import static org.attentionlesson.grading.GradeFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import org.attentionlesson.support.LtiHttp;
import org.attentionlesson.support.TestDatabase;
import org.attentionlesson.support.TestPlatform;
import org.attentionlesson.support.TomcatServer;
import org.attentionlesson.web.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Grades over real HTTP on H2: the WAR in Tomcat, an emulated AGS platform on another loopback port. Each test
 * uses its own students (and links where the line item matters), so they share one server.
 */
class GradeDeliveryIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Path dir;
    private static TestDatabase db;
    private static TestPlatform platform;
    private static AgsPlatform ags;
    private static TomcatServer server;
    private static Launch link1;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("grades-it-");
        db = TestDatabase.h2(dir);
        platform = TestPlatform.start("grades-client");
        ags = AgsPlatform.start(24);
        Map<String, String> params = new HashMap<>(GradeFixture.fastGrading());
        params.putAll(db.params());
        params.put(
                "attention.registrationsFile",
                GradeFixture.registrationsFile(dir, platform, ags, null).toString());
        server = TomcatServer.start(0, params, Map.of("grades-admin", "grades-admin-pw"));
        ags.verifyAssertionsWith(server.baseUrl() + "/.well-known/jwks.json");
        link1 = launch("student-volume", "link-1", 1);
    }

    @AfterAll
    static void stop() {
        server.close();
        ags.close();
        platform.close();
        db.close();
        TomcatServer.deleteRecursively(dir.toFile());
    }

    @BeforeEach
    void healthyPlatform() {
        ags.reset();
    }

    private static Launch launch(String subject, String link, Integer lineItem) {
        return GradeFixture.launch(server.baseUrl(), platform, db, subject, GradeFixture.LEARNER, link, ags, lineItem);
    }

    private static JsonNode call(String method, String path, String lt) throws Exception {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                        .header("Authorization", "Bearer " + lt)
                        .header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), method + " " + path + ": " + r.body());
        return Json.parse(r.body());
    }

    private static String status(String lt) throws Exception {
        return call("GET", "/api/grade-status", lt).path("state").asText();
    }

    private static long outbox(String where, Object... args) {
        return db.longQuery("SELECT COUNT(*) FROM grade_outbox WHERE " + where, args);
    }

    @Test
    void theAdminConsoleShowsWhenThePlatformLastAcceptedAScore() throws Exception {
        GradeFixture.submit(db, List.of(new Submission(link1.launchId(), "student-admin-view", "link-1", 7, 10)));
        await(
                "the score at the platform",
                Duration.ofSeconds(15),
                () -> !ags.acceptedFor("student-admin-view").isEmpty());
        await(
                "the row delivered",
                Duration.ofSeconds(5),
                () -> outbox("subject = ? AND status = 'DELIVERED'", "student-admin-view") == 1);
        String auth = "Basic "
                + java.util.Base64.getEncoder()
                        .encodeToString(
                                "grades-admin:grades-admin-pw".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        HttpResponse<String> page = HTTP.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/admin/"))
                        .header("Authorization", auth)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Last score delivered: ([^<]*)<")
                .matcher(page.body());
        assertTrue(m.find(), page.body());
        assertTrue(
                !m.group(1).trim().equals("never") && m.group(1).matches(".*\\d.*"),
                "the console shows the time of the last accepted score, not 'never': " + m.group(1));
    }

    @Test
    void aStudentsSubmittedScoreArrivesWithEveryFieldRight() throws Exception {
        Launch launch = launch("student-e2e", "link-1", 1);
        JsonNode attempt = call("POST", "/api/exercise/attempts", launch.lt());
        long id = attempt.get("attemptId").asLong();
        boolean first = true;
        for (JsonNode item : attempt.get("items")) {
            int pronoun = item.get("pronoun").asInt();
            List<Integer> choices = new ArrayList<>();
            // A locked second twin arrives without its words; any two positions other than the pronoun are legal.
            for (int i = 0; i < Math.max(item.get("tokens").size(), 3) && choices.size() < 2; i++) {
                if (i != pronoun) {
                    choices.add(i);
                }
            }
            // Any legal answer will do: the score is whatever the server computes.
            HttpResponse<String> r = HTTP.send(
                    HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/exercise/attempts/" + id + "/items/"
                                    + item.get("id").asText()))
                            .header("Authorization", "Bearer " + launch.lt())
                            .header("Content-Type", "application/json")
                            .PUT(HttpRequest.BodyPublishers.ofString("{\"antecedent\":" + choices.get(first ? 0 : 1)
                                    + ",\"cue\":" + choices.get(first ? 1 : 0) + "}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            first = !first;
        }
        JsonNode submitted = call("POST", "/api/exercise/attempts/" + id + "/submit", launch.lt());
        Instant submittedAt = Instant.now();

        // The attempt's progress may arrive first (GradeProgressIT); the score is the Completed post.
        await(
                "the score at the platform",
                Duration.ofSeconds(15),
                () -> ags.acceptedFor("student-e2e").stream()
                        .anyMatch(
                                r -> r.body().path("activityProgress").asText().equals("Completed")));
        AgsPlatform.Received got = ags.acceptedFor("student-e2e").stream()
                .filter(r -> r.body().path("activityProgress").asText().equals("Completed"))
                .findFirst()
                .orElseThrow();
        JsonNode s = got.body();
        assertEquals(1, got.lineItem());
        assertEquals("type_id=1", got.query(), "the line item URL's query is kept when /scores is added");
        assertEquals(AgsPlatform.SCORE_TYPE, got.contentType());
        assertNotNull(got.userAgent());
        assertEquals("student-e2e", s.get("userId").asText());
        assertEquals(submitted.get("points").asDouble(), s.get("scoreGiven").asDouble(), 1e-9);
        assertEquals(
                submitted.get("maxPoints").asDouble(), s.get("scoreMaximum").asDouble(), 1e-9);
        assertEquals("Completed", s.get("activityProgress").asText());
        assertEquals("FullyGraded", s.get("gradingProgress").asText());
        assertTrue(
                s.get("timestamp").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"),
                s.toString());
        assertTrue(Duration.between(Instant.parse(s.get("timestamp").asText()), submittedAt)
                        .abs()
                        .getSeconds()
                < 10);
        assertTrue(s.get("comment").asText().startsWith("Attempt 1"), s.toString());
        assertTrue(ags.userAgents.stream().allMatch(ua -> ua != null && ua.startsWith("AttentionLessonLTI/")));
        await("status sent", Duration.ofSeconds(5), () -> {
            try {
                return status(launch.lt()).equals("sent");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        // The token is reused across many scores.
        int tokensBefore = ags.tokenRequests.get();
        List<Submission> more = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            more.add(new Submission(link1.launchId(), "reuse-" + i, "link-1", i % 10, 10));
        }
        GradeFixture.submit(db, more);
        await("40 more scores", Duration.ofSeconds(20), () -> ags.accepted().size() >= 41);
        assertEquals(tokensBefore, ags.tokenRequests.get(), "no new token for 40 more scores");
    }

    @Test
    void deliversAll200AfterThePlatformRecoversFrom503AndNoneTwice() {
        ags.unavailableUntil = Instant.now().plusSeconds(4);
        List<Submission> batch = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            batch.add(new Submission(link1.launchId(), "outage-" + i, "link-1", i % 11, 10));
        }
        GradeFixture.submit(db, batch);
        await(
                "some tries during the outage",
                Duration.ofSeconds(10),
                () -> outbox("subject LIKE 'outage-%' AND tries > 0") > 0);
        assertEquals(0, ags.accepted().size(), "nothing gets through while the platform answers 503");
        await(
                "all 200 delivered",
                Duration.ofSeconds(60),
                () -> outbox("subject LIKE 'outage-%' AND status = 'DELIVERED'") == 200);
        Set<String> users = new HashSet<>();
        for (AgsPlatform.Received r : ags.accepted()) {
            assertTrue(users.add(r.body().get("userId").asText()), "delivered twice: " + r.body());
        }
        assertEquals(200, users.size());
    }

    @Test
    void honoursRetryAfterOn429() {
        ags.retryAfterSeconds = 2;
        ags.throttleNext.set(1);
        Instant submitted = Instant.now();
        GradeFixture.submit(db, List.of(new Submission(link1.launchId(), "throttled", "link-1", 7, 10)));
        await(
                "the score after the wait",
                Duration.ofSeconds(15),
                () -> !ags.acceptedFor("throttled").isEmpty());
        Duration waited =
                Duration.between(submitted, ags.acceptedFor("throttled").get(0).at());
        assertTrue(waited.toMillis() >= 1900, "waited only " + waited.toMillis() + " ms after a Retry-After of 2 s");
        assertEquals(
                2,
                db.longQuery("SELECT tries FROM grade_outbox WHERE subject = 'throttled'"),
                "one 429, then delivered");
    }

    @Test
    void refreshesAnExpiredTokenOnceOn401() {
        int before = ags.tokenRequests.get();
        ags.refuseTokensNext.set(1);
        GradeFixture.submit(db, List.of(new Submission(link1.launchId(), "expired-token", "link-1", 5, 10)));
        await(
                "the score with a fresh token",
                Duration.ofSeconds(15),
                () -> !ags.acceptedFor("expired-token").isEmpty());
        assertEquals(before + 1, ags.tokenRequests.get(), "exactly one new token after the 401");
        assertEquals(1, outbox("subject = 'expired-token' AND status = 'DELIVERED'"));
    }

    @Test
    void slowRepliesBeyondTheTimeoutAreRetriedAndArriveOnce() {
        ags.slowNext.set(1); // the first call sleeps 3 s; the tool gives up after 1.5 s
        GradeFixture.submit(db, List.of(new Submission(link1.launchId(), "slow-reply", "link-1", 9, 10)));
        await(
                "delivered after the timeout",
                Duration.ofSeconds(20),
                () -> outbox("subject = 'slow-reply' AND status = 'DELIVERED'") == 1);
        assertTrue(db.longQuery("SELECT tries FROM grade_outbox WHERE subject = 'slow-reply'") >= 2);
        await("the slow call finishing at the platform", Duration.ofSeconds(5), () -> ags.scoreRequests.get() >= 2);
        assertEquals(1, ags.acceptedFor("slow-reply").size(), "the platform holds it once");
    }

    @Test
    void aDeletedLineItemFailsVisiblyWithThePlatformsReasonAndCanBeRetried() throws Exception {
        Launch student = launch("student-deleted", "link-deleted", 55); // line item 55 does not exist (deleted)
        GradeFixture.submit(db, List.of(new Submission(student.launchId(), "student-deleted", "link-deleted", 6, 10)));
        await("failed", Duration.ofSeconds(10), () -> outbox("subject = 'student-deleted' AND status = 'FAILED'") == 1);
        assertEquals("delayed", status(student.lt()));

        Launch teacher = GradeFixture.launch(
                server.baseUrl(), platform, db, "teacher-1", GradeFixture.INSTRUCTOR, "link-deleted", ags, 55);
        LtiHttp http = new LtiHttp(server.baseUrl());
        HttpResponse<String> page = http.get("/instructor/grades?lt=" + teacher.lt());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("student-deleted"), page.body());
        assertTrue(
                page.body().contains("<span class=\"student-name\">Ada &lt;b&gt;Lovelace&lt;/b&gt;</span>"),
                "the student's name from their launch, escaped: " + page.body());
        assertTrue(page.body().contains("HTTP 404"), "the reason is shown as a plain status line");
        assertFalse(page.body().contains("was deleted"), "the platform's own words are not echoed");
        assertTrue(page.body().contains("Retry now"));
        assertEquals(403, http.get("/instructor/grades?lt=" + student.lt()).statusCode(), "students cannot see it");

        long id = db.longQuery("SELECT id FROM grade_outbox WHERE subject = 'student-deleted'");
        long triesBefore = db.longQuery("SELECT tries FROM grade_outbox WHERE id = ?", id);
        HttpResponse<String> retry =
                http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/instructor/grades"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                LtiHttp.form(Map.of("lt", teacher.lt(), "action", "retry", "id", String.valueOf(id)))))
                        .build());
        assertEquals(303, retry.statusCode());
        await(
                "tried again",
                Duration.ofSeconds(10),
                () -> db.longQuery("SELECT tries FROM grade_outbox WHERE id = ?", id) > triesBefore
                        && outbox("id = ? AND status = 'FAILED'", id) == 1);
    }

    @Test
    void aUserWhoIsNotAStudentIsAPermanentFailureWithTheReason() {
        ags.notStudents.add("teacher-graded");
        GradeFixture.submit(db, List.of(new Submission(link1.launchId(), "teacher-graded", "link-1", 6, 10)));
        await("failed", Duration.ofSeconds(10), () -> outbox("subject = 'teacher-graded' AND status = 'FAILED'") == 1);
        assertEquals(422, db.longQuery("SELECT last_http_status FROM grade_outbox WHERE subject = 'teacher-graded'"));
        assertEquals(
                1,
                db.longQuery("SELECT COUNT(*) FROM grade_outbox WHERE subject = 'teacher-graded' "
                        + "AND last_error LIKE '%HTTP 422%' AND last_error NOT LIKE '%is not a student%'"));
    }

    @Test
    void aLaunchWithoutGradeServiceKeepsTheScoreHereOnly() throws Exception {
        Launch local = GradeFixture.launch(
                server.baseUrl(), platform, db, "student-local", GradeFixture.LEARNER, "link-local", null, null);
        GradeFixture.submit(db, List.of(new Submission(local.launchId(), "student-local", "link-local", 8, 10)));
        await(
                "kept locally",
                Duration.ofSeconds(10),
                () -> outbox("subject = 'student-local' AND status = 'LOCAL_ONLY'") == 1);
        assertEquals("local", status(local.lt()));
        assertTrue(ags.acceptedFor("student-local").isEmpty());
    }

    @Test
    void bestLatestAndFirstPoliciesNeverPostTheWrongScore() throws Exception {
        Map<String, double[]> sequences =
                Map.of("BEST", new double[] {6, 4, 8}, "LATEST", new double[] {8, 4}, "FIRST", new double[] {6, 9});
        Map<String, double[]> expectedSent =
                Map.of("BEST", new double[] {6, 8}, "LATEST", new double[] {8, 4}, "FIRST", new double[] {6});
        for (String policy : List.of("BEST", "LATEST", "FIRST")) {
            String link = "link-policy-" + policy;
            String user = "policy-" + policy;
            Launch student = launch(user, link, 1);
            if (!policy.equals("BEST")) { // best is the default
                Launch teacher = GradeFixture.launch(
                        server.baseUrl(), platform, db, "teacher-" + policy, GradeFixture.INSTRUCTOR, link, ags, 1);
                HttpResponse<String> set = new LtiHttp(server.baseUrl())
                        .send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/instructor/grades"))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        LtiHttp.form(Map.of("lt", teacher.lt(), "action", "policy", "policy", policy))))
                                .build());
                assertEquals(303, set.statusCode(), set.body());
            }
            double[] seq = sequences.get(policy);
            for (int i = 0; i < seq.length; i++) {
                GradeFixture.submit(db, List.of(new Submission(student.launchId(), user, link, seq[i], 10)));
                int rows = i + 1;
                await(
                        policy + " row " + rows + " settled",
                        Duration.ofSeconds(10),
                        () -> outbox("subject = ? AND status <> 'PENDING'", user) == rows);
            }
            List<Double> sent = ags.acceptedFor(user).stream()
                    .map(r -> r.body().get("scoreGiven").asDouble())
                    .toList();
            List<Double> expected = new ArrayList<>();
            for (double d : expectedSent.get(policy)) {
                expected.add(d);
            }
            assertEquals(expected, sent, policy);
        }
    }

    @Test
    void twentyConcurrentFirstSubmissionsCreateOneLineItem() {
        Launch launch = launch("creator-0", "link-new", null); // no lineitem claim: find or create in the container
        int created = ags.lineItemCreations.get();
        int itemsBefore = ags.lineItemCount();
        List<Submission> batch = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            batch.add(new Submission(launch.launchId(), "creator-" + i, "link-new", i % 10, 10));
        }
        GradeFixture.submit(db, batch);
        await(
                "all 20 delivered",
                Duration.ofSeconds(20),
                () -> outbox("subject LIKE 'creator-%' AND status = 'DELIVERED'") == 20);
        assertEquals(created + 1, ags.lineItemCreations.get(), "one line item created");
        assertEquals(itemsBefore + 1, ags.lineItemCount());
        Set<Integer> columns = new HashSet<>();
        ags.accepted().stream()
                .filter(r -> r.body().get("userId").asText().startsWith("creator-"))
                .forEach(r -> columns.add(r.lineItem()));
        assertEquals(1, columns.size(), "every score in the one new column");
        assertTrue(columns.iterator().next() > 100, "a created column, not the launch's");
    }
}
