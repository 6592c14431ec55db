package org.attentionlesson.instructor;

import static org.attentionlesson.instructor.ClassResultsFixture.rowContaining;
import static org.attentionlesson.instructor.ClassResultsFixture.text;
import static org.attentionlesson.support.TestPlatform.LTI;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jwt.JWTClaimsSet;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.attentionlesson.support.DevLmsClient;
import org.attentionlesson.support.LtiHttp;
import org.attentionlesson.support.TestPlatform;
import org.attentionlesson.support.TomcatServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The class page's roster through the packaged WAR: the dev LMS course of 30 members serves its memberships over
 * NRPS (paged), and a {@link TestPlatform} serves hostile, looping or failing member lists.
 */
class ClassRosterIT {
    private static final String LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner";
    private static final String INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor";
    private static final String HUGE = "Z" + "x".repeat(10_000);

    private static TestPlatform platform;
    private static TomcatServer server;
    private static LtiHttp http;
    private static String adaToken;
    private static String teacherToken;
    /** What the test platform's membership endpoint answers: "hostile", "loop" or "down". */
    private static volatile String mode = "hostile";

    private static final AtomicInteger membershipCalls = new AtomicInteger();

    private static Path dir;

    @BeforeAll
    static void start() throws Exception {
        platform = TestPlatform.start("class-roster-client");
        platform.serve(
                "/token",
                ex -> send(
                        ex,
                        200,
                        "application/json",
                        "{\"access_token\":\"roster-token\",\"token_type\":\"Bearer\",\"expires_in\":3600}",
                        null));
        platform.serve("/memberships", ClassRosterIT::memberships);
        dir = Files.createTempDirectory("class-roster-it-");
        Map<String, String> params = new LinkedHashMap<>();
        params.put("attention.devMode", "true");
        params.put("attention.pairsPerAttempt", ClassResultsFixture.ALL_PAIRS);
        params.put("attention.nrps.pageSize", "7"); // 29 learners in five pages
        params.put("attention.nrps.cacheSeconds", "0");
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
        // Bruno opens the activity and answers nothing: not started, but not the same as never opening it.
        new DevLmsClient(server.baseUrl()).launch("student-001", "get");
        teacherToken =
                new DevLmsClient(server.baseUrl()).launch("teacher-alan", "get").launchToken();
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

    private static void memberships(HttpExchange ex) throws IOException {
        membershipCalls.incrementAndGet();
        if (!"Bearer roster-token".equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            send(ex, 401, "application/json", "{}", null);
            return;
        }
        String self = platform.baseUrl() + "/memberships";
        switch (mode) {
            case "down" -> send(ex, 503, "text/plain", "maintenance", null);
            case "loop" ->
                send(
                        ex,
                        200,
                        "application/vnd.ims.lti-nrps.v2.membershipcontainer+json",
                        "{\"members\":[{\"user_id\":\"loop-1\",\"name\":\"Looped Student\",\"roles\":[\"" + LEARNER
                                + "\"]}]}",
                        "<" + self + "?again=1>; rel=\"next\"");
            default ->
                send(
                        ex,
                        200,
                        "application/vnd.ims.lti-nrps.v2.membershipcontainer+json",
                        "{\"members\":["
                                + member("m-script", "<script>alert(1)</script>") + ","
                                + member("m-formula", "=HYPERLINK(\\\"http://evil\\\",\\\"x\\\")") + ","
                                + member("m-plus", "+1-555") + ","
                                + member("m-at", "@SUM(A1)") + ","
                                + member("m-huge", HUGE) + ","
                                + "{\"user_id\":\"m-noname\",\"roles\":[\"" + LEARNER + "\"]},"
                                + "{\"user_id\":\"m-teacher\",\"name\":\"Teacher Two\",\"roles\":[\"" + INSTRUCTOR
                                + "\"]}]}",
                        null);
        }
    }

    private static String member(String id, String name) {
        return "{\"user_id\":\"" + id + "\",\"name\":\"" + name + "\",\"roles\":[\"" + LEARNER
                + "\"],\"status\":\"Active\"}";
    }

    private static void send(HttpExchange ex, int status, String type, String body, String link) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        if (link != null) {
            ex.getResponseHeaders().set("Link", link);
        }
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    @Test
    void theInstructorSeesEveryMemberOfTheDevCourseIncludingThoseWhoNeverOpenedIt() {
        String html = http.get("/instructor/class?lt=" + teacherToken).body();
        assertFalse(html.contains("id=\"roster-notice\""), "the whole roster was read: " + text(html));
        assertTrue(html.contains("29 students"), "30 members, one of them the instructor: " + text(html));
        assertTrue(
                html.contains("Not started (27)") && html.contains("In progress (1)") && html.contains("Submitted (1)"),
                text(html));
        assertTrue(
                rowContaining(html, 0, "Ada Lovelace")
                        .startsWith("Ada Lovelace User id: student-ada Submitted 1 100% 100%"),
                rowContaining(html, 0, "Ada Lovelace"));
        assertTrue(
                rowContaining(html, 0, "Grace Hopper")
                        .startsWith("Grace Hopper User id: student-grace In progress 1 None None"),
                rowContaining(html, 0, "Grace Hopper"));
        assertTrue(
                rowContaining(html, 0, "student-007")
                        .startsWith(
                                "student-007 (no name shared) Not started never opened it 0 None None " + "None Never"),
                rowContaining(html, 0, "student-007"));
        // Opened and answered nothing: the last activity is when he opened it, not "Never".
        assertTrue(
                rowContaining(html, 0, "Bruno Berg")
                        .matches("Bruno Berg User id: student-001 Not started opened it 0 None None None "
                                + "\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC None.*"),
                rowContaining(html, 0, "Bruno Berg"));
        assertFalse(html.contains("teacher-alan"), "the instructor is not a student");
    }

    @Test
    void studentsAreFilteredSortedAndSearched() {
        String notStarted = http.get("/instructor/class?lt=" + teacherToken + "&progress=not_started")
                .body();
        assertTrue(notStarted.contains("27 students"), text(notStarted));
        assertFalse(notStarted.contains("Ada Lovelace"));
        String byBest = http.get("/instructor/class?lt=" + teacherToken + "&sort=best&dir=desc")
                .body();
        assertTrue(byBest.indexOf("Ada Lovelace") < byBest.indexOf("Grace Hopper"), "best score first");
        // Sorted by anything but the name, the rows come from the whole-class read: who opened it is told there too.
        assertTrue(
                rowContaining(byBest, 0, "Bruno Berg").contains("Not started opened it"),
                rowContaining(byBest, 0, "Bruno Berg"));
        assertTrue(
                rowContaining(byBest, 0, "Bruno Berg").matches(".* \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC None.*"),
                "when he opened it: " + rowContaining(byBest, 0, "Bruno Berg"));
        assertTrue(
                rowContaining(byBest, 0, "student-007").contains(" None Never"),
                rowContaining(byBest, 0, "student-007"));
        assertTrue(
                rowContaining(byBest, 0, "student-007").contains("Not started never opened it"),
                rowContaining(byBest, 0, "student-007"));
        String found =
                http.get("/instructor/class?lt=" + teacherToken + "&q=grace").body();
        assertTrue(found.contains("1 student<") && found.contains("Grace Hopper"), text(found));
        HttpResponse<String> bad = http.get("/instructor/class?lt=" + teacherToken + "&sort=password");
        assertEquals(400, bad.statusCode());
        assertEquals("BAD_SORT", LtiHttp.errorCode(bad));
        assertEquals("BAD_PAGE", LtiHttp.errorCode(http.get("/instructor/class?lt=" + teacherToken + "&page=-3")));
    }

    @Test
    void theDrillDownShowsEachItemBySentenceWithChoiceCorrectnessCueAndTime() {
        String html = http.get("/instructor/class?lt=" + teacherToken + "&student=student-grace")
                .body();
        String row = rowContaining(html, html.indexOf("Attempt 1"), "because it was dripping.");
        assertTrue(
                row.matches(
                        "I put the umbrella in the bag because it was dripping\\. “bag” No No \\(“was”\\) \\d+ (s|min)"),
                row);
        assertTrue(html.contains("Not answered yet"), "items of the attempt not yet answered are listed");
        assertTrue(http.get("/instructor/class?lt=" + teacherToken + "&student=student-001")
                .body()
                .contains("This student has not started the exercise. They have opened the activity."));
        assertTrue(http.get("/instructor/class?lt=" + teacherToken + "&student=student-007")
                .body()
                .contains("This student has not started the exercise. They have not opened the activity"));
        HttpResponse<String> unknown = http.get("/instructor/class?lt=" + teacherToken + "&student=nobody");
        assertEquals(404, unknown.statusCode());
        assertEquals("STUDENT_UNKNOWN", LtiHttp.errorCode(unknown));
    }

    @Test
    void thePairViewSetsEachItemBesideItsTwin() {
        String html =
                http.get("/instructor/class?lt=" + teacherToken + "&view=pairs").body();
        // Ada got both umbrella twins right; Grace only one: the sign of guessing.
        String row = ClassResultsFixture.rowById(html, "pair-packing");
        assertTrue(row.endsWith(" 2 50% (1) 50% (1) 0"), row);
    }

    @Test
    void theCsvHasABomOneRowPerMemberIncludingNotStartedAndCrlfLineEnds() {
        HttpResponse<String> r = http.get("/instructor/class/export?lt=" + teacherToken);
        assertEquals(200, r.statusCode());
        assertTrue(
                r.headers()
                        .firstValue("Content-Type")
                        .orElse("")
                        .toLowerCase(java.util.Locale.ROOT)
                        .replace(" ", "")
                        .startsWith("text/csv;charset=utf-8"),
                r.headers().toString());
        assertTrue(r.headers().firstValue("Content-Disposition").orElse("").startsWith("attachment;"));
        String body = r.body();
        assertEquals('\uFEFF', body.charAt(0));
        String[] lines = body.substring(1).split("\r\n", -1);
        assertEquals(
                "user_id,name,progress,attempts,best_percent,latest_percent,time_spent_seconds,last_activity_utc,"
                        + "gradebook,in_roster,opened_activity",
                lines[0]);
        assertEquals(1 + 29 + 1, lines.length, "header, 29 students, and the empty string after the last CRLF");
        assertTrue(body.contains("\r\nstudent-007,,not_started,0,,,0,,,yes,no\r\n"), body);
        assertTrue(
                java.util.regex.Pattern.compile(
                                "\r\nstudent-001,Bruno Berg,not_started,0,,,0,\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z,,yes,yes\r\n")
                        .matcher(body)
                        .find(),
                "opened, not started: the time he opened it, to the second; " + body);
        assertTrue(body.contains("\r\nstudent-ada,Ada Lovelace,submitted,1,100,100,"), body);
        assertFalse(
                java.util.regex.Pattern.compile("T\\d{2}:\\d{2}:\\d{2}\\.")
                        .matcher(body)
                        .find(),
                "times are whole seconds, as a spreadsheet reads them; " + body);
    }

    @Test
    void learnersReachNoneOfIt() {
        for (String path : List.of("/instructor/class", "/instructor/class/export", "/instructor/class?view=pairs")) {
            HttpResponse<String> r = http.get(path + (path.contains("?") ? "&" : "?") + "lt=" + adaToken);
            assertEquals(403, r.statusCode(), path);
            assertEquals("NOT_INSTRUCTOR", LtiHttp.errorCode(r));
        }
        assertEquals(401, http.get("/instructor/class/export").statusCode());
    }

    @Test
    void hostileRosterTextIsShownEscapedAndExportedNeutralised() {
        mode = "hostile";
        String teacher = launch("teacher-h", INSTRUCTOR, "link-hostile");
        String html = http.get("/instructor/class?lt=" + teacher).body();
        assertFalse(html.contains("<script>alert(1)"), "markup is escaped");
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertTrue(html.contains("m-noname</code> <small class=\"hint\">(no name shared)"), "a member without a name");
        assertFalse(html.contains(HUGE), "a 10 KB name is cut");
        assertFalse(html.contains("Teacher Two"), "staff are not students");
        assertTrue(html.contains("6 students"), text(html));
        String csv = http.get("/instructor/class/export?lt=" + teacher).body();
        assertTrue(csv.contains("\r\nm-formula,\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",not_started"), csv);
        assertTrue(csv.contains("\r\nm-plus,'+1-555,") && csv.contains("\r\nm-at,'@SUM(A1),"), csv);
        assertTrue(csv.contains("\r\nm-script,<script>alert(1)</script>,"), "plain text in a CSV");
    }

    @Test
    void aLoopingOrFailingPlatformGivesANoticeAndTheStudentsTheToolKnows() {
        String learner = launch("learner-known", LEARNER, "link-failing");
        new ClassResultsFixture(server.baseUrl()).start(learner);
        String teacher = launch("teacher-f", INSTRUCTOR, "link-failing");
        mode = "loop";
        String looped =
                http.get("/instructor/class?lt=" + teacher + "&refresh=1").body();
        assertTrue(looped.contains("data-code=\"NRPS_LOOP\""), text(looped));
        assertTrue(looped.contains("Looped Student") && looped.contains("learner-known"), text(looped));
        mode = "down";
        HttpResponse<String> down = http.get("/instructor/class?lt=" + teacher + "&refresh=1");
        assertEquals(200, down.statusCode());
        assertTrue(down.body().contains("data-code=\"NRPS_REFUSED\""), text(down.body()));
        assertTrue(down.body().contains("learner-known"), "the launched student is still listed");
        mode = "hostile";
    }

    /** A resource-link launch from the test platform, with its NRPS claim pointing at the test's endpoint. */
    private static String launch(String subject, String role, String linkId) {
        LtiHttp.Login login = http.login(platform);
        JWTClaimsSet claims = platform.resourceLinkClaims(server.baseUrl(), login.nonce(), subject, role)
                .claim("name", subject)
                .claim(LTI + "resource_link", Map.of("id", linkId, "title", "Attention lesson"))
                .claim(
                        "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice",
                        Map.of(
                                "context_memberships_url",
                                platform.baseUrl() + "/memberships",
                                "service_versions",
                                List.of("2.0")))
                .build();
        HttpResponse<String> launched = http.launch(platform.sign(claims), login.state(), login.cookie());
        assertEquals(303, launched.statusCode(), launched.body());
        String location = launched.headers().firstValue("Location").orElseThrow();
        return location.substring(location.indexOf("lt=") + 3).split("&")[0];
    }
}
