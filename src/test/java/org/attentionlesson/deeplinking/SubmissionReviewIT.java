package org.attentionlesson.deeplinking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.attentionlesson.lesson.content.ContentLoader;
import org.attentionlesson.lesson.content.DirectoryContentSource;
import org.attentionlesson.lesson.content.Exercise;
import org.attentionlesson.lesson.content.ExerciseItem;
import org.attentionlesson.support.LtiHttp;
import org.attentionlesson.support.TestDatabase;
import org.attentionlesson.support.TestPlatform;
import org.attentionlesson.support.TomcatServer;
import org.attentionlesson.web.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Submission review (LTI Submission Review 1.0) over real HTTP: a learner works through the exercise after a real
 * launch, then the platform's gradebook sends an instructor to {@code /review} about that learner.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SubmissionReviewIT {
    private static final String LTI = "https://purl.imsglobal.org/spec/lti/claim/";
    private static final String AGS = "https://purl.imsglobal.org/spec/lti-ags/claim/";
    private static final Exercise EXERCISE = new ContentLoader(new DirectoryContentSource(Path.of("content")))
            .load()
            .require("attention-in-brief")
            .exercise();

    TestPlatform platform;
    TestDatabase db;
    TomcatServer tomcat;
    LtiHttp http;

    private Path dir;

    @BeforeAll
    void start() throws Exception {
        platform = TestPlatform.start("review-client");
        dir = Files.createTempDirectory("review-it-");
        db = TestDatabase.h2(dir);
        Map<String, String> params = new LinkedHashMap<>(db.params());
        params.put(
                "attention.registrationsFile",
                platform.writeRegistrationsFile(dir).toString());
        params.put("attention.grading.worker", "false");
        tomcat = TomcatServer.start(0, params);
        http = new LtiHttp(tomcat.baseUrl());
    }

    @AfterAll
    void stop() {
        if (tomcat != null) {
            tomcat.close();
        }
        if (platform != null) {
            platform.close();
        }
        if (db != null) {
            db.close();
        }
        if (dir != null) {
            TomcatServer.deleteRecursively(dir.toFile()); // the test database and files under it
        }
    }

    @Test
    void instructorSeesTheLearnersSubmittedAttemptWithPerItemPoints() throws Exception {
        String learner = resourceLaunch("learner-7", "Learner", "link-review");
        JsonNode attempt = api("POST", "/api/exercise/attempts", learner, null);
        long id = attempt.get("attemptId").asLong();
        JsonNode items = attempt.get("items");
        ExerciseItem right = EXERCISE.item(items.get(0).get("id").asText());
        ExerciseItem wrong = EXERCISE.item(items.get(1).get("id").asText());
        api(
                "PUT",
                "/api/exercise/attempts/" + id + "/items/" + right.id(),
                learner,
                answer(right.accepted().get(0), right.cue().get(0)));
        api(
                "PUT",
                "/api/exercise/attempts/" + id + "/items/" + wrong.id(),
                learner,
                answer(wrongAntecedent(wrong), wrongCue(wrong)));
        for (int i = 2; i < items.size(); i++) {
            ExerciseItem item = EXERCISE.item(items.get(i).get("id").asText());
            api(
                    "PUT",
                    "/api/exercise/attempts/" + id + "/items/" + item.id(),
                    learner,
                    answer(item.accepted().get(0), wrongCue(item)));
        }
        JsonNode submitted = api("POST", "/api/exercise/attempts/" + id + "/submit", learner, null);

        String review = "/review?lt=" + reviewLaunch("Instructor", "learner-7", "link-review");
        HttpResponse<String> page = http.get(review);

        assertEquals(200, page.statusCode(), page.body());
        // On a phone (320 px) the items become cards: nothing scrolls sideways, every value has its column's name.
        org.openqa.selenium.chrome.ChromeDriver driver = org.attentionlesson.support.Browser.chrome();
        try {
            driver.executeCdpCommand(
                    "Emulation.setDeviceMetricsOverride",
                    Map.of("width", 320, "height", 900, "deviceScaleFactor", 1, "mobile", true));
            driver.get(tomcat.baseUrl() + review);
            assertTrue(driver.findElement(org.openqa.selenium.By.tagName("h1")).isDisplayed());
            Map<?, ?> sizes = (Map<?, ?>) driver.executeScript("return {scroll: "
                    + "document.documentElement.scrollWidth, inner: document.documentElement.clientWidth};");
            assertTrue(
                    ((Number) sizes.get("scroll")).longValue() <= ((Number) sizes.get("inner")).longValue(),
                    "the review scrolls sideways at 320 px: " + sizes);
            org.attentionlesson.support.Browser.assertTablesFit(driver, "submission review, 320 px");
            org.attentionlesson.support.Browser.assertNoAxeViolations(driver, "submission review, 320 px");
        } finally {
            driver.quit();
        }
        String html = page.body();
        assertTrue(html.contains("Attempt 1"), html);
        assertTrue(html.contains("Submitted"));
        String expected = "Score: " + fmt(submitted.get("points").asDouble()) + " / "
                + fmt(submitted.get("maxPoints").asDouble());
        assertTrue(html.contains(expected), "the total: " + expected);
        assertTrue(html.contains(escape(right.sentence())), "the sentence of each item, as written");
        assertTrue(html.contains("1.5 / 1.5"), "the right item's points");
        assertTrue(html.contains("0 / 1.5"), "the wrong item's points");
        assertTrue(html.contains("Grace Hopper"), "names the learner the platform named");
        assertFalse(html.contains(right.explanation()), "a review page, not the lesson's reveal");
    }

    @Test
    void withoutANameInForUserTheLearnersOwnLaunchNamesThemAndTimesAreReadable() throws Exception {
        String learner = resourceLaunch("learner-named", "Learner", "link-named");
        api("POST", "/api/exercise/attempts", learner, null);

        String html = http.get(
                        "/review?lt=" + reviewLaunch("Instructor", Map.of("user_id", "learner-named"), "link-named"))
                .body();

        // The test platform's launches carry the name "Ada <b>Lovelace</b>": shown escaped, the id beside it.
        assertTrue(html.contains("id=\"review-learner\">Ada &lt;b&gt;Lovelace&lt;/b&gt;</strong>"), html);
        assertTrue(html.contains("<code id=\"review-learner-id\">learner-named</code>"), html);
        java.util.regex.Matcher time = java.util.regex.Pattern.compile(
                        "<time datetime=\"([^\"]+)\" data-local>([^<]+)</time>")
                .matcher(html);
        assertTrue(time.find(), "a machine-readable time with a readable text: " + html);
        java.time.Instant.parse(time.group(1));
        assertFalse(time.group(2).contains("T") && time.group(2).contains("Z"), "not a raw ISO time: " + time.group(2));
        assertTrue(time.group(2).endsWith("UTC"), time.group(2));
        assertTrue(html.contains("/static/js/times.js"), "the reader's own time zone when scripts run");
    }

    @Test
    void anAttemptInProgressShowsItsCommittedItemsSoFar() throws Exception {
        String learner = resourceLaunch("learner-8", "Learner", "link-progress");
        JsonNode attempt = api("POST", "/api/exercise/attempts", learner, null);
        ExerciseItem first = EXERCISE.item(attempt.get("items").get(0).get("id").asText());
        api(
                "PUT",
                "/api/exercise/attempts/" + attempt.get("attemptId").asLong() + "/items/" + first.id(),
                learner,
                answer(first.accepted().get(0), first.cue().get(0)));

        String html = http.get("/review?lt=" + reviewLaunch("Instructor", "learner-8", "link-progress"))
                .body();

        assertTrue(html.contains("Not submitted yet"), html);
        assertTrue(html.contains("Not answered"), "uncommitted items are listed as such");
        assertTrue(html.contains("Score: 1.5 / "), html);
    }

    @Test
    void aLearnerWithoutAttemptsHasNothingToShow() {
        HttpResponse<String> page = http.get("/review?lt=" + reviewLaunch("Instructor", "learner-none", "link-review"));
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("id=\"review-none\""), page.body());
    }

    @Test
    void attemptsAtAnotherLinkAreNotShown() throws Exception {
        String learner = resourceLaunch("learner-9", "Learner", "link-a");
        api("POST", "/api/exercise/attempts", learner, null);
        HttpResponse<String> page = http.get("/review?lt=" + reviewLaunch("Instructor", "learner-9", "link-b"));
        assertTrue(page.body().contains("id=\"review-none\""), page.body());
    }

    @Test
    void learnersGetForbidden() {
        HttpResponse<String> page = http.get("/review?lt=" + reviewLaunch("Learner", "learner-7", "link-review"));
        assertEquals(403, page.statusCode());
        assertEquals("NOT_INSTRUCTOR", LtiHttp.errorCode(page));
    }

    @Test
    void needsASubmissionReviewLaunch() {
        HttpResponse<String> page = http.get("/review?lt=" + resourceLaunch("teacher-1", "Instructor", "link-review"));
        assertEquals(400, page.statusCode());
        assertEquals("NOT_SUBMISSION_REVIEW", LtiHttp.errorCode(page));
        assertEquals(401, http.get("/review").statusCode());
    }

    // ------------------------------------------------------------------ helpers

    private String resourceLaunch(String sub, String role, String linkId) {
        LtiHttp.Login login = http.login(platform);
        JWTClaimsSet claims = platform.resourceLinkClaims(tomcat.baseUrl(), login.nonce(), sub, role)
                .claim(LTI + "resource_link", Map.of("id", linkId, "title", "Attention lesson"))
                .build();
        return tokenOf(http.launch(platform.sign(claims), login.state(), login.cookie()), "/lesson");
    }

    /** Submission Review 1.0 §2: message type, for_user and the AGS endpoint with the line item under review. */
    private String reviewLaunch(String role, String forUser, String linkId) {
        return reviewLaunch(
                role,
                Map.of(
                        "user_id",
                        forUser,
                        "given_name",
                        "Grace",
                        "family_name",
                        "Hopper",
                        "roles",
                        List.of("http://purl.imsglobal.org/vocab/lis/v2/membership#Learner")),
                linkId);
    }

    private String reviewLaunch(String role, Map<String, Object> forUser, String linkId) {
        LtiHttp.Login login = http.login(platform);
        JWTClaimsSet claims = platform.resourceLinkClaims(tomcat.baseUrl(), login.nonce(), "teacher-1", role)
                .claim(LTI + "message_type", "LtiSubmissionReviewRequest")
                .claim(LTI + "resource_link", Map.of("id", linkId, "title", "Attention lesson"))
                .claim(LTI + "for_user", forUser)
                .claim(
                        AGS + "endpoint",
                        Map.of(
                                "scope", List.of("https://purl.imsglobal.org/spec/lti-ags/scope/lineitem"),
                                "lineitems", platform.baseUrl() + "/lineitems",
                                "lineitem", platform.baseUrl() + "/lineitems/3/lineitem"))
                .build();
        return tokenOf(http.launch(platform.sign(claims), login.state(), login.cookie()), "/review");
    }

    private static String tokenOf(HttpResponse<String> launched, String page) {
        assertEquals(303, launched.statusCode(), launched.body());
        String location = launched.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith(page + "?lt="), location);
        return DeepLinkingFlow.param(location, "lt");
    }

    private JsonNode api(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(tomcat.baseUrl() + path)).header("Authorization", "Bearer " + token);
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build());
        assertEquals(200, r.statusCode(), method + " " + path + ": " + r.body());
        return Json.parse(r.body());
    }

    private static String answer(int antecedent, int cue) {
        return "{\"antecedent\":" + antecedent + ",\"cue\":" + cue + "}";
    }

    private static int wrongAntecedent(ExerciseItem item) {
        return item.candidates().stream()
                .map(c -> c.head())
                .filter(h -> !item.isAccepted(h))
                .findFirst()
                .orElseThrow();
    }

    private static int wrongCue(ExerciseItem item) {
        for (int i = 0; i < item.tokens().size(); i++) {
            if (!item.isCue(i) && i != item.pronoun() && !item.isAccepted(i)) {
                return i;
            }
        }
        throw new IllegalStateException("no wrong cue in " + item.id());
    }

    private static String fmt(double x) {
        return x == Math.rint(x) ? String.valueOf((long) x) : String.format(java.util.Locale.ROOT, "%.1f", x);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
