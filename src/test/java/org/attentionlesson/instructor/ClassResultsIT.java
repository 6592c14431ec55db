package org.attentionlesson.instructor;

import static org.attentionlesson.instructor.ClassResultsFixture.mapRow;
import static org.attentionlesson.instructor.ClassResultsFixture.rowById;
import static org.attentionlesson.instructor.ClassResultsFixture.rowContaining;
import static org.attentionlesson.support.TestPlatform.LTI;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jwt.JWTClaimsSet;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.attentionlesson.support.DevLmsClient;
import org.attentionlesson.support.LtiHttp;
import org.attentionlesson.support.TestPlatform;
import org.attentionlesson.support.TomcatServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /instructor/class} through the packaged WAR: students of the dev LMS course answer through the exercise
 * API, and the instructor's page shows the numbers those answers make. A second platform (a {@link TestPlatform})
 * launches students with names the tests choose.
 */
class ClassResultsIT {
    private static final String LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner";
    private static final String INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor";

    private static TestPlatform platform;
    private static TomcatServer server;
    private static LtiHttp http;
    private static String adaToken;
    private static String teacherToken;

    private static Path dir;

    @BeforeAll
    static void start() throws Exception {
        platform = TestPlatform.start("class-results-client");
        dir = Files.createTempDirectory("class-results-it-");
        Map<String, String> params = new LinkedHashMap<>();
        params.put("attention.devMode", "true");
        params.put("attention.pairsPerAttempt", ClassResultsFixture.ALL_PAIRS);
        params.put(
                "attention.registrationsFile",
                platform.writeRegistrationsFile(dir).toString());
        server = TomcatServer.start(0, params);
        http = new LtiHttp(server.baseUrl());
        adaToken =
                new DevLmsClient(server.baseUrl()).launch("student-ada", "get").launchToken();
        String graceToken = new DevLmsClient(server.baseUrl())
                .launch("student-grace", "get")
                .launchToken();
        new ClassResultsFixture(server.baseUrl()).answerAsTheClass(adaToken, graceToken);
        teacherToken =
                new DevLmsClient(server.baseUrl()).launch("teacher-alan", "get").launchToken();
        // The instructor tries the exercise and gets item 1 wrong: that is not the class, and changes no number.
        ClassResultsFixture fixture = new ClassResultsFixture(server.baseUrl());
        fixture.commit(teacherToken, fixture.start(teacherToken), "packing-1", 6, 9);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (platform != null) {
            platform.close();
        }
        if (dir != null) {
            TomcatServer.deleteRecursively(dir.toFile()); // the test database and files under it
        }
    }

    private static HttpResponse<String> page(String token) {
        return http.get("/instructor/class?lt=" + token);
    }

    private static String items(String token) {
        return http.get("/instructor/class?view=items&lt=" + token).body();
    }

    @Test
    void listsEveryStudentWhoLaunchedWithAttemptsScoresAndGradeDelivery() throws Exception {
        String html = page(teacherToken).body();
        // The dev LMS takes the score over AGS in the background; wait until it is through.
        for (int i = 0; i < 100 && !rowContaining(html, 0, "Ada Lovelace").endsWith("Sent"); i++) {
            Thread.sleep(200);
            html = page(teacherToken).body();
        }
        String ada = rowContaining(html, 0, "Ada Lovelace");
        assertTrue(
                ada.matches("Ada Lovelace User id: student-ada Submitted 1 100% 100% (None|\\d+ (s|min)) "
                        + "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC Sent"),
                ada);
        String grace = rowContaining(html, 0, "Grace Hopper");
        assertTrue(
                grace.matches("Grace Hopper User id: student-grace In progress 1 None None (None|\\d+ (s|min)) "
                        + "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC None"),
                grace);
        assertTrue(html.contains("29 students"), "the dev course's 30 members but the instructor");
        assertFalse(html.contains("teacher-alan"));
    }

    @Test
    void showsPerItemShareRightCueWrongWordPairConsistencyAndTime() {
        String html = items(teacherToken);
        // Item 1: Ada right; Grace chose "bag" and the cue "was". Twins: Ada got both right, Grace only one.
        assertEquals(
                "I put the umbrella in the bag because it was dripping. 2 50% (1) 50% (1) “bag” (1) " + "50% (1 of 2)",
                withoutTime(rowById(html, "item-row-packing-1")));
        assertEquals(
                "I put the umbrella in the bag because it was empty. 2 100% (2) 100% (2) "
                        + "No wrong answers 50% (1 of 2)",
                withoutTime(rowById(html, "item-row-packing-2")));
        assertEquals(
                "Maria lent Priya the notes because she had missed the lecture. 1 100% (1) 100% (1) "
                        + "No wrong answers 100% (1 of 1)",
                withoutTime(rowById(html, "item-row-lecture-1")));
        assertTrue(
                rowById(html, "item-row-packing-1").matches(".* \\d+ (s|min)"), "a median time in seconds or minutes");
    }

