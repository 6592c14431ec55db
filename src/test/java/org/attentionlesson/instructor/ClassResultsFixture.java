package org.attentionlesson.instructor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.attentionlesson.lesson.content.ContentLoader;
import org.attentionlesson.lesson.content.DirectoryContentSource;
import org.attentionlesson.lesson.content.Exercise;
import org.attentionlesson.lesson.content.ExerciseItem;
import org.attentionlesson.web.Json;

/**
 * Students answering through the real exercise API, and reading the class results page's HTML, for the class
 * results tests. The class it builds ({@link #answerAsTheClass}):
 * <ul>
 * <li>student-ada answers every item right (antecedent and cue) and submits: 100 %;</li>
 * <li>student-grace answers only the umbrella pair: "dripping" with "bag" and cue "was" (both wrong), "empty" right.</li>
 * </ul>
 */
final class ClassResultsFixture {
    static final Exercise EXERCISE = new ContentLoader(new DirectoryContentSource(Path.of("content")))
            .load()
            .require("attention-in-brief")
            .exercise();
    /** Every attempt holds every item (the servers run with this many pairs per attempt), so the tests can name them. */
    static final String ALL_PAIRS = String.valueOf(EXERCISE.pairs().size());

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String baseUrl;

    ClassResultsFixture(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** Starts (or resumes) the learner's attempt and returns its id. */
    long start(String token) {
        JsonNode attempt = call("POST", "/api/exercise/attempts", token, null);
        return attempt.get("attemptId").asLong();
    }

    void commit(String token, long attemptId, String itemId, int antecedent, int cue) {
        call(
                "PUT",
                "/api/exercise/attempts/" + attemptId + "/items/" + itemId,
                token,
                "{\"antecedent\":" + antecedent + ",\"cue\":" + cue + "}");
    }

    void commitRight(String token, long attemptId, String itemId) {
        ExerciseItem item = EXERCISE.item(itemId);
        commit(token, attemptId, itemId, item.accepted().get(0), item.cue().get(0));
    }

    JsonNode submit(String token, long attemptId) {
        return call("POST", "/api/exercise/attempts/" + attemptId + "/submit", token, null);
    }

    void answerAsTheClass(String adaToken, String graceToken) {
        long ada = start(adaToken);
        for (ExerciseItem item : EXERCISE.items()) {
            if (EXERCISE.retired().contains(item.pair())) {
                continue; // never part of an attempt
            }
            commitRight(adaToken, ada, item.id());
        }
        submit(adaToken, ada);
        long grace = start(graceToken);
        commit(graceToken, grace, "packing-1", 6, 9);
        commitRight(graceToken, grace, "packing-2");
    }

    private JsonNode call(String method, String path, String token, String body) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Authorization", "Bearer " + token);
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), method + " " + path + ": " + r.body());
            return Json.parse(r.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ reading the page

    /** The text of the table row that starts at the element with {@code id}, tags removed, spaces collapsed. */
    static String rowById(String html, String id) {
        int at = html.indexOf("id=\"" + id + "\"");
        assertTrue(at >= 0, "the page has no element " + id);
        return text(html.substring(at, html.indexOf("</tr>", at)));
    }

    /** The text of the first table row whose text contains {@code needle}. */
    static String rowContaining(String html, int from, String needle) {
        int at = html.indexOf(needle, from);
        assertTrue(at >= 0, "the page has no " + needle);
        return text(html.substring(html.lastIndexOf("<tr", at), html.indexOf("</tr>", at)));
    }

    /** The text of the row of {@code word} in the class attention map of {@code itemId}. */
    static String mapRow(String html, String itemId, String word) {
        int section = html.indexOf("<h3 id=\"map-" + itemId + "\"");
        assertTrue(section >= 0, "the page has no attention map for " + itemId);
        int at = html.indexOf("<span class=\"w\">" + word + "</span>", section);
        assertTrue(
                at >= 0 && at < html.indexOf("</table>", section), "no row for " + word + " in the map of " + itemId);
        return text(html.substring(html.lastIndexOf("<tr", at), html.indexOf("</tr>", at)));
    }

    static String text(String html) {
        return html.replaceAll("<[^>]*>", " ")
                .replaceAll("^[^>]*>", " ")
                .replace("&nbsp;", " ")
                .replaceAll("\\s+", " ")
                .trim();
    }
}
