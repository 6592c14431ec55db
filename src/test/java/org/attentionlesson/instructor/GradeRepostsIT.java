package org.attentionlesson.instructor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.attentionlesson.lesson.content.ExerciseItem;
import org.attentionlesson.support.DevLmsClient;
import org.attentionlesson.support.TomcatServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dev LMS gradebook follows the tool: scores arrive on the column's own scale (10), a grade policy change
 * re-posts the grades it changes through the outbox (best → latest → average), and "resend grades" posts again.
 */
class GradeRepostsIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static TomcatServer server;

    @BeforeAll
    static void start() {
        server = TomcatServer.start(
                0,
                Map.of(
                        "attention.devMode",
                        "true",
                        "attention.pairsPerAttempt",
                        ClassResultsFixture.ALL_PAIRS,
                        "attention.grading.pollMillis",
                        "100"));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aPolicyChangeAndResendMoveTheGradebookToWhatTheToolShows() throws Exception {
        ClassResultsFixture f = new ClassResultsFixture(server.baseUrl());
        String ada =
                new DevLmsClient(server.baseUrl()).launch("student-ada", "get").launchToken();
        long first = f.start(ada);
        awaitScore("Started"); // the dev gradebook shows the attempt's progress before any score
        List<ExerciseItem> items = ClassResultsFixture.EXERCISE.items().stream()
                .filter(i -> !ClassResultsFixture.EXERCISE.retired().contains(i.pair()))
                .toList(); // retired: never asked
        for (ExerciseItem item : items) {
            f.commitRight(ada, first, item.id());
        }
        double max = f.submit(ada, first).get("maxPoints").asDouble();
        // The attempt's progress may have been posted before its score (Started, InProgress): count from the score.
        int posts = awaitScore("10 / 10");

        long second = f.start(ada);
        for (ExerciseItem item : items) {
            int wrong = 0;
            while (wrong == item.pronoun() || item.isAccepted(wrong)) {
                wrong++;
            }
            f.commit(ada, second, item.id(), wrong, item.pronoun() == 0 ? 1 : 0);
        }
        JsonNode low = f.submit(ada, second);
        double latest = low.get("points").asDouble();
        assertTrue(latest < max, "the second attempt is worse: " + latest);
        Thread.sleep(1_500);
        assertEquals("10 / 10", cell()[0], "best attempt: the worse score is not sent");
        assertEquals(String.valueOf(posts), cell()[1], "nor the second attempt's start or progress");

        String teacher =
                new DevLmsClient(server.baseUrl()).launch("teacher-alan", "get").launchToken();
        assertEquals(403, post(ada, "action", "resend").statusCode(), "a student cannot resend grades");
        assertEquals(303, post(teacher, "action", "policy", "policy", "LATEST").statusCode());
        awaitCell(fmt(latest / max * 10) + " / 10", posts + 1);
        assertEquals(303, post(teacher, "action", "policy", "policy", "AVERAGE").statusCode());
        awaitCell(fmt((max + latest) / 2 / max * 10) + " / 10", posts + 2);
        assertEquals(303, post(teacher, "action", "resend").statusCode());
        awaitCell(fmt((max + latest) / 2 / max * 10) + " / 10", posts + 3);
        assertEquals(400, post(teacher, "action", "policy", "policy", "MEDIAN").statusCode());
    }

    private static String fmt(double x) {
        double r = Math.round(x * 10_000) / 10_000.0;
        return r == Math.rint(r) ? String.valueOf((long) r) : String.format(Locale.ROOT, "%.2f", r);
    }

    /** Ada's cell in the dev gradebook's first column: its score and how many posts it took. */
    private static String[] cell() throws Exception {
        String html = HTTP.send(
                        HttpRequest.newBuilder(URI.create(server.baseUrl() + "/dev/gradebook"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        int row = html.indexOf("<code>student-ada</code>");
        Matcher m = Pattern.compile(
                        "<td><strong>([^<]*)</strong>(?:<ul class=\"dev-cell-facts\">.*?Posts received:\\s*(\\d+))?",
                        Pattern.DOTALL)
                .matcher(html.substring(row, html.indexOf("</tr>", row)));
        return m.find() ? new String[] {m.group(1), m.group(2)} : new String[] {"", null};
    }

    /** Waits for the score in Ada's cell and returns how many posts the cell has had by then. */
    private static int awaitScore(String score) throws Exception {
        String[] c = cell();
        for (int i = 0; i < 150 && !score.equals(c[0]); i++) {
            Thread.sleep(100);
            c = cell();
        }
        assertEquals(score, c[0]);
        Thread.sleep(500); // nothing else is on its way: the count stays
        return Integer.parseInt(cell()[1]);
    }

    private static void awaitCell(String score, int posts) throws Exception {
        String[] c = cell();
        for (int i = 0; i < 150 && !(score.equals(c[0]) && String.valueOf(posts).equals(c[1])); i++) {
            Thread.sleep(100);
            c = cell();
        }
        assertEquals(score + " after " + posts + " posts", c[0] + " after " + c[1] + " posts");
    }

    private static HttpResponse<String> post(String token, String... kv) throws Exception {
        StringBuilder form = new StringBuilder("lt=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
        for (int i = 0; i < kv.length; i += 2) {
            form.append('&').append(kv[i]).append('=').append(URLEncoder.encode(kv[i + 1], StandardCharsets.UTF_8));
        }
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/instructor/grades"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form.toString()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
