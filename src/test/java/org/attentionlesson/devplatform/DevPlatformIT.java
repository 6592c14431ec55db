package org.attentionlesson.devplatform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.attentionlesson.support.DevLmsClient;
import org.attentionlesson.support.TomcatServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The dev LMS launching the packaged tool over real HTTP, as a browser would see it. */
class DevPlatformIT {
    private static final String LTI = "https://purl.imsglobal.org/spec/lti/claim/";
    private static TomcatServer server;

    @BeforeAll
    static void start() {
        server = TomcatServer.start(0, Map.of("attention.devMode", "true"));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest(name = "{0} with {1} login initiation")
    @CsvSource({
        "student-ada,   get,  Ada Lovelace,  Learner",
        "student-ada,   post, Ada Lovelace,  Learner",
        "student-grace, get,  Grace Hopper,  Learner",
        "teacher-alan,  get,  Alan Turing,   Instructor",
        "teacher-alan,  post, Alan Turing,   Instructor",
    })
    void launchThroughTheDevLmsEndsOnTheLessonPage(String user, String method, String name, String role) {
        DevLmsClient browser = new DevLmsClient(server.baseUrl());

        DevLmsClient.Launch launch = browser.launch(user, method);

        assertTrue(launch.location().startsWith("/lesson?lt="), launch.location());
        DevLmsClient.Response lesson =
                browser.get("/lesson?lt=" + URLEncoder.encode(launch.launchToken(), StandardCharsets.UTF_8));
        assertEquals(200, lesson.status());
        assertTrue(lesson.body().contains(name), "the lesson page names " + name);
        assertLaunchFacts(launch.html(), name, "Deep Learning 101 (dev)", role);
    }

    /** What the placeholder lesson page shows about the launch; update here when the lesson replaces it. */
    private static void assertLaunchFacts(String html, String name, String course, String role) {
        assertEquals(name, textOf(html, "launch-user"));
        assertEquals(course, textOf(html, "launch-course"));
        assertEquals(role, textOf(html, "launch-role"));
    }

    @Test
    void idTokenIsSignedWithThePublishedKeyAndCarriesTheResourceLinkClaims() throws Exception {
        DevLmsClient browser = new DevLmsClient(server.baseUrl());
        DevLmsClient.Launch launch = browser.launch("student-grace", "get", "iframe");

        SignedJWT jwt = SignedJWT.parse(launch.idToken());
        assertEquals(JWSAlgorithm.RS256, jwt.getHeader().getAlgorithm());
        DevLmsClient.Response jwks = browser.get("/dev/jwks");
        assertEquals(200, jwks.status());
        RSAKey key = JWKSet.parse(jwks.body())
                .getKeyByKeyId(jwt.getHeader().getKeyID())
                .toRSAKey();
        assertTrue(jwt.verify(new RSASSAVerifier(key)));

        JWTClaimsSet c = jwt.getJWTClaimsSet();
        assertEquals(server.baseUrl() + "/dev", c.getIssuer());
        assertEquals(List.of("dev-tool"), c.getAudience());
        assertEquals("student-grace", c.getSubject());
        assertEquals(300, (c.getExpirationTime().getTime() - c.getIssueTime().getTime()) / 1000);
        assertNotNull(c.getStringClaim("nonce"));
        assertEquals("LtiResourceLinkRequest", c.getStringClaim(LTI + "message_type"));
        assertEquals("1.3.0", c.getStringClaim(LTI + "version"));
        assertEquals("dev-deployment", c.getStringClaim(LTI + "deployment_id"));
        assertEquals(server.baseUrl() + "/lti/launch", c.getStringClaim(LTI + "target_link_uri"));
        assertEquals("dev-link-1", c.getJSONObjectClaim(LTI + "resource_link").get("id"));
        assertEquals("DL101", c.getJSONObjectClaim(LTI + "context").get("label"));
        assertEquals(
                List.of("http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"),
                c.getStringListClaim(LTI + "roles"));
        assertEquals("iframe", c.getJSONObjectClaim(LTI + "launch_presentation").get("document_target"));
        assertEquals("Dev LMS", c.getJSONObjectClaim(LTI + "tool_platform").get("name"));
        Map<String, Object> ags = c.getJSONObjectClaim("https://purl.imsglobal.org/spec/lti-ags/claim/endpoint");
        assertEquals(server.baseUrl() + "/dev/courses/dev-course/lineitems", ags.get("lineitems"));
        assertEquals(server.baseUrl() + "/dev/courses/dev-course/lineitems/1/lineitem?type_id=1", ags.get("lineitem"));
        assertEquals(
                server.baseUrl() + "/dev/courses/dev-course/memberships",
                c.getJSONObjectClaim("https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice")
                        .get("context_memberships_url"));
    }

    @Test
    void authEndpointRefusesAWrongRedirectUri() {
        DevLmsClient browser = new DevLmsClient(server.baseUrl());
        String authUrl = authRequestFromTheTool(browser, "student-ada");
        String evil = URLEncoder.encode("http://attacker.example/lti/launch", StandardCharsets.UTF_8);

        DevLmsClient.Response r = browser.get(authUrl.replaceFirst("redirect_uri=[^&]*", "redirect_uri=" + evil));

        assertEquals(400, r.status());
        assertTrue(r.header("Content-Type").orElse("").startsWith("text/plain"));
        assertTrue(r.body().contains("redirect_uri"), r.body());
        assertTrue(!r.body().contains("id_token"), "no token is handed out");
    }

    @Test
    void authEndpointRefusesALoginHintOtherThanTheMessageHintsPerson() {
        DevLmsClient browser = new DevLmsClient(server.baseUrl());
        String authUrl = authRequestFromTheTool(browser, "student-ada");

        DevLmsClient.Response r = browser.get(authUrl.replaceFirst("login_hint=[^&]*", "login_hint=teacher-alan"));

        assertEquals(400, r.status());
        assertTrue(r.body().contains("login_hint"), r.body());
    }

    @Test
    void authEndpointRefusesAMessageHintItDidNotIssue() {
        DevLmsClient browser = new DevLmsClient(server.baseUrl());
        String authUrl = authRequestFromTheTool(browser, "student-ada");

        DevLmsClient.Response r =
                browser.get(authUrl.replaceFirst("lti_message_hint=[^&]*", "lti_message_hint=forged"));

        assertEquals(400, r.status());
        assertTrue(r.body().contains("lti_message_hint"), r.body());
    }

    @Test
    void coursePageOffersFramedAndWindowLaunchesForEveryPerson() {
        DevLmsClient browser = new DevLmsClient(server.baseUrl());

        DevLmsClient.Response page = browser.get("/dev?method=post");

        assertEquals(200, page.status());
        for (String user : List.of("student-ada", "student-grace", "teacher-alan")) {
            assertEquals(
                    "/dev/course?user=" + user + "&method=post", hrefOf(page.body(), "launch-" + user + "-iframe"));
            assertEquals(
                    "/dev/start?user=" + user + "&target=window&method=post",
                    hrefOf(page.body(), "launch-" + user + "-window"));
        }
    }

    @Test
    void courseFramePageFramesTheLaunchAndMayFrameIt() {
        DevLmsClient browser = new DevLmsClient(server.baseUrl());

        DevLmsClient.Response page = browser.get("/dev/course?user=teacher-alan&method=get");

        assertEquals(200, page.status());
        Matcher iframe = Pattern.compile("<iframe\\b[^>]*>").matcher(page.body());
        assertTrue(iframe.find(), "the page has an iframe");
        assertTrue(iframe.group().contains("title=\""), "the iframe has a title");
        assertTrue(
                iframe.group().contains("src=\"/dev/start?user=teacher-alan&amp;target=iframe&amp;method=get\""),
                iframe.group());
        assertTrue(page.body().contains("src=\"/static/js/dev/frame-resize.js\""));
        assertTrue(page.header("Content-Security-Policy").orElse("").contains("frame-src 'self'"));
    }

    @Test
    void postLoginInitiationIsAnAutoSubmittingFormToTheToolsLogin() {
        DevLmsClient browser = new DevLmsClient(server.baseUrl());

        DevLmsClient.Response page = browser.get("/dev/start?user=student-ada&target=window&method=post");

        assertEquals(200, page.status());
        DevLmsClient.Form form = browser.form(page.body());
        assertEquals(server.baseUrl() + "/lti/login", form.action());
        assertEquals(server.baseUrl() + "/dev", form.fields().get("iss"));
        assertEquals("student-ada", form.fields().get("login_hint"));
        assertEquals("dev-tool", form.fields().get("client_id"));
        assertEquals("dev-deployment", form.fields().get("lti_deployment_id"));
        assertEquals(server.baseUrl() + "/lti/launch", form.fields().get("target_link_uri"));
        assertNotNull(form.fields().get("lti_message_hint"));
        assertTrue(page.body().contains("src=\"/static/js/dev/autosubmit.js\""));
        assertTrue(page.body().contains("<button type=\"submit\""), "a visible button works without JavaScript");
    }

    @Test
    void withDevModeOffTheDevLmsDoesNotExist() {
        try (TomcatServer production = TomcatServer.start(0, Map.of())) {
            DevLmsClient browser = new DevLmsClient(production.baseUrl());
            for (String path :
                    List.of("/dev", "/dev/jwks", "/dev/auth", "/dev/start?user=student-ada", "/dev/course")) {
                assertEquals(404, browser.get(path).status(), path);
            }
        }
    }

    /** The tool's redirect to the dev LMS's auth endpoint, after a real GET login initiation. */
    private static String authRequestFromTheTool(DevLmsClient browser, String user) {
        DevLmsClient.Response start = browser.get("/dev/start?user=" + user + "&target=window&method=get");
        assertEquals(302, start.status());
        DevLmsClient.Response login = browser.get(start.location());
        assertEquals(302, login.status());
        String auth = login.location();
        assertTrue(auth.startsWith(server.baseUrl() + "/dev/auth?"), auth);
        return auth;
    }

    private static String textOf(String html, String id) {
        Matcher m = Pattern.compile("id=\"" + Pattern.quote(id) + "\"[^>]*>([^<]*)<")
                .matcher(html);
        assertTrue(m.find(), "no element #" + id);
        return m.group(1).trim();
    }

    private static String hrefOf(String html, String id) {
        Matcher m = Pattern.compile("<a\\b[^>]*\\bid=\"" + Pattern.quote(id) + "\"[^>]*\\bhref=\"([^\"]*)\"")
                .matcher(html);
        assertTrue(m.find(), "no link #" + id);
        return m.group(1).replace("&amp;", "&");
    }
}
