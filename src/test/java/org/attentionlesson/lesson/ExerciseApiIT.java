package org.attentionlesson.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.attentionlesson.lesson.content.ContentLoader;
import org.attentionlesson.lesson.content.DirectoryContentSource;
import org.attentionlesson.lesson.content.Exercise;
import org.attentionlesson.lesson.content.ExerciseItem;
import org.attentionlesson.support.DevLmsClient;
import org.attentionlesson.support.TomcatServer;
import org.attentionlesson.web.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The exercise API over real HTTP against the packaged WAR: the key stays secret, bad input is a clear 4xx. */
class ExerciseApiIT {
    private static final Exercise EXERCISE = new ContentLoader(new DirectoryContentSource(Path.of("content")))
            .load()
            .require("attention-in-brief")
            .exercise();
    private static TomcatServer server;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    record Reply(int status, String body) {
        JsonNode json() {
            return Json.parse(body);
        }

        String code() {
            return json().path("error").path("code").asText();
        }
    }

    @BeforeAll
    static void start() {
        server = TomcatServer.start(0, Map.of("attention.devMode", "true"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Reply call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body());
    }

    private static String launch(String user) {
        return new DevLmsClient(server.baseUrl()).launch(user, "get").launchToken();
    }

    private static String answer(int antecedent, int cue) {
        return "{\"antecedent\":" + antecedent + ",\"cue\":" + cue + "}";
    }

    /** Fails if {@code text} holds the explanation or why-not text of an item that is not committed yet. */
    private static void assertNoSecretsOf(List<String> uncommitted, String text, String where) {
        for (String id : uncommitted) {
            ExerciseItem item = EXERCISE.item(id);
            assertFalse(text.contains(item.explanation()), where + " leaks the explanation of " + id);
            item.whyNot().values().forEach(w -> assertFalse(text.contains(w), where + " leaks why-not text of " + id));
        }
    }

    @Test
    void aNewUsersLatestAttemptIsAnEmptyResultNotAnError() throws Exception {
        String token =
                new DevLmsClient(server.baseUrl()).launch("teacher-alan", "get").launchToken();
        Reply latest = call("GET", "/api/exercise/attempts/latest", token, null);
        assertEquals(200, latest.status(), latest.body());
        assertEquals("none", latest.json().get("status").asText());
        assertTrue(latest.json().path("attemptId").isMissingNode());
        call("POST", "/api/exercise/attempts", token, null);
        assertTrue(
                call("GET", "/api/exercise/attempts/latest", token, null).json().has("attemptId"));
    }

    @Test
    void noResponseCarriesAnItemsKeyBeforeItIsCommitted() throws Exception {
        DevLmsClient.Launch launch = new DevLmsClient(server.baseUrl()).launch("student-ada", "get");
        String token = launch.launchToken();
        List<String> all = EXERCISE.items().stream().map(ExerciseItem::id).toList();
        assertNoSecretsOf(all, launch.html(), "the lesson page");

        Reply started = call("POST", "/api/exercise/attempts", token, null);
        assertEquals(200, started.status());
        JsonNode attempt = started.json();
        long id = attempt.get("attemptId").asLong();
        // Another test may have left this student's attempt part-done: only its uncommitted items are secret.
        List<String> pending = new ArrayList<>();
        List<String> secret = new ArrayList<>(all);
        for (JsonNode item : attempt.get("items")) {
            assertFalse(item.has("accepted") || item.has("weights") || item.has("answer") || item.has("cue"));
            if (item.get("committed").asBoolean()) {
                secret.remove(item.get("id").asText());
            } else {
                pending.add(item.get("id").asText());
                assertTrue(item.get("reveal").isNull(), "an uncommitted item has no reveal");
            }
        }
        assertFalse(pending.isEmpty());
        assertNoSecretsOf(secret, started.body(), "the attempt");
        for (String itemId : List.copyOf(pending)) {
            ExerciseItem item = EXERCISE.item(itemId);
            Reply committed = call(
                    "PUT",
                    "/api/exercise/attempts/" + id + "/items/" + itemId,
                    token,
                    answer(item.accepted().get(0), item.cue().get(0)));
            assertEquals(200, committed.status(), committed.body());
            pending.remove(itemId);
            assertTrue(committed.body().contains(Json.write(item.explanation())), "the reveal follows the commit");
            assertNoSecretsOf(pending, committed.body(), "the commit of " + itemId);
            Reply state = call("GET", "/api/exercise/attempts/" + id, token, null);
            assertNoSecretsOf(pending, state.body(), "the attempt after committing " + itemId);
            Reply latest = call("GET", "/api/exercise/attempts/latest", token, null);
            assertNoSecretsOf(pending, latest.body(), "the latest attempt after committing " + itemId);
        }
        Reply submitted = call("POST", "/api/exercise/attempts/" + id + "/submit", token, null);
        assertEquals(200, submitted.status());
        assertEquals(1.0, submitted.json().get("grade").asDouble(), 1e-9);
    }

    @Test
    void refusesBadInputWithAClearCodeAndLeavesTheAttemptUnchanged() throws Exception {
        String ada = launch("student-ada");
        String grace = launch("student-grace");
        JsonNode attempt = call("POST", "/api/exercise/attempts", ada, null).json();
        long id = attempt.get("attemptId").asLong();
        String base = "/api/exercise/attempts/" + id;
        ExerciseItem item = EXERCISE.item(attempt.get("items").get(0).get("id").asText());
        String itemPath = base + "/items/" + item.id();
        assertEquals(
                200,
                call(
                                "PUT",
                                itemPath,
                                ada,
                                answer(item.accepted().get(0), item.cue().get(0)))
                        .status());
        String before = call("GET", base, ada, null).body();

        expect(404, "ITEM_NOT_FOUND", call("PUT", base + "/items/no-such-item", ada, answer(0, 1)));
        ExerciseItem second =
                EXERCISE.item(attempt.get("items").get(1).get("id").asText());
        String secondPath = base + "/items/" + second.id();
        expect(
                400,
                "POSITION_OUT_OF_RANGE",
                call("PUT", secondPath, ada, answer(99, second.cue().get(0))));
        expect(
                400,
                "POSITION_OUT_OF_RANGE",
                call("PUT", secondPath, ada, answer(second.accepted().get(0), -1)));
        expect(
                400,
                "PRONOUN_NOT_SELECTABLE",
                call(
                        "PUT",
                        secondPath,
                        ada,
                        answer(second.pronoun(), second.cue().get(0))));
        expect(400, "ANSWER_INCOMPLETE", call("PUT", secondPath, ada, "{\"antecedent\":1}"));
        expect(400, "BAD_JSON", call("PUT", secondPath, ada, "{not json"));
        expect(
                413,
                "BODY_TOO_LARGE",
                call("PUT", secondPath, ada, "{\"antecedent\":1,\"pad\":\"" + "x".repeat(70_000) + "\"}"));
        int other = item.accepted().get(0) == 0 ? 1 : 0;
        if (other == item.pronoun()) {
            other = 2;
        }
        expect(
                409,
                "ITEM_ALREADY_COMMITTED",
                call("PUT", itemPath, ada, answer(other, item.cue().get(0))));
        expect(404, "ATTEMPT_NOT_FOUND", call("GET", base, grace, null));
        expect(
                404,
                "ATTEMPT_NOT_FOUND",
                call(
                        "PUT",
                        secondPath,
                        grace,
                        answer(second.accepted().get(0), second.cue().get(0))));
        expect(404, "ATTEMPT_NOT_FOUND", call("POST", base + "/submit", grace, null));
        expect(409, "ATTEMPT_INCOMPLETE", call("POST", base + "/submit", ada, null));
        expect(401, "LAUNCH_TOKEN_MISSING", call("GET", base, null, null));
        expect(401, "LAUNCH_TOKEN_INVALID", call("GET", base, ada.substring(0, ada.length() - 4) + "AAAA", null));
        expect(404, "ATTEMPT_NOT_FOUND", call("GET", "/api/exercise/attempts/abc", ada, null));

        assertEquals(before, call("GET", base, ada, null).body(), "the stored attempt is unchanged");
        Reply repeat = call(
                "PUT", itemPath, ada, answer(item.accepted().get(0), item.cue().get(0)));
        assertEquals(200, repeat.status(), "a repeated commit returns the stored verdict");
    }

    @Test
    void answersAfterSubmitAreRefused() throws Exception {
        String token = launch("student-grace");
        JsonNode attempt = call("POST", "/api/exercise/attempts", token, null).json();
        long id = attempt.get("attemptId").asLong();
        if (attempt.get("status").asText().equals("open")) {
            for (JsonNode node : attempt.get("items")) {
                ExerciseItem item = EXERCISE.item(node.get("id").asText());
                call(
                        "PUT",
                        "/api/exercise/attempts/" + id + "/items/" + item.id(),
                        token,
                        answer(item.accepted().get(0), item.cue().get(0)));
            }
            assertEquals(
                    200,
                    call("POST", "/api/exercise/attempts/" + id + "/submit", token, null)
                            .status());
        }
        ExerciseItem first = EXERCISE.item(attempt.get("items").get(0).get("id").asText());
        String before = call("GET", "/api/exercise/attempts/" + id, token, null).body();
        expect(
                409,
                "ATTEMPT_SUBMITTED",
                call(
                        "PUT",
                        "/api/exercise/attempts/" + id + "/items/" + first.id(),
                        token,
                        answer(first.accepted().get(0), first.cue().get(0))));
        assertEquals(
                before, call("GET", "/api/exercise/attempts/" + id, token, null).body());
        JsonNode next = call("POST", "/api/exercise/attempts", token, null).json();
        assertEquals(attempt.get("number").asInt() + 1, next.get("number").asInt(), "a new attempt starts");
    }

    @Test
    void flashcardsSendTheAnswerOnlyWhenAskedAndKeepStatePerStudent() throws Exception {
        String token = launch("student-ada");
        JsonNode deck = call("GET", "/api/flashcards", token, null).json();
        String cardId = deck.get("current").get("id").asText();
        assertFalse(deck.toString().contains("\"back\""));
        Reply back = call("GET", "/api/flashcards/cards/" + cardId + "/back", token, null);
        assertEquals(200, back.status());
        JsonNode after = call("POST", "/api/flashcards/cards/" + cardId + "/recall", token, "{\"result\":\"again\"}")
                .json();
        assertFalse(after.get("current").get("id").asText().equals(cardId));
        expect(
                409,
                "CARD_NOT_CURRENT",
                call("POST", "/api/flashcards/cards/" + cardId + "/recall", token, "{\"result\":\"knew\"}"));
        expect(
                400,
                "BAD_RECALL",
                call(
                        "POST",
                        "/api/flashcards/cards/"
                                + after.get("current").get("id").asText() + "/recall",
                        token,
                        "{\"result\":\"maybe\"}"));
        expect(404, "CARD_NOT_FOUND", call("GET", "/api/flashcards/cards/nope/back", token, null));
        String again = launch("student-ada");
        assertEquals(
                after.get("current").get("id").asText(),
                call("GET", "/api/flashcards", again, null)
                        .json()
                        .get("current")
                        .get("id")
                        .asText(),
                "state is kept per student");
    }

    private static void expect(int status, String code, Reply reply) {
        assertEquals(status, reply.status(), reply.body());
        assertEquals(code, reply.code(), reply.body());
        assertFalse(reply.json().path("error").path("message").asText().isBlank());
    }

    /**
     * The second twin differs from the first only at the cue: its words, sent early, would give the first one's answer
     * away. And no id the API sends before a commit names a candidate or a cue word.
     */
    @Test
    void theSecondTwinsWordsAndNoTellingIdAreSentBeforeTheFirstTwinIsCommitted() throws Exception {
        String token = launch("student-grace");
        JsonNode attempt = call("POST", "/api/exercise/attempts", token, null).json();
        long id = attempt.get("attemptId").asLong();
        java.util.Map<String, Integer> position = new java.util.HashMap<>();
        for (JsonNode item : attempt.get("items")) {
            position.put(item.get("id").asText(), item.get("position").asInt());
        }
        for (int round = 0; ; round++) {
            JsonNode items = call("GET", "/api/exercise/attempts/" + id, token, null)
                    .json()
                    .get("items");
            String body = items.toString();
            JsonNode next = null;
            for (JsonNode item : items) {
                ExerciseItem content = EXERCISE.item(item.get("id").asText());
                ExerciseItem twin = EXERCISE.twinOf(content);
                boolean twinFirst = position.get(twin.id()) < position.get(content.id());
                boolean twinCommitted = committed(items, twin.id());
                if (!item.get("committed").asBoolean()) {
                    for (ExerciseItem one : List.of(content, twin)) {
                        for (int cue : one.cue()) {
                            assertFalse(
                                    item.get("id")
                                            .asText()
                                            .contains(one.tokens().get(cue).toLowerCase()),
                                    "the id " + item.get("id") + " names a cue word");
                        }
                        one.candidates()
                                .forEach(c -> assertFalse(
                                        item.get("id").asText().contains(c.id()),
                                        "the id " + item.get("id") + " names a candidate"));
                    }
                    if (next == null) {
                        next = item;
                    }
                }
                if (twinFirst && !twinCommitted) {
                    assertTrue(item.get("locked").asBoolean(), content.id() + " is locked until its twin is committed");
                    assertTrue(
                            item.get("tokens").isNull() && item.get("after").isNull(), "no words of " + content.id());
                    String cueWord = content.tokens().get(content.cue().get(0));
                    assertFalse(
                            item.toString().contains("\"" + cueWord + "\""),
                            "the second twin's cue word '" + cueWord + "' is sent before its twin is committed");
                } else {
                    assertEquals(content.tokens(), Json.MAPPER.convertValue(item.get("tokens"), List.class));
                }
            }
            if (next == null) {
                break;
            }
            ExerciseItem content = EXERCISE.item(next.get("id").asText());
            Reply committed = call(
                    "PUT",
                    "/api/exercise/attempts/" + id + "/items/" + content.id(),
                    token,
                    answer(content.accepted().get(0), content.cue().get(0)));
            assertEquals(200, committed.status(), committed.body());
            assertTrue(round < 40);
        }
    }

    private static boolean committed(JsonNode items, String itemId) {
        for (JsonNode item : items) {
            if (item.get("id").asText().equals(itemId)) {
                return item.get("committed").asBoolean();
            }
        }
        return false;
    }
}
