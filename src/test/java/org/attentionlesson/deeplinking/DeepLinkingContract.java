package org.attentionlesson.deeplinking;

import static org.attentionlesson.deeplinking.DeepLinkingFlow.AGS;
import static org.attentionlesson.deeplinking.DeepLinkingFlow.DL;
import static org.attentionlesson.deeplinking.DeepLinkingFlow.LTI;
import static org.attentionlesson.deeplinking.DeepLinkingFlow.choices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.attentionlesson.lesson.content.ContentLoader;
import org.attentionlesson.lesson.content.DirectoryContentSource;
import org.attentionlesson.lesson.content.Exercise;
import org.attentionlesson.lesson.content.ExerciseItem;
import org.attentionlesson.support.DevLmsClient;
import org.attentionlesson.support.LtiHttp;
import org.attentionlesson.support.TestDatabase;
import org.attentionlesson.support.TestPlatform;
import org.attentionlesson.support.TomcatServer;
import org.attentionlesson.web.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Deep Linking 2.0 end to end over real HTTP: the packaged WAR in Tomcat, the dev LMS as the platform (it checks
 * the response against the tool's JWKS like Canvas and Moodle), and an emulated platform for settings the dev LMS
 * does not send. Run against each database by a subclass.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DeepLinkingContract {
    private static final Exercise EXERCISE = new ContentLoader(new DirectoryContentSource(Path.of("content")))
            .load()
            .require("attention-in-brief")
            .exercise();
    private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newHttpClient();
    TestPlatform platform;
    TestDatabase db;
    TomcatServer tomcat;
    String tool;

    abstract TestDatabase.Kind databaseKind();

    private Path dir;

    @BeforeAll
    void start() throws Exception {
        platform = TestPlatform.start("dl-client-" + databaseKind().name().toLowerCase());
        dir = Files.createTempDirectory("deep-linking-it-");
        db = TestDatabase.create(databaseKind(), dir);
        Map<String, String> params = new LinkedHashMap<>(db.params());
        params.put("attention.devMode", "true");
        params.put(
                "attention.registrationsFile",
                platform.writeRegistrationsFile(dir).toString());
        tomcat = TomcatServer.start(0, params);
        tool = tomcat.baseUrl();
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

    // ------------------------------------------------------------------ through the dev LMS

    @Test
    void coursePageOffersTheInstructorTheDeepLinkingAction() {
        DevLmsClient browser = new DevLmsClient(tool);
        DevLmsClient.Response page = browser.get("/dev");
        assertEquals(200, page.status());
        assertTrue(
                page.body()
                        .contains(
                                "id=\"dl-add-teacher-alan\" href=\"/dev/deep-linking/start?user=teacher-alan&amp;method=get\""),
                "the course page links the instructor's deep linking launch");
    }

    @Test
    void pickerOffersTheSettingsWithTheirDefaults() throws Exception {
        DevLmsClient browser = new DevLmsClient(tool);
        DeepLinkingFlow.PickerLaunch picker = DeepLinkingFlow.openPicker(browser, "teacher-alan", "post");

        String html = picker.html();
        assertTrue(html.contains("value=\"Attention and transformers, in brief\""), "default title");
        assertTrue(html.contains("id=\"points\"") && html.contains("value=\"10\""), "default points");
        assertTrue(html.contains("value=\"BEST\" checked"), "best attempt by default");
        assertTrue(html.contains("value=\"LATEST\"") && html.contains("value=\"FIRST\""));
        assertTrue(html.contains("<select id=\"attempts\" name=\"attempts\""), "attempts allowed");
        assertTrue(html.contains("<option value=\"unlimited\" selected>"), "unlimited attempts by default");
        assertTrue(html.contains("<option value=\"1\">") && html.contains("<option value=\"10\">"), "or 1 to 10");
        assertTrue(
                html.contains("value=\"iframe\" checked") && html.contains("value=\"window\""),
                "both presentations the dev LMS accepts, framed first");
        assertTrue(html.contains("<label for=\"title\">"), "labelled fields");
        assertTrue(html.contains("name=\"action\" value=\"add\"") && html.contains("name=\"action\" value=\"cancel\""));
        assertTrue(
                html.contains("name=\"lt\" value=\"" + picker.launchToken() + "\""),
                "the form carries the launch token");
        // The request the dev LMS sent: the settings the picker honours.
        Map<String, Object> settings =
                SignedJWT.parse(picker.idToken()).getJWTClaimsSet().getJSONObjectClaim(DL + "deep_linking_settings");
        assertEquals(tool + "/dev/deep-linking/return?course=dev-course", settings.get("deep_link_return_url"));
        assertEquals(List.of("ltiResourceLink"), settings.get("accept_types"));
        assertEquals(false, settings.get("accept_multiple"));
        assertEquals(true, settings.get("auto_create"));
    }

    @Test
    void addedActivityComesBackAsASignedResponseWithEveryClaimRight() throws Exception {
        DevLmsClient browser = new DevLmsClient(tool);
        DeepLinkingFlow.PickerLaunch picker = DeepLinkingFlow.openPicker(browser, "teacher-alan", "get");
        String requestData = (String) SignedJWT.parse(picker.idToken())
                .getJWTClaimsSet()
                .getJSONObjectClaim(DL + "deep_linking_settings")
                .get("data");
        assertNotNull(requestData);

        DevLmsClient.Response answer = browser.postForm(
                "/deep-linking", choices(picker.launchToken(), "Attention, graded", "25", "latest", "window", "add"));

        assertEquals(200, answer.status(), answer.body());
        assertTrue(answer.body().contains("src=\"/static/js/autosubmit.js\""), "the form submits itself");
        assertTrue(answer.body().contains("data-autosubmit"));
        assertTrue(
                answer.header("Content-Security-Policy").orElse("").contains("form-action " + tool + " "),
                "the page may post to the return URL's origin");
        DevLmsClient.Form form = browser.form(answer.body());
        assertEquals(tool + "/dev/deep-linking/return?course=dev-course", form.action(), "return URL, query kept");
        assertEquals(List.of("JWT"), List.copyOf(form.fields().keySet()));

        SignedJWT jwt =
                DeepLinkingFlow.verifiedWithToolJwks(browser, form.fields().get("JWT"));
        assertEquals(JWSAlgorithm.RS256, jwt.getHeader().getAlgorithm());
        JWTClaimsSet c = jwt.getJWTClaimsSet();
        assertEquals("dev-tool", c.getIssuer());
        assertEquals(List.of(tool + "/dev"), c.getAudience());
        long lifetime = (c.getExpirationTime().getTime() - c.getIssueTime().getTime()) / 1000;
        assertEquals(300, lifetime, "expires five minutes after issue");
        assertTrue(Math.abs(c.getIssueTime().getTime() - System.currentTimeMillis()) < 60_000);
        String nonce = c.getStringClaim("nonce");
        assertNotNull(nonce);
        assertNotEquals(
                SignedJWT.parse(picker.idToken()).getJWTClaimsSet().getStringClaim("nonce"),
                nonce,
                "a fresh nonce, not the request's");
        assertEquals("LtiDeepLinkingResponse", c.getStringClaim(LTI + "message_type"));
        assertEquals("1.3.0", c.getStringClaim(LTI + "version"));
        assertEquals("dev-deployment", c.getStringClaim(LTI + "deployment_id"));
        assertEquals(requestData, c.getClaim(DL + "data"), "data echoed");

        List<Object> items = c.getListClaim(DL + "content_items");
        assertEquals(1, items.size());
        @SuppressWarnings("unchecked")
        Map<String, Object> item = (Map<String, Object>) items.get(0);
        assertEquals("ltiResourceLink", item.get("type"));
        assertEquals("Attention, graded", item.get("title"));
        assertTrue(item.get("text") instanceof String s && !s.isBlank());
        assertEquals(tool + "/lti/launch", item.get("url"));
        @SuppressWarnings("unchecked")
        Map<String, Object> custom = (Map<String, Object>) item.get("custom");
        String activityId = (String) custom.get("activity");
        assertNotNull(activityId);
        assertEquals(Map.of("activity", activityId), custom);
        @SuppressWarnings("unchecked")
        Map<String, Object> lineItem = (Map<String, Object>) item.get("lineItem");
        assertEquals("Attention, graded", lineItem.get("label"));
        assertEquals(25L, ((Number) lineItem.get("scoreMaximum")).longValue());
        assertEquals(activityId, lineItem.get("resourceId"));
        assertEquals("score", lineItem.get("tag"));
        assertEquals(Map.of("targetName", "_blank"), item.get("window"));
        assertFalse(item.containsKey("iframe"));

        assertEquals(
                1,
                db.longQuery(
                        "SELECT COUNT(*) FROM activity WHERE id = ? AND title = ? AND points = 25 "
                                + "AND policy = 'LATEST' AND presentation = 'window'",
                        activityId,
                        "Attention, graded"));
    }

    @Test
    void studentLaunchOfTheAddedLinkCarriesItsSettingsAndBindsTheGradePolicy() throws Exception {
        DevLmsClient teacher = new DevLmsClient(tool);
        DeepLinkingFlow.PickerLaunch picker = DeepLinkingFlow.openPicker(teacher, "teacher-alan", "get");
        DevLmsClient.Form form = teacher.form(teacher.postForm(
                        "/deep-linking",
                        choices(picker.launchToken(), "Attention (first try counts)", "7.5", "FIRST", "iframe", "add"))
                .body());
        String activityId = activityOf(form.fields().get("JWT"));

        DevLmsClient.Response returned = teacher.postForm(form.action(), form.fields());
        assertEquals(303, returned.status(), returned.body());
        String linkId = DeepLinkingFlow.param(returned.location(), "link");
        DevLmsClient.Response course = teacher.get(returned.location());
        assertTrue(course.body().contains("Attention (first try counts)"), "the course lists the new link");
        assertTrue(course.body().contains("id=\"open-" + linkId + "-student-ada\""), "students can launch it");
        DevLmsClient.Response gradebook = teacher.get("/dev/gradebook");
        assertTrue(gradebook.body().contains("Attention (first try counts)"), "a gradebook column was made");

        assertEquals(0, db.longQuery("SELECT COUNT(*) FROM grading_setting WHERE resource_link_id = ?", linkId));
        DeepLinkingFlow.LinkLaunch launch = DeepLinkingFlow.launchLink(new DevLmsClient(tool), "student-ada", linkId);

        assertTrue(launch.location().startsWith("/lesson?lt="), launch.location());
        JWTClaimsSet idToken = SignedJWT.parse(launch.idToken()).getJWTClaimsSet();
        assertEquals(Map.of("activity", activityId), idToken.getJSONObjectClaim(LTI + "custom"));
        assertEquals(linkId, idToken.getJSONObjectClaim(LTI + "resource_link").get("id"));
        String lineItem = (String) idToken.getJSONObjectClaim(AGS + "endpoint").get("lineitem");
        Matcher m = Pattern.compile(
                        Pattern.quote(tool) + "/dev/courses/dev-course/lineitems/(\\d+)/lineitem\\?type_id=(\\d+)")
                .matcher(lineItem);
        assertTrue(m.matches(), lineItem);
        assertEquals(m.group(1), m.group(2));
        assertNotEquals("1", m.group(1), "its own column, not the first link's");
        assertEquals(
                "iframe",
                idToken.getJSONObjectClaim(LTI + "launch_presentation").get("document_target"));
        DevLmsClient.Response lesson = new DevLmsClient(tool).get(launch.location());
        assertEquals(200, lesson.status());

        assertEquals(
                1,
                db.longQuery(
                        "SELECT COUNT(*) FROM grading_setting WHERE resource_link_id = ? AND policy = 'FIRST'", linkId),
                "the activity's policy is bound to the platform's resource link");
    }

    @Test
    void anActivityWithOneAttemptRefusesTheSecondStartUntilTheInstructorAllowsMore() throws Exception {
        DevLmsClient teacher = new DevLmsClient(tool);
        DeepLinkingFlow.PickerLaunch picker = DeepLinkingFlow.openPicker(teacher, "teacher-alan", "get");
        Map<String, String> fields =
                choices(picker.launchToken(), "Attention, one try", "10", "LATEST", "iframe", "add");
        fields.put("attempts", "1");
        DevLmsClient.Form form =
                teacher.form(teacher.postForm("/deep-linking", fields).body());
        String activityId = activityOf(form.fields().get("JWT"));
        assertEquals(1, db.longQuery("SELECT COUNT(*) FROM activity WHERE id = ? AND attempt_limit = 1", activityId));
        DevLmsClient.Response returned = teacher.postForm(form.action(), form.fields());
        assertEquals(303, returned.status(), returned.body());
        String linkId = DeepLinkingFlow.param(returned.location(), "link");

        String lt = DeepLinkingFlow.launchLink(new DevLmsClient(tool), "student-ada", linkId)
                .launchToken();
        assertEquals(
                1,
                db.longQuery(
                        "SELECT COUNT(*) FROM grading_setting WHERE resource_link_id = ? "
                                + "AND policy = 'LATEST' AND attempt_limit = 1",
                        linkId),
                "bound at the first launch");
        JsonNode rules = Json.parse(api("GET", "/api/exercise/rules", lt).body());
        assertEquals(1, rules.get("attemptLimit").asInt());
        assertEquals("LATEST", rules.get("policy").asText());
        assertTrue(rules.get("newAttemptAllowed").asBoolean());

        HttpResponse<String> started = api("POST", "/api/exercise/attempts", lt);
        assertEquals(200, started.statusCode(), started.body());
        JsonNode attempt = Json.parse(started.body());
        long id = attempt.get("attemptId").asLong();
        for (JsonNode item : attempt.get("items")) {
            ExerciseItem key = EXERCISE.item(item.get("id").asText());
            HttpResponse<String> c = api(
                    "PUT",
                    "/api/exercise/attempts/" + id + "/items/" + key.id(),
                    lt,
                    "{\"antecedent\":" + key.accepted().get(0) + ",\"cue\":"
                            + key.cue().get(0) + "}");
            assertEquals(200, c.statusCode(), c.body());
        }
        HttpResponse<String> submitted = api("POST", "/api/exercise/attempts/" + id + "/submit", lt);
        assertEquals(200, submitted.statusCode(), submitted.body());
        assertFalse(Json.parse(submitted.body())
                .path("rules")
                .path("newAttemptAllowed")
                .asBoolean(true));

        HttpResponse<String> again = api("POST", "/api/exercise/attempts", lt);
        assertEquals(409, again.statusCode(), again.body());
        assertEquals(
                "ATTEMPT_LIMIT_REACHED",
                Json.parse(again.body()).path("error").path("code").asText());
        assertTrue(
                Json.parse(again.body()).path("error").path("message").asText().contains("attempt"), again.body());
        assertEquals(
                1,
                db.longQuery("SELECT COUNT(*) FROM exercise_attempt WHERE resource_link_id = ?", linkId),
                "nothing was started");
        double full = Json.parse(submitted.body()).path("maxPoints").asDouble();
        assertEquals(
                1,
                db.longQuery(
                        "SELECT COUNT(*) FROM exercise_attempt WHERE resource_link_id = ? "
                                + "AND submitted_at IS NOT NULL AND score_given = ?",
                        linkId,
                        full),
                "the stored attempt is unchanged");
        assertEquals(
                id,
                Json.parse(api("GET", "/api/exercise/attempts/latest", lt).body())
                        .get("attemptId")
                        .asLong());

        // The instructor allows a second attempt on the grade delivery page, next to the policy.
        String tlt = DeepLinkingFlow.launchLink(new DevLmsClient(tool), "teacher-alan", linkId)
                .launchToken();
        DevLmsClient instructor = new DevLmsClient(tool);
        String page = instructor
                .get("/instructor/grades?lt="
                        + java.net.URLEncoder.encode(tlt, java.nio.charset.StandardCharsets.UTF_8))
                .body();
        assertTrue(page.contains("<option value=\"1\" selected>"), "the page shows the bound limit");
        DevLmsClient.Response saved =
                instructor.postForm("/instructor/grades", Map.of("lt", tlt, "action", "attempts", "attempts", "2"));
        assertEquals(303, saved.status(), saved.body());
        assertEquals(
                400,
                instructor
                        .postForm("/instructor/grades", Map.of("lt", tlt, "action", "attempts", "attempts", "11"))
                        .status());
        assertEquals(
                1,
                db.longQuery(
                        "SELECT COUNT(*) FROM grading_setting WHERE resource_link_id = ? "
                                + "AND policy = 'LATEST' AND attempt_limit = 2",
                        linkId));
        HttpResponse<String> second = api("POST", "/api/exercise/attempts", lt);
        assertEquals(200, second.statusCode(), second.body());
        assertEquals(2, Json.parse(second.body()).get("number").asInt());
    }

    private HttpResponse<String> api(String method, String path, String lt) throws Exception {
        return api(method, path, lt, null);
    }

    private HttpResponse<String> api(String method, String path, String lt, String body) throws Exception {
        java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(java.net.URI.create(tool + path))
                .header("Authorization", "Bearer " + lt);
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(
                method,
                body == null
                        ? java.net.http.HttpRequest.BodyPublishers.noBody()
                        : java.net.http.HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theDevLmsAcceptsAResponseOnce() {
        DevLmsClient browser = new DevLmsClient(tool);
        DeepLinkingFlow.PickerLaunch picker = DeepLinkingFlow.openPicker(browser, "teacher-alan", "get");
        DevLmsClient.Form form = browser.form(
                browser.postForm("/deep-linking", choices(picker.launchToken(), "Once", "10", "BEST", "iframe", "add"))
                        .body());

        assertEquals(303, browser.postForm(form.action(), form.fields()).status());
        DevLmsClient.Response replay = browser.postForm(form.action(), form.fields());

        assertEquals(400, replay.status());
        assertTrue(replay.body().contains("nonce"), replay.body());
    }

    @Test
    void cancelReturnsAnEmptyContentItemsArray() throws Exception {
        DevLmsClient browser = new DevLmsClient(tool);
        DeepLinkingFlow.PickerLaunch picker = DeepLinkingFlow.openPicker(browser, "teacher-alan", "get");
        long activities = db.count("activity");

        Map<String, String> cancel = new LinkedHashMap<>();
        cancel.put("lt", picker.launchToken());
        cancel.put("action", "cancel");
        DevLmsClient.Response answer = browser.postForm("/deep-linking", cancel);

        assertEquals(200, answer.status());
        DevLmsClient.Form form = browser.form(answer.body());
        JWTClaimsSet c = DeepLinkingFlow.verifiedWithToolJwks(
                        browser, form.fields().get("JWT"))
                .getJWTClaimsSet();
        assertEquals(List.of(), c.getListClaim(DL + "content_items"));
        assertNotNull(c.getStringClaim(DL + "msg"));
        assertNotNull(c.getClaim(DL + "data"), "data echoed on cancel too");
        assertEquals(activities, db.count("activity"), "nothing stored");
        DevLmsClient.Response returned = browser.postForm(form.action(), form.fields());
        assertEquals(303, returned.status());
        assertTrue(returned.location().contains("dl=cancelled"), returned.location());
    }

    @Test
    void aDeepLinkingLaunchAnswersOnce() {
        DevLmsClient browser = new DevLmsClient(tool);
        DeepLinkingFlow.PickerLaunch picker = DeepLinkingFlow.openPicker(browser, "teacher-alan", "get");
        Map<String, String> add = choices(picker.launchToken(), "Twice", "10", "BEST", "iframe", "add");
        assertEquals(200, browser.postForm("/deep-linking", add).status());

        DevLmsClient.Response again = browser.postForm("/deep-linking", add);

        assertEquals(409, again.status());
        assertEquals("DL_ALREADY_ANSWERED", LtiHttpCodes.of(again.body()));
    }

    @Test
    void learnersGetForbiddenOnThePicker() {
        DevLmsClient browser = new DevLmsClient(tool);
        DevLmsClient.Launch student = browser.launch("student-ada", "get");

        DevLmsClient.Response get = browser.get("/deep-linking?lt=" + student.launchToken());
        DevLmsClient.Response post = browser.postForm(
                "/deep-linking", choices(student.launchToken(), "Mine now", "10", "BEST", "iframe", "add"));

        assertEquals(403, get.status());
        assertEquals(403, post.status());
        assertEquals("NOT_INSTRUCTOR", LtiHttpCodes.of(get.body()));
    }

    @Test
    void learnersCannotStartADeepLinkingLaunchInTheDevLms() {
        DevLmsClient browser = new DevLmsClient(tool);
        assertEquals(
                403,
                browser.get("/dev/deep-linking/start?user=student-ada&method=get")
                        .status());
    }

    @Test
    void aLearnerDeepLinkingLaunchFromAPlatformIsForbidden() {
        String lt =
                platformDeepLinkingLaunch("Learner", settings("https://lms.example/return", List.of("iframe"), "d"));
        HttpResponse<String> r = new LtiHttp(tool).get("/deep-linking?lt=" + lt);
        assertEquals(403, r.statusCode());
    }

    @Test
    void withoutALaunchTokenThePickerAsksToStartFromTheCourse() {
        DevLmsClient browser = new DevLmsClient(tool);
        assertEquals(401, browser.get("/deep-linking").status());
        DevLmsClient.Response post = browser.postForm(
                "/deep-linking", Map.of("title", "x", "points", "10", "policy", "BEST", "action", "add"));
        assertEquals(401, post.status());
        assertEquals("LAUNCH_TOKEN_MISSING", LtiHttpCodes.of(post.body()));
    }

    @Test
    void aResourceLinkLaunchTokenDoesNotOpenThePicker() {
        DevLmsClient browser = new DevLmsClient(tool);
        DevLmsClient.Launch teacher = browser.launch("teacher-alan", "get");
        DevLmsClient.Response r = browser.get("/deep-linking?lt=" + teacher.launchToken());
        assertEquals(400, r.status());
        assertEquals("NOT_DEEP_LINKING", LtiHttpCodes.of(r.body()));
    }

    @ParameterizedTest(name = "title={0} points={1} policy={2} presentation={3}")
    @CsvSource({
        "Attention, 0,    BEST,   iframe, points, 'greater than 0'",
        "Attention, -5,   BEST,   iframe, points, 'greater than 0'",
        "Attention, 1001, BEST,   iframe, points, 'greater than 0'",
        "Attention, ten,  BEST,   iframe, points, 'as a number'",
        "Attention, '',   BEST,   iframe, points, 'as a number'",
        "Attention, 10,   RANDOM, iframe, policy, 'best, latest or first'",
        "Attention, 10,   '',     iframe, policy, 'best, latest or first'",
        "'',        10,   BEST,   iframe, title,  'Enter a title'",
        "Attention, 10,   BEST,   embed,  presentation, 'how students open'",
    })
    void refusesBadSettingsWithAClearMessageAndStoresNothing(
            String title, String points, String policy, String presentation, String field, String message) {
        DevLmsClient browser = new DevLmsClient(tool);
        DeepLinkingFlow.PickerLaunch picker = DeepLinkingFlow.openPicker(browser, "teacher-alan", "get");
        long activities = db.count("activity");

        DevLmsClient.Response r = browser.postForm(
                "/deep-linking", choices(picker.launchToken(), title, points, policy, presentation, "add"));

        assertEquals(400, r.status());
        assertTrue(r.body().contains(message), r.body());
        assertTrue(r.body().contains("role=\"alert\""), "an error summary is announced");
        assertTrue(r.body().contains("id=\"" + field + "-error\""), "the message sits by the field");
        assertFalse(r.body().contains("name=\"JWT\""), "no response is sent to the platform");
        assertEquals(activities, db.count("activity"));
        // The same launch can still add the activity once the input is fixed.
        DevLmsClient.Response fixed = browser.postForm(
                "/deep-linking", choices(picker.launchToken(), "Attention", "10", "BEST", "iframe", "add"));
        assertEquals(200, fixed.status());
    }

    // ------------------------------------------------------------------ settings the dev LMS does not send

    @Test
    void honoursThePlatformsPresentationTargetsAndSendsNoDataItDidNotGet() throws Exception {
        String returnUrl = "https://lms.example/courses/7/deep_linking_response?modal=true&x=a%20b";
        String lt = platformDeepLinkingLaunch("Instructor", settings(returnUrl, List.of("iframe", "embed"), null));
        LtiHttp http = new LtiHttp(tool);

        String picker = http.get("/deep-linking?lt=" + lt).body();
        assertTrue(picker.contains("value=\"iframe\" checked"));
        assertFalse(picker.contains("value=\"window\""), "window is not offered when the platform does not take it");
        assertTrue(picker.contains("Ada &lt;b&gt;Lovelace&lt;/b&gt;"), "names are escaped");

        DevLmsClient browser = new DevLmsClient(tool);
        DevLmsClient.Response refused =
                browser.postForm("/deep-linking", choices(lt, "Attention", "10", "BEST", "window", "add"));
        assertEquals(400, refused.status());
        DevLmsClient.Response answer =
                browser.postForm("/deep-linking", choices(lt, "Attention", "10", "BEST", "iframe", "add"));
        assertEquals(200, answer.status());
        DevLmsClient.Form form = browser.form(answer.body());
        assertEquals(returnUrl, form.action(), "the return URL's query is kept");
        assertTrue(
                answer.header("Content-Security-Policy").orElse("").contains("form-action https://lms.example "),
                "the page may post to the return URL's origin");
        JWTClaimsSet c = DeepLinkingFlow.verifiedWithToolJwks(
                        browser, form.fields().get("JWT"))
                .getJWTClaimsSet();
        assertEquals(platform.clientId(), c.getIssuer());
        assertEquals(List.of(platform.issuer()), c.getAudience());
        assertEquals(TestPlatform.DEPLOYMENT_ID, c.getStringClaim(LTI + "deployment_id"));
        assertFalse(c.getClaims().containsKey(DL + "data"), "no data in the request, none in the response");
        @SuppressWarnings("unchecked")
        Map<String, Object> item =
                (Map<String, Object>) c.getListClaim(DL + "content_items").get(0);
        assertEquals(Map.of("width", 1000L, "height", 800L), item.get("iframe"));
    }

    @Test
    void inMoodleThePickerSaysTheLaunchContainerDecidesInsteadOfOfferingAChoice() throws Exception {
        // Moodle lists iframe, window and frame, but its activity's "Launch container" decides (docs/lti.md §10).
        String lt = platformDeepLinkingLaunch(
                "Instructor",
                settings("https://lms.example/return", List.of("iframe", "window", "frame"), null),
                Map.of(
                        "guid",
                        "moodle-site",
                        "name",
                        "Example Moodle",
                        "product_family_code",
                        "moodle",
                        "version",
                        "2024100700"));
        String picker = new LtiHttp(tool).get("/deep-linking?lt=" + lt).body();
        assertFalse(picker.contains("name=\"presentation\""), "no choice that Moodle would ignore");
        assertTrue(picker.contains("id=\"presentation-moodle\""), picker);
        assertTrue(
                picker.contains("Launch container")
                        && picker.contains("Embed, without blocks")
                        && picker.contains("New window"),
                "says where Moodle decides");

        DevLmsClient browser = new DevLmsClient(tool);
        DevLmsClient.Response answer =
                browser.postForm("/deep-linking", choices(lt, "Attention", "10", "BEST", null, "add"));
        assertEquals(200, answer.status(), answer.body());
        JWTClaimsSet c = DeepLinkingFlow.verifiedWithToolJwks(
                        browser, browser.form(answer.body()).fields().get("JWT"))
                .getJWTClaimsSet();
        @SuppressWarnings("unchecked")
        Map<String, Object> item =
                (Map<String, Object>) c.getListClaim(DL + "content_items").get(0);
        assertFalse(item.containsKey("window") || item.containsKey("iframe"), "no document target for Moodle: " + item);

        // Any other platform keeps the choice.
        String other = platformDeepLinkingLaunch(
                "Instructor", settings("https://lms.example/return", List.of("iframe", "window"), null));
        String otherPicker = new LtiHttp(tool).get("/deep-linking?lt=" + other).body();
        assertTrue(otherPicker.contains("value=\"window\""));
        assertFalse(otherPicker.contains("id=\"presentation-moodle\""));
    }

    @Test
    void echoesStructuredDataUnchanged() throws Exception {
        Map<String, Object> s = settings("https://lms.example/return", List.of("window"), null);
        s.put("data", Map.of("course", 7, "ticket", "abc"));
        String lt = platformDeepLinkingLaunch("Instructor", s);
        DevLmsClient browser = new DevLmsClient(tool);
        DevLmsClient.Response answer = browser.postForm("/deep-linking", Map.of("lt", lt, "action", "cancel"));
        JWTClaimsSet c = DeepLinkingFlow.verifiedWithToolJwks(
                        browser, browser.form(answer.body()).fields().get("JWT"))
                .getJWTClaimsSet();
        assertEquals(Map.of("course", 7L, "ticket", "abc"), c.getClaim(DL + "data"));
    }

    @Test
    void aPlatformThatTakesNoResourceLinksGetsAClearPage() {
        Map<String, Object> s = settings("https://lms.example/return", List.of("iframe"), "d");
        s.put("accept_types", List.of("file", "html"));
        String lt = platformDeepLinkingLaunch("Instructor", s);
        LtiHttp http = new LtiHttp(tool);

        HttpResponse<String> page = http.get("/deep-linking?lt=" + lt);

        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("id=\"dl-unsupported\""), page.body());
        assertTrue(page.body().contains("<code>file</code>, <code>html</code>"), "says what was asked for");
        DevLmsClient browser = new DevLmsClient(tool);
        DevLmsClient.Response add = browser.postForm("/deep-linking", choices(lt, "A", "10", "BEST", "iframe", "add"));
        assertEquals(409, add.status());
        assertEquals("DL_TYPE_NOT_ACCEPTED", LtiHttpCodes.of(add.body()));
        assertEquals(
                200,
                browser.postForm("/deep-linking", Map.of("lt", lt, "action", "cancel"))
                        .status(),
                "the way back to the course still works");
    }

    @Test
    void refusesAReturnUrlThatIsNotHttp() {
        String lt = platformDeepLinkingLaunch("Instructor", settings("javascript:alert(1)", List.of("iframe"), "d"));
        HttpResponse<String> r = new LtiHttp(tool).get("/deep-linking?lt=" + lt);
        assertEquals(400, r.statusCode());
        assertEquals("DL_RETURN_URL_INVALID", LtiHttp.errorCode(r));
    }

    // ------------------------------------------------------------------ binding on launch

    @Test
    void aPolicyAlreadySetForTheLinkIsNotOverwritten() throws Exception {
        String activityId = platformActivity("FIRST");
        // Set for the link in the deployment the launch comes from (settings are per deployment, LTI Core 1.3 §5.3.5).
        try (Connection c = db.connect();
                PreparedStatement ps = c.prepareStatement("INSERT INTO grading_setting "
                        + "(registration_id, deployment_row_id, resource_link_id, policy, updated_at) SELECT r.id, d.id, "
                        + "'link-set', 'LATEST', CURRENT_TIMESTAMP FROM platform_registration r JOIN deployment d ON "
                        + "d.registration_id = r.id AND d.deployment_id = ? WHERE r.client_id = ?")) {
            ps.setString(1, TestPlatform.DEPLOYMENT_ID);
            ps.setString(2, platform.clientId());
            assertEquals(1, ps.executeUpdate());
        }

        assertEquals(
                303,
                platformResourceLaunch("link-set", Map.of("activity", activityId))
                        .statusCode());

        assertEquals("LATEST", policyOf("link-set"));
    }

    @Test
    void aLaunchNamingAnUnknownActivityStillOpensTheLessonAndBindsNothing() {
        HttpResponse<String> r = platformResourceLaunch("link-unknown", Map.of("activity", "no-such-activity"));
        assertEquals(303, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Location").orElse("").startsWith("/lesson?lt="));
        assertNull(policyOf("link-unknown"));
    }

    @Test
    void anActivityOfAnotherRegistrationIsNotBound() throws Exception {
        DevLmsClient browser = new DevLmsClient(tool);
        DeepLinkingFlow.PickerLaunch picker = DeepLinkingFlow.openPicker(browser, "teacher-alan", "get");
        String devActivity = activityOf(browser.form(browser.postForm(
                                "/deep-linking",
                                choices(picker.launchToken(), "Dev's", "10", "LATEST", "iframe", "add"))
                        .body())
                .fields()
                .get("JWT"));

        assertEquals(
                303,
                platformResourceLaunch("link-foreign", Map.of("activity", devActivity))
                        .statusCode());

        assertNull(policyOf("link-foreign"));
    }

    @Test
    void theFirstLaunchBindsAndLaterLaunchesKeepIt() throws Exception {
        String activityId = platformActivity("LATEST");
        assertEquals(
                303,
                platformResourceLaunch("link-bound", Map.of("activity", activityId))
                        .statusCode());
        assertEquals(
                303,
                platformResourceLaunch("link-bound", Map.of("activity", activityId))
                        .statusCode());
        assertEquals("LATEST", policyOf("link-bound"));
        assertEquals(1, db.longQuery("SELECT COUNT(*) FROM grading_setting WHERE resource_link_id = 'link-bound'"));
    }

    // ------------------------------------------------------------------ helpers

    static Map<String, Object> settings(String returnUrl, List<String> targets, String data) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("deep_link_return_url", returnUrl);
        s.put("accept_types", List.of("ltiResourceLink"));
        s.put("accept_presentation_document_targets", targets);
        s.put("accept_media_types", "application/vnd.ims.lti.v1.ltilink");
        s.put("accept_multiple", false);
        s.put("auto_create", true);
        if (data != null) {
            s.put("data", data);
        }
        return s;
    }

    /** A deep linking launch from the emulated platform; returns the launch token. */
    String platformDeepLinkingLaunch(String role, Map<String, Object> settings) {
        return platformDeepLinkingLaunch(role, settings, null);
    }

    /** The same with an {@code lti:tool_platform} claim (null: the emulated platform's own). */
    String platformDeepLinkingLaunch(String role, Map<String, Object> settings, Map<String, Object> toolPlatform) {
        LtiHttp http = new LtiHttp(tool);
        LtiHttp.Login login = http.login(platform);
        JWTClaimsSet.Builder builder = platform.resourceLinkClaims(tool, login.nonce(), "teacher-1", role)
                .claim(LTI + "message_type", "LtiDeepLinkingRequest")
                .claim(LTI + "resource_link", null)
                .claim(DL + "deep_linking_settings", settings);
        if (toolPlatform != null) {
            builder.claim(LTI + "tool_platform", toolPlatform);
        }
        JWTClaimsSet claims = builder.build();
        HttpResponse<String> r = http.launch(platform.sign(claims), login.state(), login.cookie());
        assertEquals(303, r.statusCode(), r.body());
        String location = r.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith("/deep-linking?lt="), location);
        return DeepLinkingFlow.param(location, "lt");
    }

    /** Adds an activity through the emulated platform; returns its id. */
    String platformActivity(String policy) throws Exception {
        String lt = platformDeepLinkingLaunch(
                "Instructor", settings("https://lms.example/return", List.of("iframe"), null));
        DevLmsClient browser = new DevLmsClient(tool);
        DevLmsClient.Response answer =
                browser.postForm("/deep-linking", choices(lt, "Activity", "10", policy, "iframe", "add"));
        assertEquals(200, answer.status(), answer.body());
        return activityOf(browser.form(answer.body()).fields().get("JWT"));
    }

    HttpResponse<String> platformResourceLaunch(String linkId, Map<String, String> custom) {
        LtiHttp http = new LtiHttp(tool);
        LtiHttp.Login login = http.login(platform);
        JWTClaimsSet claims = platform.resourceLinkClaims(tool, login.nonce(), "learner-1", "Learner")
                .claim(LTI + "resource_link", Map.of("id", linkId, "title", "Attention"))
                .claim(LTI + "custom", custom)
                .build();
        return http.launch(platform.sign(claims), login.state(), login.cookie());
    }

    String policyOf(String linkId) {
        try (Connection c = db.connect();
                PreparedStatement ps =
                        c.prepareStatement("SELECT policy FROM grading_setting WHERE resource_link_id = ?")) {
            ps.setString(1, linkId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static String activityOf(String jwt) throws Exception {
        Map<String, Object> item = (Map<String, Object>) SignedJWT.parse(jwt)
                .getJWTClaimsSet()
                .getListClaim(DL + "content_items")
                .get(0);
        return (String) ((Map<String, Object>) item.get("custom")).get("activity");
    }

    /** The stable error code on an error page. */
    static final class LtiHttpCodes {
        static String of(String body) {
            int i = body.indexOf("<code>");
            return i < 0 ? null : body.substring(i + 6, body.indexOf("</code>", i));
        }
    }
}
