package org.attentionlesson.grading;

import static org.attentionlesson.grading.GradeFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.attentionlesson.grading.GradeFixture.Launch;
import org.attentionlesson.support.TestDatabase;
import org.attentionlesson.support.TestPlatform;
import org.attentionlesson.support.TomcatServer;
import org.attentionlesson.web.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An attempt's progress reaches the gradebook (AGS 2.0 Score service, activityProgress and gradingProgress,
 * https://www.imsglobal.org/spec/lti-ags/v2p0#score-publish-service): Started, then InProgress, then the Completed
 * score, in that order with rising timestamps; and nothing that would clear a score ever follows it. Over real HTTP on
 * H2: the WAR in Tomcat, an emulated AGS platform on another loopback port.
 */
class GradeProgressIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Path dir;
    private static TestDatabase db;
    private static TestPlatform platform;
    private static AgsPlatform ags;
    private static TomcatServer server;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("progress-it-");
        db = TestDatabase.h2(dir);
        platform = TestPlatform.start("progress-client");
        ags = AgsPlatform.start(24);
        Map<String, String> params = new HashMap<>(GradeFixture.fastGrading());
        params.putAll(db.params());
        params.put(
                "attention.registrationsFile",
                GradeFixture.registrationsFile(dir, platform, ags, null).toString());
        server = TomcatServer.start(0, params, Map.of());
        ags.verifyAssertionsWith(server.baseUrl() + "/.well-known/jwks.json");
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

    @Test
    void thePlatformHearsStartedThenInProgressThenCompletedAndNoLaterStartAfterTheScore() throws Exception {
        String user = "progress-in-order";
        Launch launch = GradeFixture.launch(
                server.baseUrl(), platform, db, user, GradeFixture.LEARNER, "link-progress", ags, 1);
        JsonNode attempt = call("POST", "/api/exercise/attempts", launch.lt(), null);
        long id = attempt.get("attemptId").asLong();
        await(
                "Started at the platform",
                Duration.ofSeconds(15),
                () -> posts(user).size() == 1);
        JsonNode started = posts(user).get(0);
        assertEquals(user, started.get("userId").asText());
        assertEquals("Started", started.get("activityProgress").asText());
        assertEquals("NotReady", started.get("gradingProgress").asText());
        assertFalse(started.has("scoreGiven"), "no score to clear the cell with: " + started);
        assertFalse(started.has("scoreMaximum"), started.toString());
        assertEquals("Attempt 1 started.", started.get("comment").asText());

        List<JsonNode> items = Json.MAPPER.convertValue(
                attempt.get("items"), Json.MAPPER.getTypeFactory().constructCollectionType(List.class, JsonNode.class));
        commit(launch, id, items.get(0));
        await(
                "InProgress at the platform",
                Duration.ofSeconds(15),
                () -> posts(user).size() == 2);
        JsonNode inProgress = posts(user).get(1);
        assertEquals("InProgress", inProgress.get("activityProgress").asText());
        assertEquals("NotReady", inProgress.get("gradingProgress").asText());
        assertFalse(inProgress.has("scoreGiven"), inProgress.toString());

        for (JsonNode item : items.subList(1, items.size())) {
            commit(launch, id, item);
        }
        assertEquals(2, posts(user).size(), "later answers are not reported again");
        JsonNode submitted = call("POST", "/api/exercise/attempts/" + id + "/submit", launch.lt(), null);
        await(
                "Completed at the platform",
                Duration.ofSeconds(15),
                () -> posts(user).size() == 3);
        JsonNode completed = posts(user).get(2);
        assertEquals("Completed", completed.get("activityProgress").asText());
        assertEquals("FullyGraded", completed.get("gradingProgress").asText());
        assertEquals(
                submitted.get("points").asDouble() / submitted.get("maxPoints").asDouble(),
                completed.get("scoreGiven").asDouble()
                        / completed.get("scoreMaximum").asDouble(),
                1e-4,
                "the score on the column's scale: " + completed);
        long[] seconds = posts(user).stream()
                .mapToLong(p -> Instant.parse(p.get("timestamp").asText()).getEpochSecond())
                .toArray();
        assertTrue(
                seconds[0] < seconds[1] && seconds[1] < seconds[2],
                "each post a whole second after the one before (platforms keep the newest): " + posts(user));

        // A second attempt starts and is answered: the gradebook keeps the score, no Started or InProgress follows it.
        JsonNode second = call("POST", "/api/exercise/attempts", launch.lt(), null);
        long secondId = second.get("attemptId").asLong();
        commit(launch, secondId, second.get("items").get(0));
        await(
                "the second attempt's progress settled",
                Duration.ofSeconds(15),
                () -> db.longQuery(
                                "SELECT COUNT(*) "
                                        + "FROM grade_outbox WHERE subject = ? AND attempt_number = 2 AND status = 'SKIPPED' AND progress IN "
                                        + "('STARTED', 'IN_PROGRESS')",
                                user)
                        == 2);
        // And a report that arrives late for the first attempt (committed out of order) is held back as well.
        insertLateStart(user, id);
        await(
                "the late report settled",
                Duration.ofSeconds(15),
                () -> db.longQuery(
                                "SELECT COUNT(*) FROM grade_outbox "
                                        + "WHERE subject = ? AND progress = 'STARTED' AND status = 'SKIPPED'",
                                user)
                        == 2);
        assertEquals(
                0, db.longQuery("SELECT COUNT(*) FROM grade_outbox WHERE subject = ? AND status = 'PENDING'", user));
        assertEquals(
                List.of("Started", "InProgress", "Completed"),
                posts(user).stream()
                        .map(p -> p.get("activityProgress").asText())
                        .toList(),
                "nothing after the score");

        // The instructor's delivery summary counts scores, not progress reports: one score sent, none waiting.
        Launch teacher = GradeFixture.launch(
                server.baseUrl(), platform, db, "progress-teacher", GradeFixture.INSTRUCTOR, "link-progress", ags, 1);
        String page = new org.attentionlesson.support.LtiHttp(server.baseUrl())
                .get("/instructor/grades?lt=" + teacher.lt())
                .body()
                .replaceAll("\\s+", " ");
        assertTrue(page.contains("<dt>Sent</dt><dd>1</dd>"), page);
        assertTrue(page.contains("<dt>Not sent (grade policy)</dt><dd>0</dd>"), page);
    }

    @Test
    void progressStillWaitingWhenTheScoreComesIsReplacedNotSentAfterIt() throws Exception {
        String user = "progress-held-up";
        Launch launch =
                GradeFixture.launch(server.baseUrl(), platform, db, user, GradeFixture.LEARNER, "link-held-up", ags, 1);
        ags.unavailableUntil = Instant.now().plusSeconds(8); // 503 until then: the progress posts wait
        JsonNode attempt = call("POST", "/api/exercise/attempts", launch.lt(), null);
        long id = attempt.get("attemptId").asLong();
        await(
                "a try of the start during the outage",
                Duration.ofSeconds(10),
                () -> db.longQuery(
                                "SELECT COUNT(*) "
                                        + "FROM grade_outbox WHERE subject = ? AND progress = 'STARTED' AND tries > 0",
                                user)
                        == 1);
        for (JsonNode item : attempt.get("items")) {
            commit(launch, id, item);
        }
        call("POST", "/api/exercise/attempts/" + id + "/submit", launch.lt(), null);
        await(
                "the score delivered after the outage",
                Duration.ofSeconds(30),
                () -> db.longQuery(
                                "SELECT COUNT(*) "
                                        + "FROM grade_outbox WHERE subject = ? AND progress = 'COMPLETED' AND status = 'DELIVERED'",
                                user)
                        == 1);
        assertEquals(
                2,
                db.longQuery(
                        "SELECT COUNT(*) FROM grade_outbox WHERE subject = ? AND progress <> 'COMPLETED' "
                                + "AND status = 'SUPERSEDED'",
                        user),
                "the waiting progress posts were replaced by the score");
        assertEquals(
                List.of("Completed"),
                posts(user).stream()
                        .map(p -> p.get("activityProgress").asText())
                        .toList());
    }

    /** A STARTED report for an attempt that already has its score, as a node would write it committing late. */
    private static void insertLateStart(String user, long attemptId) throws Exception {
        try (Connection c = db.connect();
                PreparedStatement ps = c.prepareStatement("INSERT INTO grade_event "
                        + "(attempt_id, registration_id, subject, resource_link_id, launch_id, score_given, score_maximum, "
                        + "created_at, progress, attempt_number, deployment_row_id, ags_lineitems, ags_lineitem, ags_scopes) "
                        + "SELECT attempt_id, registration_id, subject, resource_link_id, launch_id, 0, score_maximum, "
                        + "created_at, 'STARTED', attempt_number, deployment_row_id, ags_lineitems, ags_lineitem, ags_scopes "
                        + "FROM grade_event WHERE attempt_id = ? AND progress = 'COMPLETED'")) {
            c.createStatement()
                    .execute("DELETE FROM grade_outbox WHERE grade_event_id IN (SELECT id FROM grade_event "
                            + "WHERE attempt_id = " + attemptId + " AND progress = 'STARTED')");
            c.createStatement()
                    .execute("DELETE FROM grade_event WHERE attempt_id = " + attemptId + " AND progress = 'STARTED'");
            ps.setLong(1, attemptId);
            assertEquals(1, ps.executeUpdate(), user);
        }
    }

    /** What the platform accepted for the user, in order of arrival. */
    private static List<JsonNode> posts(String user) {
        return ags.acceptedFor(user).stream().map(AgsPlatform.Received::body).toList();
    }

    private static void commit(Launch launch, long attemptId, JsonNode item) throws Exception {
        int pronoun = item.get("pronoun").asInt();
        int antecedent = pronoun == 0 ? 1 : 0;
        int cue = pronoun == 2 || antecedent == 2 ? 3 : 2;
        call(
                "PUT",
                "/api/exercise/attempts/" + attemptId + "/items/"
                        + item.get("id").asText(),
                launch.lt(),
                "{\"antecedent\":" + antecedent + ",\"cue\":" + cue + "}");
    }

    private static JsonNode call(String method, String path, String lt, String body) throws Exception {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                        .header("Authorization", "Bearer " + lt)
                        .header("Content-Type", "application/json")
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), method + " " + path + ": " + r.body());
        return Json.parse(r.body());
    }
}
