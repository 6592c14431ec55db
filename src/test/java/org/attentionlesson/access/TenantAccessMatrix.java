package org.attentionlesson.access;

import static org.attentionlesson.support.TestPlatform.LTI;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.attentionlesson.grading.AgsPlatform;
import org.attentionlesson.grading.GradeFixture;
import org.attentionlesson.grading.GradeFixture.Submission;
import org.attentionlesson.registration.ToolClient;
import org.attentionlesson.support.LtiHttp;
import org.attentionlesson.support.TestDatabase;
import org.attentionlesson.support.TestPlatform;
import org.attentionlesson.support.TomcatServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Who may see what, as a matrix through the packaged WAR: roles (student, instructor, teaching assistant,
 * institution administrator) × two institutions (registrations A and B) × two courses × the instructor, grade,
 * review and student endpoints. The places deliberately reuse ids: B's course and link carry the same ids as A's,
 * and A has a second deployment whose course and link ids equal those of its first (LTI Core 1.3 §5.4.1 and
 * §5.3.5: context and resource link ids are unique only within a deployment).
 *
 * <p>Runs on H2 and on PostgreSQL (the two subclasses). Each place has one student whose score failed to reach the gradebook (the line item was deleted), so every
 * place has a grade problem only its own staff may see and retry; the tool's admin console sees them all.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TenantAccessMatrix {
    static final String STUDENT = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner";
    static final String INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor";
    static final String TA = "http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant";
    static final String INSTITUTION_ADMIN = "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator";
    static final String SYSTEM_ADMIN = "http://purl.imsglobal.org/vocab/lis/v2/system/person#Administrator";
    static final List<String> STAFF = List.of(INSTRUCTOR, TA, INSTITUTION_ADMIN, SYSTEM_ADMIN);
    static final String DL = "https://purl.imsglobal.org/spec/lti-dl/claim/";
    static final int DELETED_LINE_ITEM = 55; // the emulated platform answers 404: the delivery fails for good

    /** Where a launch comes from: which platform (registration), deployment, course and resource link. */
    record Place(String name, String platform, String deployment, String context, String link) {
        String student() {
            return "stu-" + name;
        }
    }

    static final Place A1 = new Place("A1", "A", "deployment-1", "course-1", "link-1");
    static final Place A2 = new Place("A2", "A", "deployment-1", "course-2", "link-2");
    static final Place A3 = new Place("A3", "A", "deployment-2", "course-1", "link-1");
    static final Place B1 = new Place("B1", "B", "deployment-1", "course-1", "link-1");
    static final List<Place> PLACES = List.of(A1, A2, A3, B1);

    private Path dir;
    private TestDatabase db;
    private final Map<String, TestPlatform> platforms = new HashMap<>();
    private AgsPlatform ags;
    private TomcatServer server;
    private LtiHttp http;
    private final Map<Place, Long> problemRow = new HashMap<>();
    private final Map<Place, String> studentToken = new HashMap<>();

    abstract TestDatabase.Kind databaseKind();

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("tenant-matrix-it-");
        db = TestDatabase.create(databaseKind(), dir);
        platforms.put("A", TestPlatform.start("tenant-a-client"));
        platforms.put("B", TestPlatform.start("tenant-b-client"));
        ags = AgsPlatform.start(4);
        Map<String, String> params = new HashMap<>(GradeFixture.fastGrading());
        params.putAll(db.params());
        params.put("attention.registrationsFile", registrationsFile().toString());
        server = TomcatServer.start(0, params, Map.of("root", "s3cret"));
        http = new LtiHttp(server.baseUrl());
        for (Place p : PLACES) {
            Launched s = launch(p, p.student(), STUDENT, "rl", null);
            studentToken.put(p, s.lt());
            GradeFixture.submit(db, List.of(new Submission(s.launchId(), p.student(), p.link(), 4, 10)));
        }
        GradeFixture.await(
                "every place's delivery failed",
                Duration.ofSeconds(20),
                () -> db.longQuery("SELECT COUNT(*) FROM grade_outbox WHERE status = 'FAILED'") == PLACES.size());
        for (Place p : PLACES) {
            problemRow.put(p, db.longQuery("SELECT id FROM grade_outbox WHERE subject = ?", p.student()));
        }
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
        platforms.values().forEach(TestPlatform::close);
        if (ags != null) {
            ags.close();
        }
        if (db != null) {
            db.close();
        }
        TomcatServer.deleteRecursively(dir.toFile());
    }

    private Path registrationsFile() throws Exception {
        List<String> entries = new ArrayList<>();
        for (Map.Entry<String, TestPlatform> e : platforms.entrySet()) {
            TestPlatform p = e.getValue();
            entries.add(
                    "{\"issuer\": \"" + p.issuer() + "\", \"clientId\": \"" + p.clientId() + "\", \"name\": \"Platform "
                            + e.getKey() + "\", \"authUrl\": \"" + p.authUrl() + "\", \"jwksUrl\": \"" + p.jwksUrl()
                            + "\", \"tokenUrl\": \"" + ags.tokenUrl()
                            + "\", \"deployments\": [\"deployment-1\", \"deployment-2\"]}");
        }
        Path f = dir.resolve("registrations-tenants.json");
        Files.writeString(f, "{\"registrations\": [" + String.join(",", entries) + "]}");
        return f;
    }

    record Launched(String lt, String launchId) {}

    /** A real launch: {@code kind} is rl (resource link), dl (deep linking) or review (submission review of forUser). */
    Launched launch(Place p, String subject, String role, String kind, String forUser) {
        return launch(p, subject, role, kind, forUser, false);
    }

    /**
     * With {@code ownCourseContainer} the launch names no line item, only its course's own line item container (one
     * per place, as each deployment's course has its own gradebook), so the tool finds or creates the column.
     */
    Launched launch(Place p, String subject, String role, String kind, String forUser, boolean ownCourseContainer) {
        TestPlatform platform = platforms.get(p.platform());
        LtiHttp.Login login = http.login(platform);
        Map<String, Object> agsClaim = new LinkedHashMap<>();
        agsClaim.put("scope", List.of(GradeFixture.SCOPE + "lineitem", GradeFixture.SCOPE + "score"));
        if (ownCourseContainer) {
            agsClaim.put("lineitems", ags.lineItemsUrl(p.name()));
        } else {
            agsClaim.put("lineitems", ags.lineItemsUrl());
            agsClaim.put("lineitem", ags.lineItemUrl(DELETED_LINE_ITEM));
        }
        JWTClaimsSet.Builder claims = platform.resourceLinkClaims(server.baseUrl(), login.nonce(), subject, role)
                .claim("name", "Person " + subject)
                .claim(LTI + "deployment_id", p.deployment())
                .claim(LTI + "context", Map.of("id", p.context(), "label", p.context(), "title", "Course " + p.name()))
                .claim(LTI + "resource_link", Map.of("id", p.link(), "title", "Activity " + p.name()))
                .claim(GradeFixture.AGS_CLAIM, agsClaim);
        if (kind.equals("dl")) {
            claims.claim(LTI + "message_type", "LtiDeepLinkingRequest")
                    .claim(LTI + "resource_link", null)
                    .claim(GradeFixture.AGS_CLAIM, null)
                    .claim(
                            DL + "deep_linking_settings",
                            Map.of(
                                    "deep_link_return_url",
                                    platform.baseUrl() + "/dl-return",
                                    "accept_types",
                                    List.of("ltiResourceLink"),
                                    "accept_presentation_document_targets",
                                    List.of("iframe", "window")));
        } else if (kind.equals("review")) {
            claims.claim(LTI + "message_type", "LtiSubmissionReviewRequest")
                    .claim(LTI + "for_user", Map.of("user_id", forUser));
        }
        HttpResponse<String> r = http.launch(platform.sign(claims.build()), login.state(), login.cookie());
        String location = r.headers()
                .firstValue("Location")
                .orElseThrow(
                        () -> new AssertionError("launch at " + p + " failed: " + r.statusCode() + " " + r.body()));
        String lt = LtiHttp.query(URI.create(server.baseUrl() + location)).get("lt");
        String id = db.stringQuery("SELECT id FROM launch_context WHERE subject = ? ORDER BY created_at DESC", subject);
        return new Launched(lt, id);
    }

    private HttpResponse<String> get(String path, String lt) {
        return http.get(path + (path.contains("?") ? "&" : "?") + "lt="
                + java.net.URLEncoder.encode(lt, java.nio.charset.StandardCharsets.UTF_8));
    }

    private HttpResponse<String> retry(String lt, long outboxId) {
        return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/instructor/grades"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(
                        LtiHttp.form(Map.of("lt", lt, "action", "retry", "id", String.valueOf(outboxId)))))
                .build());
    }

    private HttpResponse<String> api(String method, String path, String lt, String body) {
        return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .header("Authorization", "Bearer " + lt)
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    /** The students named on a page: the places whose student the page mentions. */
    private static List<String> placesShown(String html) {
        return PLACES.stream()
                .filter(p -> html.contains(p.student()))
                .map(Place::name)
                .toList();
    }

    // ------------------------------------------------------------------ instructor pages

    @Test
    void everyStaffRoleSeesTheGradeProblemsOfItsOwnPlaceAndNoOther() {
        List<String> wrong = new ArrayList<>();
        for (Place p : PLACES) {
            for (String role : STAFF) {
                Launched staff = launch(p, "staff-" + p.name() + "-" + role.hashCode(), role, "rl", null);
                HttpResponse<String> page = get("/instructor/grades", staff.lt());
                List<String> shown =
                        page.statusCode() == 200 ? placesShown(page.body()) : List.of("HTTP " + page.statusCode());
                if (!shown.equals(List.of(p.name()))) {
                    wrong.add(role.substring(role.lastIndexOf('/') + 1) + " at " + p.name() + " sees " + shown);
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void aDeepLinkingLaunchSeesOnlyItsOwnCoursesProblems() {
        List<String> wrong = new ArrayList<>();
        for (Place p : PLACES) {
            for (String role : List.of(INSTRUCTOR, INSTITUTION_ADMIN)) {
                Launched staff = launch(p, "dl-" + p.name() + "-" + role.hashCode(), role, "dl", null);
                HttpResponse<String> page = get("/instructor/grades", staff.lt());
                List<String> shown =
                        page.statusCode() == 200 ? placesShown(page.body()) : List.of("HTTP " + page.statusCode());
                if (!shown.equals(List.of(p.name()))) {
                    wrong.add("deep linking " + role.substring(role.lastIndexOf('/') + 1) + " at " + p.name() + " sees "
                            + shown);
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void nobodyRetriesAnotherPlacesDeliveryFromALaunch() {
        List<String> wrong = new ArrayList<>();
        for (Place p : PLACES) {
            for (String kind : List.of("rl", "dl")) {
                for (String role : List.of(INSTRUCTOR, INSTITUTION_ADMIN)) {
                    Launched staff = launch(p, "retry-" + kind + p.name() + "-" + role.hashCode(), role, kind, null);
                    for (Place other : PLACES) {
                        if (other == p) {
                            continue;
                        }
                        HttpResponse<String> r = retry(staff.lt(), problemRow.get(other));
                        if (r.statusCode() != 404 || !"DELIVERY_NOT_FOUND".equals(LtiHttp.errorCode(r))) {
                            wrong.add(kind + " " + role.substring(role.lastIndexOf('/') + 1) + " at " + p.name()
                                    + " retried " + other.name() + ": HTTP " + r.statusCode());
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void staffRetriesItsOwnPlacesDelivery() {
        Launched teacher = launch(A2, "retry-own-A2", INSTRUCTOR, "rl", null);
        long id = problemRow.get(A2);
        long before = db.longQuery("SELECT tries FROM grade_outbox WHERE id = ?", id);
        assertEquals(303, retry(teacher.lt(), id).statusCode());
        GradeFixture.await(
                "tried again",
                Duration.ofSeconds(10),
                () -> db.longQuery("SELECT tries FROM grade_outbox WHERE id = ?", id) > before);
    }

    @Test
    void classResultsListOnlyTheLaunchsOwnPlace() {
        List<String> wrong = new ArrayList<>();
        for (Place p : PLACES) {
            for (String role : STAFF) {
                Launched staff = launch(p, "class-" + p.name() + "-" + role.hashCode(), role, "rl", null);
                HttpResponse<String> page = get("/instructor/class", staff.lt());
                List<String> shown =
                        page.statusCode() == 200 ? placesShown(page.body()) : List.of("HTTP " + page.statusCode());
                if (!shown.equals(List.of(p.name()))) {
                    wrong.add(role.substring(role.lastIndexOf('/') + 1) + " at " + p.name() + " sees " + shown);
                }
            }
            HttpResponse<String> dl = get(
                    "/instructor/class",
                    launch(p, "class-dl-" + p.name(), INSTRUCTOR, "dl", null).lt());
            if (dl.statusCode() != 400 || !"NO_RESOURCE_LINK".equals(LtiHttp.errorCode(dl))) {
                wrong.add("deep linking at " + p.name() + ": HTTP " + dl.statusCode());
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void submissionReviewShowsOnlyTheReviewersOwnPlacesWork() {
        List<String> wrong = new ArrayList<>();
        for (Place p : PLACES) {
            for (Place learner : PLACES) {
                Launched reviewer =
                        launch(p, "review-" + p.name() + "-" + learner.name(), INSTRUCTOR, "review", learner.student());
                HttpResponse<String> page = get("/review", reviewer.lt());
                boolean showsWork = page.statusCode() == 200 && !page.body().contains("id=\"review-none\"");
                if (showsWork != (p == learner)) {
                    wrong.add("reviewer at " + p.name() + " of " + learner.student() + ": HTTP " + page.statusCode()
                            + (showsWork ? " shows work" : " shows none"));
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void aStudentReachesNoInstructorPage() {
        List<String> wrong = new ArrayList<>();
        for (Place p : PLACES) {
            String lt = studentToken.get(p);
            Map<String, HttpResponse<String>> tried = new LinkedHashMap<>();
            tried.put("GET /instructor/grades", get("/instructor/grades", lt));
            tried.put("GET /instructor/class", get("/instructor/class", lt));
            tried.put("POST /instructor/grades retry", retry(lt, problemRow.get(p)));
            tried.put("GET /deep-linking", get("/deep-linking", lt));
            tried.put("GET /review", get("/review", lt));
            tried.forEach((what, r) -> {
                if (r.statusCode() != 403 || !"NOT_INSTRUCTOR".equals(LtiHttp.errorCode(r))) {
                    wrong.add("student at " + p.name() + " " + what + ": HTTP " + r.statusCode());
                }
            });
        }
        assertEquals(List.of(), wrong);
    }

    // ------------------------------------------------------------------ the admin console

    @Test
    void theAdminConsoleAloneSeesAndRetriesEveryInstitutionsDeliveries() throws Exception {
        assertEquals(
                401, new ToolClient(server.baseUrl()).get("/admin/deliveries").statusCode());
        ToolClient admin = new ToolClient(server.baseUrl(), "root", "s3cret");
        HttpResponse<String> page = admin.get("/admin/deliveries");
        assertEquals(200, page.statusCode(), page.body());
        assertEquals(List.of("A1", "A2", "A3", "B1"), placesShown(page.body()));
        long id = problemRow.get(B1);
        long before = db.longQuery("SELECT tries FROM grade_outbox WHERE id = ?", id);
        HttpResponse<String> retried =
                admin.postForm("/admin/deliveries/" + id + "/retry", Map.of("csrf", ToolClient.csrf(page.body())));
        assertEquals(303, retried.statusCode(), retried.body());
        GradeFixture.await(
                "tried again",
                Duration.ofSeconds(10),
                () -> db.longQuery("SELECT tries FROM grade_outbox WHERE id = ?", id) > before);
        HttpResponse<String> noToken = admin.postForm("/admin/deliveries/" + id + "/retry", Map.of());
        assertEquals(403, noToken.statusCode(), noToken.body());
        assertEquals("ADMIN_CSRF", LtiHttp.errorCode(noToken), "the console's forms need its CSRF token");
        assertEquals(
                401,
                new ToolClient(server.baseUrl())
                        .postForm("/admin/deliveries/" + id + "/retry", Map.of("csrf", ToolClient.csrf(page.body())))
                        .statusCode(),
                "a stranger without the console's login");
    }

    // ------------------------------------------------------------------ grading settings and line items per deployment

    @Test
    void anotherDeploymentsInstructorChangesNeitherThePolicyNorTheAttemptsOfTheSameLinkId() {
        // A3 is A1's link id in another deployment of the same registration: its instructor's settings are A3's alone.
        String teacher = launch(A3, "rules-teacher-A3", INSTRUCTOR, "rl", null).lt();
        assertEquals(
                303,
                post(teacher, Map.of("action", "policy", "policy", "LATEST")).statusCode());
        assertEquals(
                303,
                post(teacher, Map.of("action", "attempts", "attempts", "2")).statusCode());

        var own = org.attentionlesson.web.Json.parse(api(
                        "GET",
                        "/api/exercise/rules",
                        launch(A3, "rules-student-A3", STUDENT, "rl", null).lt(),
                        null)
                .body());
        assertEquals("LATEST", own.path("policy").asText(), "the change applies where it was made");
        assertEquals(2, own.path("attemptLimit").asInt());
        for (Place p : List.of(A1, B1)) {
            HttpResponse<String> r = api(
                    "GET",
                    "/api/exercise/rules",
                    launch(p, "rules-student-" + p.name(), STUDENT, "rl", null).lt(),
                    null);
            var rules = org.attentionlesson.web.Json.parse(r.body());
            assertEquals("BEST", rules.path("policy").asText(), p.name() + ": " + r.body());
            assertTrue(
                    rules.path("attemptLimit").isNull()
                            || rules.path("attemptLimit").isMissingNode(),
                    p.name() + " keeps unlimited attempts: " + r.body());
        }
    }

    @Test
    void aScoreGoesToItsOwnDeploymentsLineItemNeverToTheSameLinkIdsColumnInAnother() {
        // A1 scores first: the tool creates A1's column and remembers it. A3's score (same link id, other deployment,
        // its course's own gradebook) must land in a column of A3's course.
        for (Place p : List.of(A1, A3)) {
            String student = "column-" + p.name();
            Launched s = launch(p, student, STUDENT, "rl", null, true);
            GradeFixture.submit(db, List.of(new Submission(s.launchId(), student, p.link(), 7, 10)));
            GradeFixture.await(
                    student + "'s score delivered",
                    Duration.ofSeconds(20),
                    () -> !ags.acceptedFor(student).isEmpty());
        }
        int a1 = ags.acceptedFor("column-A1").get(0).lineItem();
        int a3 = ags.acceptedFor("column-A3").get(0).lineItem();
        assertTrue(a1 != a3, "A3's score went to A1's column " + a1);
    }

    private HttpResponse<String> post(String lt, Map<String, String> form) {
        Map<String, String> all = new LinkedHashMap<>(form);
        all.put("lt", lt);
        return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/instructor/grades"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(LtiHttp.form(all)))
                .build());
    }

    // ------------------------------------------------------------------ student APIs and launch tokens

    @Test
    void aStudentsApisNeverReachAnotherStudentsAttempt() {
        long attempt = Json.id(api("POST", "/api/exercise/attempts", studentToken.get(A1), null)
                .body());
        String item = db.stringQuery("SELECT item_ids FROM exercise_attempt WHERE id = ?", attempt)
                .split(",")[0];
        List<String> wrong = new ArrayList<>();
        for (Place p : PLACES) {
            // A classmate at A1 itself, and students of the other places (A3: same link and course ids, other
            // deployment; B1: same ids, other platform), none of whom has started the exercise.
            String lt = launch(p, "peer-" + p.name(), STUDENT, "rl", null).lt();
            Map<String, HttpResponse<String>> tried = new LinkedHashMap<>();
            tried.put("GET attempt", api("GET", "/api/exercise/attempts/" + attempt, lt, null));
            tried.put(
                    "PUT item",
                    api(
                            "PUT",
                            "/api/exercise/attempts/" + attempt + "/items/" + item,
                            lt,
                            "{\"antecedent\":0,\"cue\":1}"));
            tried.put("POST submit", api("POST", "/api/exercise/attempts/" + attempt + "/submit", lt, null));
            tried.forEach((what, r) -> {
                if (r.statusCode() != 404 || !"ATTEMPT_NOT_FOUND".equals(LtiHttp.errorCode(r))) {
                    wrong.add("student at " + p.name() + " " + what + ": HTTP " + r.statusCode() + " " + r.body());
                }
            });
            HttpResponse<String> latest = api("GET", "/api/exercise/attempts/latest", lt, null);
            // Someone who has not started has an empty latest attempt (200, status none), never another's attempt.
            if (latest.statusCode() != 200
                    || !latest.body().contains("\"status\":\"none\"")
                    || latest.body().contains("attemptId")) {
                wrong.add("student at " + p.name() + " latest attempt: HTTP " + latest.statusCode() + " "
                        + latest.body());
            }
        }
        assertEquals(List.of(), wrong);
        assertEquals(0, db.longQuery("SELECT COUNT(*) FROM exercise_answer WHERE attempt_id = ?", attempt));
    }

    @Test
    void aTamperedLaunchTokenIsRefused() throws Exception {
        String teacher = launch(A1, "tamper-teacher", INSTRUCTOR, "rl", null).lt();
        String student = studentToken.get(A1);
        String[] t = teacher.split("\\.");
        String[] s = student.split("\\.");
        char last = t[2].charAt(t[2].length() - 2);
        List<String> forged = List.of(
                t[0] + "." + t[1] + "." + t[2].substring(0, t[2].length() - 2) + (last == 'A' ? 'B' : 'A')
                        + t[2].charAt(t[2].length() - 1), // signature changed
                s[0] + "." + t[1] + "." + s[2], // the teacher's claims under the student's signature
                t[0] + "." + t[1] + ".", // signature dropped
                Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes()) + "." + t[1]
                        + ".",
                otherSecret(db.stringQuery("SELECT id FROM launch_context WHERE subject = 'tamper-teacher'")));
        for (String token : forged) {
            HttpResponse<String> r = get("/instructor/grades", token);
            assertEquals(401, r.statusCode(), token);
            assertEquals("LAUNCH_TOKEN_INVALID", LtiHttp.errorCode(r));
            HttpResponse<String> a = api("GET", "/api/exercise/attempts/latest", token, null);
            assertEquals(401, a.statusCode());
            assertFalse(a.body().contains("attemptId"));
        }
        assertTrue(get("/instructor/grades", teacher).statusCode() == 200, "the untouched token still works");
    }

    /** A well-formed launch token naming a real launch, signed with a secret that is not the tool's. */
    private static String otherSecret(String launchId) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(launchId)
                .audience("attention-lti/launch")
                .issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plusSeconds(600)))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(new byte[32]));
        return jwt.serialize();
    }

    /** Just enough JSON reading for the attempt id. */
    private static final class Json {
        static long id(String body) {
            return org.attentionlesson.web.Json.parse(body).get("attemptId").asLong();
        }
    }
}