    @Test
    void theClassAttentionMapSetsTheClassChoicesBesideTheReferenceWeights() {
        String html = items(teacherToken);
        // Word | linked to the pronoun | marked as the cue | reference weight (0.526, 0.086, 0.269, 0.010).
        assertEquals("umbrella answer 50% (1) 0% (0) 53%", mapRow(html, "packing-1", "umbrella"));
        assertEquals("bag 50% (1) 0% (0) 9%", mapRow(html, "packing-1", "bag"));
        assertEquals("dripping cue 0% (0) 50% (1) 27%", mapRow(html, "packing-1", "dripping"));
        assertEquals("was 0% (0) 50% (1) 1%", mapRow(html, "packing-1", "was"));
        assertEquals("it pronoun 0% (0) 0% (0) 2%", mapRow(html, "packing-1", "it"));
        assertTrue(html.contains("<span class=\"bar bar-antecedent bar-5\"></span>"), "a half bar for 50%");
        assertFalse(html.contains("style="), "no inline styles (CSP)");
    }

    @Test
    void learnersAreRefused() {
        HttpResponse<String> r = page(adaToken);
        assertEquals(403, r.statusCode());
        assertEquals("NOT_INSTRUCTOR", LtiHttp.errorCode(r));
    }

    @Test
    void aPageWithoutLaunchTokenIsRefused() {
        assertEquals(401, http.get("/instructor/class").statusCode());
    }

    @Test
    void namesAreEscapedAndOnlyAnsweredItemsAreShown() {
        String student = launch("learner-x", LEARNER, "link-escape", "<script>alert('x')</script> O'Brien & <b>Co</b>");
        ClassResultsFixture answers = new ClassResultsFixture(server.baseUrl());
        long attempt = answers.start(student);
        answers.commitRight(student, attempt, "lecture-2");
        String teacher = launch("teacher-x", INSTRUCTOR, "link-escape", "Teacher");
        String html = page(teacher).body() + items(teacher);
        assertFalse(html.contains("<script>alert"), "the name is escaped");
        assertFalse(html.contains("<b>Co</b>"), "the name is escaped");
        assertTrue(
                html.contains(
                        "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; O&#39;Brien &amp; &lt;b&gt;Co&lt;/b&gt;"),
                "the name is shown as text");
        assertTrue(html.contains("id=\"item-row-lecture-2\""));
        assertFalse(html.contains("id=\"item-row-packing-1\""), "unanswered items are left out");
        assertFalse(html.contains("Ada Lovelace"), "only this resource link's students");
    }

    @Test
    void aStudentWhoSharedNoNameIsShownByUserId() {
        String student = launch("learner-anon-name", LEARNER, "link-noname", null);
        ClassResultsFixture answers = new ClassResultsFixture(server.baseUrl());
        answers.start(student);
        String html =
                page(launch("teacher-y", INSTRUCTOR, "link-noname", "Teacher")).body();
        String row = rowContaining(html, 0, "learner-anon-name");
        assertTrue(
                row.matches("learner-anon-name \\(no name shared\\) In progress 1 None None None \\d{4}-.* UTC None"),
                row);
        assertTrue(html.contains("data-code=\"NRPS_NOT_OFFERED\""), "no member list: a notice, not an error");
    }

    /** A resource-link launch from the test platform; {@code name} null: the platform shares no name at all. */
    private static String launch(String subject, String role, String linkId, String name) {
        LtiHttp.Login login = http.login(platform);
        JWTClaimsSet.Builder b = platform.resourceLinkClaims(server.baseUrl(), login.nonce(), subject, role)
                .claim(LTI + "resource_link", Map.of("id", linkId, "title", "Attention lesson"));
        JWTClaimsSet claims = b.build();
        Map<String, Object> all = new LinkedHashMap<>(claims.getClaims());
        if (name == null) {
            all.keySet().removeAll(java.util.List.of("name", "given_name", "family_name", "email"));
        } else {
            all.put("name", name);
        }
        JWTClaimsSet.Builder out = new JWTClaimsSet.Builder();
        all.forEach(out::claim);
        HttpResponse<String> launched = http.launch(platform.sign(out.build()), login.state(), login.cookie());
        assertEquals(303, launched.statusCode(), launched.body());
        String location = launched.headers().firstValue("Location").orElseThrow();
        return location.substring(location.indexOf("lt=") + 3).split("&")[0];
    }

    private static String withoutTime(String row) {
        return row.replaceAll(" \\d+ (s|min)$", "");
    }
}
