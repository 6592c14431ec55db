package org.attentionlesson.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.attentionlesson.support.Browser;
import org.attentionlesson.support.TomcatServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * LTI Dynamic Registration end to end: the WAR on Tomcat 11 (dev mode, so loopback http platforms are allowed;
 * new registrations wait for approval) against emulated Moodle- and Canvas-style platforms over HTTP, then a launch
 * through each new registration; and every bad input, each of which leaves nothing stored.
 */
class DynamicRegistrationIT {
    static TomcatServer tool;
    static ToolClient admin;

    @BeforeAll
    static void start() {
        tool = TomcatServer.start(
                0,
                Map.of(
                        "attention.devMode", "true",
                        "attention.autoApproveRegistrations", "false",
                        "attention.registrationTimeoutSeconds", "2",
                        "attention.registrationConnectSeconds", "2"),
                Map.of("root", "s3cret"));
        admin = new ToolClient(tool.baseUrl(), "root", "s3cret");
    }

    @AfterAll
    static void stop() {
        tool.close();
    }

    @Test
    void registersWithMoodleStylePlatformThenLaunchesAfterApproval() throws Exception {
        try (EmulatedPlatform moodle = new EmulatedPlatform(EmulatedPlatform.Style.MOODLE)) {
            HttpResponse<String> page = new ToolClient(tool.baseUrl()).get(moodle.registerUrl(tool.baseUrl()));
            assertEquals(200, page.statusCode(), page.body());
            assertTrue(page.body().contains("data-registration=\"done\""));
            assertTrue(page.body().contains("/static/js/registration.js"));
            assertTrue(page.headers()
                    .firstValue("Content-Security-Policy")
                    .orElse("")
                    .contains("frame-ancestors *"));

            // Bearer token on both calls; the request Moodle and Canvas insist on.
            assertTrue(moodle.requests.stream()
                    .allMatch(r -> ("Bearer " + EmulatedPlatform.TOKEN).equals(r.get("authorization"))));
            JsonNode reg = moodle.lastRegistration;
            assertEquals(
                    "private_key_jwt", reg.path("token_endpoint_auth_method").asText());
            assertTrue(reg.path("grant_types").toString().contains("implicit"));
            assertTrue(reg.path("grant_types").toString().contains("client_credentials"));
            assertFalse(List.of(reg.path("scope").asText().split(" ")).contains("openid"));
            assertTrue(reg.path("scope").asText().contains("lti-ags/scope/score"));
            JsonNode tc = reg.path("https://purl.imsglobal.org/spec/lti-tool-configuration");
            assertEquals("localhost:" + tool.port(), tc.path("domain").asText());
            assertEquals(
                    tool.baseUrl() + "/lti/launch", tc.path("target_link_uri").asText());
            assertEquals(
                    tool.baseUrl() + "/lti/launch",
                    reg.path("redirect_uris").get(0).asText());
            assertEquals(
                    tool.baseUrl() + "/lti/login",
                    reg.path("initiate_login_uri").asText());
            assertEquals(
                    tool.baseUrl() + "/.well-known/jwks.json",
                    reg.path("jwks_uri").asText());
            assertTrue(tc.path("messages").toString().contains("LtiDeepLinkingRequest"));
            assertFalse(
                    tc.path("messages").toString().contains("LtiSubmissionReviewRequest"),
                    "messages are trimmed to what the platform supports");

            JsonNode stored = registration(moodle.issuer(), moodle.clientId);
            assertEquals("PENDING", stored.path("status").asText());
            assertEquals(
                    "7", stored.path("deployments").get(0).path("deploymentId").asText());

            ToolClient browser = new ToolClient(tool.baseUrl());
            HttpResponse<String> refused = browser.get(loginPath(moodle));
            assertEquals(403, refused.statusCode());
            assertTrue(refused.body().contains("REGISTRATION_PENDING"));
            assertTrue(refused.body().contains("Who must act: the administrator of this tool"), refused.body());
            assertTrue(refused.body().contains("Waiting for approval"), "says where to approve: " + refused.body());

            // The admin console puts what waits for approval first, with its count.
            String console = admin.get("/admin/").body();
            int pendingAt = console.indexOf("id=\"pending-registrations\"");
            assertTrue(
                    pendingAt > 0 && pendingAt < console.indexOf("id=\"registrations\""),
                    "the pending box comes before the registrations table");
            String pendingBox = console.substring(pendingAt, console.indexOf("</section>", pendingAt));
            assertTrue(
                    pendingBox.contains("data-pending-id=\"" + stored.path("id").asLong() + "\""), pendingBox);
            assertTrue(
                    pendingBox.contains(
                            "/admin/registrations/" + stored.path("id").asLong() + "/approve"),
                    pendingBox);
            assertTrue(pendingBox.matches("(?s).*id=\"pending-count\">[1-9]\\d*<.*"), pendingBox);

            approve(stored.path("id").asLong());
            assertEquals(303, launch(browser, moodle, "7").statusCode());
            String after = admin.get("/admin/").body();
            assertFalse(
                    after.contains("data-pending-id=\"" + stored.path("id").asLong() + "\""),
                    "an approved registration leaves the pending box");
        }
    }

    @Test
    void registersWithCanvasStylePlatformWithoutDeploymentThenTheAdminApprovesTheDeploymentSeenAtFirstLaunch()
            throws Exception {
        try (EmulatedPlatform canvas = new EmulatedPlatform(EmulatedPlatform.Style.CANVAS)) {
            HttpResponse<String> page = new ToolClient(tool.baseUrl()).get(canvas.registerUrl(tool.baseUrl()));
            assertEquals(200, page.statusCode(), page.body());
            JsonNode msgs = canvas.lastRegistration
                    .path("https://purl.imsglobal.org/spec/lti-tool-configuration")
                    .path("messages");
            assertTrue(msgs.toString().contains("assignment_selection"));
            assertTrue(canvas.lastRegistration.toString().contains("https://canvas.instructure.com/lti/privacy_level"));
            JsonNode stored = registration(canvas.issuer(), canvas.clientId);
            assertEquals(0, stored.path("deployments").size());
            assertTrue(
                    stored.path("name").asText().startsWith("Canvas: Northfield <University>"),
                    "the institution's Canvas account names the registration: "
                            + stored.path("name").asText());
            approve(stored.path("id").asLong());
            String deploymentId = "12:8865aa05b4b79b64a91a86042e43af5ea8ae79eb";
            HttpResponse<String> refused = launch(new ToolClient(tool.baseUrl()), canvas, deploymentId);
            assertEquals(403, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("DEPLOYMENT_UNKNOWN"), refused.body());
            JsonNode seen = registration(canvas.issuer(), canvas.clientId)
                    .path("deployments")
                    .get(0);
            assertEquals(deploymentId, seen.path("deploymentId").asText());
            assertEquals("REFUSED", seen.path("status").asText());

            ToolClient console = new ToolClient(tool.baseUrl(), "root", "s3cret");
            String consolePage = console.get(
                            "/admin/registrations/" + stored.path("id").asLong())
                    .body();
            java.util.regex.Matcher approve = java.util.regex.Pattern.compile(
                            "action=\"(/admin/registrations/\\d+/deployments/\\d+/approve)\"")
                    .matcher(consolePage);
            assertTrue(approve.find(), consolePage);
            assertEquals(
                    303,
                    console.postForm(approve.group(1), Map.of("csrf", ToolClient.csrf(consolePage)))
                            .statusCode());
            HttpResponse<String> launched = launch(new ToolClient(tool.baseUrl()), canvas, deploymentId);
            assertEquals(303, launched.statusCode(), launched.body());
            assertEquals(
                    "ACTIVE",
                    registration(canvas.issuer(), canvas.clientId)
                            .path("deployments")
                            .get(0)
                            .path("status")
                            .asText());
        }
    }

    @Test
    void canvasSharedIssuerIsToldApartByClientId() throws Exception {
        try (EmulatedPlatform canvas = new EmulatedPlatform(EmulatedPlatform.Style.CANVAS)) {
            assertEquals(
                    200,
                    new ToolClient(tool.baseUrl())
                            .get(canvas.registerUrl(tool.baseUrl()))
                            .statusCode());
            String first = canvas.clientId;
            canvas.clientId = "second-" + System.nanoTime();
            assertEquals(
                    200,
                    new ToolClient(tool.baseUrl())
                            .get(canvas.registerUrl(tool.baseUrl()))
                            .statusCode());
            assertNotNull(registration(canvas.issuer(), first));
            assertNotNull(registration(canvas.issuer(), canvas.clientId));
        }
    }

    @Test
    void pendingRegistrationWaitsForTheAdminToPressTheButtonBeforeTellingTheLmsToClose() throws Exception {
        try (EmulatedPlatform moodle = new EmulatedPlatform(EmulatedPlatform.Style.MOODLE)) {
            moodle.lmsPage = "<!DOCTYPE html><html><body><p id=\"result\">waiting</p>"
                    + "<iframe id=\"tool\" name=\"tool\" width=\"800\" height=\"600\" src=\""
                    + moodle.registerUrl(tool.baseUrl()).replace("&", "&amp;")
                    + "\"></iframe><script>window.addEventListener('message', function (e) {"
                    + " if (e.data && e.data.subject === 'org.imsglobal.lti.close') {"
                    + " document.getElementById('result').textContent = 'closed'; } });</script></body></html>";
            WebDriver driver = Browser.chrome();
            try {
                driver.get(moodle.base() + "/lms");
                driver.switchTo().frame("tool");
                org.attentionlesson.support.Browser.waitUpTo(driver, Duration.ofSeconds(20))
                        .until(d ->
                                !d.findElements(By.id("registration-pending")).isEmpty());
                String notice =
                        driver.findElement(By.id("registration-pending")).getText();
                assertTrue(notice.contains("Who approves"), notice);
                assertTrue(notice.contains("/admin/registrations/"), notice);
                assertTrue(
                        notice.contains("Moodle will show the tool as Active"),
                        "the platform here is Moodle: " + notice);
                Thread.sleep(1500); // the page must not tell the LMS to close on its own while pending
                driver.switchTo().defaultContent();
                assertEquals(
                        "waiting",
                        driver.findElement(By.id("result")).getText(),
                        "a pending registration's page must not close before the admin has read it");
                driver.switchTo().frame("tool");
                driver.findElement(By.id("close-registration")).click();
                driver.switchTo().defaultContent();
                org.attentionlesson.support.Browser.waitUpTo(driver, Duration.ofSeconds(10))
                        .until(d ->
                                "closed".equals(d.findElement(By.id("result")).getText()));
            } finally {
                driver.quit();
            }
            JsonNode stored = registration(moodle.issuer(), moodle.clientId);
            approve(stored.path("id").asLong());
            assertEquals(
                    303, launch(new ToolClient(tool.baseUrl()), moodle, "7").statusCode());
        }
    }

    @Test
    void anActiveRegistrationTellsTheLmsToCloseAtOnce() throws Exception {
        try (TomcatServer approving = TomcatServer.start(
                        0, Map.of("attention.devMode", "true", "attention.autoApproveRegistrations", "true"));
                EmulatedPlatform moodle = new EmulatedPlatform(EmulatedPlatform.Style.MOODLE)) {
            moodle.lmsPage = "<!DOCTYPE html><html><body><p id=\"result\">waiting</p>"
                    + "<iframe id=\"tool\" name=\"tool\" width=\"800\" height=\"600\" src=\""
                    + moodle.registerUrl(approving.baseUrl()).replace("&", "&amp;")
                    + "\"></iframe><script>window.addEventListener('message', function (e) {"
                    + " if (e.data && e.data.subject === 'org.imsglobal.lti.close') {"
                    + " document.getElementById('result').textContent = 'closed'; } });</script></body></html>";
            WebDriver driver = Browser.chrome();
            try {
                driver.get(moodle.base() + "/lms");
                org.attentionlesson.support.Browser.waitUpTo(driver, Duration.ofSeconds(20))
                        .until(d ->
                                "closed".equals(d.findElement(By.id("result")).getText()));
                driver.switchTo().frame("tool");
                assertTrue(driver.findElements(By.id("registration-pending")).isEmpty(), "nothing waits for approval");
            } finally {
                driver.quit();
            }
        }
    }

    // ---- bad input: a plain page, 4xx, nothing stored ----

    @Test
    void refusesMissingConfigurationParameter() throws Exception {
        assertRefused(new ToolClient(tool.baseUrl()).get("/lti/register"), 400, "DR_CONFIG_URL_MISSING");
    }

    @Test
    void refusesPlainHttpPlatformThatIsNotLoopback() throws Exception {
        assertRefused(
                new ToolClient(tool.baseUrl())
                        .get("/lti/register?openid_configuration="
                                + EmulatedPlatform.enc("http://lms.example.edu/config")),
                400,
                "DR_CONFIG_URL_INSECURE");
    }

    @Test
    void refusesIssuerThatDoesNotMatchTheConfigurationUrl() throws Exception {
        try (EmulatedPlatform p = new EmulatedPlatform(EmulatedPlatform.Style.MOODLE)) {
            p.configTweak = c -> {
                c.put("issuer", "https://evil.example.com");
                return c;
            };
            assertNothingStored(p, 400, "DR_ISSUER_MISMATCH");
        }
    }

    @Test
    void refusesUnreachablePlatform() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        assertRefused(
                new ToolClient(tool.baseUrl())
                        .get("/lti/register?openid_configuration="
                                + EmulatedPlatform.enc("http://127.0.0.1:" + port + "/config")),
                400,
                "DR_CONFIG_UNREACHABLE");
    }

    @Test
    void refusesOversizedConfiguration() throws Exception {
        try (EmulatedPlatform p = new EmulatedPlatform(EmulatedPlatform.Style.MOODLE)) {
            p.rawConfig = ("{\"issuer\":\"" + "x".repeat(300 * 1024) + "\"}").getBytes();
            assertNothingStored(p, 400, "DR_CONFIG_UNREACHABLE");
        }
    }

    @Test
    void refusesSlowPlatform() throws Exception {
        try (EmulatedPlatform p = new EmulatedPlatform(EmulatedPlatform.Style.MOODLE)) {
            p.configDelayMillis = 6000;
            long t0 = System.nanoTime();
            assertNothingStored(p, 400, "DR_CONFIG_UNREACHABLE");
            assertTrue(System.nanoTime() - t0 < 5_500_000_000L, "gave up within the configured bound");
        }
    }

    @Test
    void refusesMalformedConfiguration() throws Exception {
        try (EmulatedPlatform p = new EmulatedPlatform(EmulatedPlatform.Style.MOODLE)) {
            p.rawConfig = "<html>not json</html>".getBytes();
            assertNothingStored(p, 400, "DR_CONFIG_UNREACHABLE"); // not JSON: as if nothing answered
            p.rawConfig = null;
            p.configTweak = c -> {
                c.remove("registration_endpoint");
                return c;
            };
            assertNothingStored(p, 400, "DR_CONFIG_MALFORMED");
        }
    }

    @Test
    void refusesWhenThePlatformRefusesTheConfigurationRequest() throws Exception {
        try (EmulatedPlatform p = new EmulatedPlatform(EmulatedPlatform.Style.CANVAS)) {
            HttpResponse<String> r = new ToolClient(tool.baseUrl())
                    .get("/lti/register?openid_configuration="
                            + EmulatedPlatform.enc(p.configUrl())); // no registration token: Canvas answers 401
            assertRefused(r, 400, "DR_CONFIG_UNREACHABLE");
            assertTrue(r.body().contains("token may have expired"));
        }
    }

    @Test
    void aRejectedRegistrationDoesNotEchoThePlatformsErrors() throws Exception {
        try (EmulatedPlatform p = new EmulatedPlatform(EmulatedPlatform.Style.CANVAS)) {
            p.registrationStatus = 422;
            p.registrationBody = "{\"errors\":[{\"field\":\"scopes\",\"message\":\"Invalid scope requested\"}]}";
            HttpResponse<String> r = assertNothingStored(p, 400, "DR_REGISTRATION_REJECTED");
            assertFalse(r.body().contains("Invalid scope requested"), "remote text stays in the log: " + r.body());
        }
    }

    @Test
    void refusesReplyWithoutClientId() throws Exception {
        try (EmulatedPlatform p = new EmulatedPlatform(EmulatedPlatform.Style.MOODLE)) {
            p.registrationBody = "{\"application_type\":\"web\"}";
            assertNothingStored(p, 400, "DR_REPLY_MALFORMED");
        }
    }

    @Test
    void refusesASecondRegistrationForTheSameIssuerAndClientId() throws Exception {
        try (EmulatedPlatform p = new EmulatedPlatform(EmulatedPlatform.Style.MOODLE)) {
            assertEquals(
                    200,
                    new ToolClient(tool.baseUrl())
                            .get(p.registerUrl(tool.baseUrl()))
                            .statusCode());
            int before = registrations().size();
            p.deploymentId = "8";
            HttpResponse<String> r = new ToolClient(tool.baseUrl()).get(p.registerUrl(tool.baseUrl()));
            assertRefused(r, 409, "DR_ALREADY_REGISTERED");
            assertEquals(before, registrations().size());
            assertEquals(
                    1, registration(p.issuer(), p.clientId).path("deployments").size(), "no deployment added half-way");
        }
    }

    // ---- helpers ----

    private HttpResponse<String> assertNothingStored(EmulatedPlatform p, int status, String code) throws Exception {
        int before = registrations().size();
        HttpResponse<String> r = new ToolClient(tool.baseUrl()).get(p.registerUrl(tool.baseUrl()));
        assertRefused(r, status, code);
        assertEquals(before, registrations().size(), "nothing stored");
        return r;
    }

    static void assertRefused(HttpResponse<String> r, int status, String code) {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.body().contains(code), r.body());
        assertTrue(r.body().contains("data-registration=\"failed\""), "a plain page for the admin");
        assertTrue(r.body().contains("Nothing was stored"));
    }

    static List<JsonNode> registrations() throws Exception {
        HttpResponse<String> r = admin.get("/admin/api/registrations");
        assertEquals(200, r.statusCode(), r.body());
        List<JsonNode> out = new ArrayList<>();
        EmulatedPlatform.JSON.readTree(r.body()).path("registrations").forEach(out::add);
        return out;
    }

    static JsonNode registration(String issuer, String clientId) throws Exception {
        return registrations().stream()
                .filter(r -> r.path("issuer").asText().equals(issuer)
                        && r.path("clientId").asText().equals(clientId))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no registration for " + issuer + " " + clientId));
    }

    static void approve(long id) throws Exception {
        ToolClient console = new ToolClient(tool.baseUrl(), "root", "s3cret");
        String csrf = ToolClient.csrf(console.get("/admin/").body());
        HttpResponse<String> r = console.postForm("/admin/registrations/" + id + "/approve", Map.of("csrf", csrf));
        assertEquals(303, r.statusCode(), r.body());
    }

    static String loginPath(EmulatedPlatform p) {
        return "/lti/login?iss=" + EmulatedPlatform.enc(p.issuer()) + "&login_hint=student-1&client_id="
                + EmulatedPlatform.enc(p.clientId) + "&target_link_uri="
                + EmulatedPlatform.enc(tool.baseUrl() + "/lti/launch");
    }

    /** Login initiation, then the platform's signed id_token posted back: what a browser does in a launch. */
    static HttpResponse<String> launch(ToolClient browser, EmulatedPlatform p, String deploymentId) throws Exception {
        HttpResponse<String> login = browser.get(loginPath(p));
        assertEquals(302, login.statusCode(), login.body());
        String location = login.headers().firstValue("Location").orElseThrow();
        String token = p.idToken(
                p.clientId, ToolClient.queryParam(location, "nonce"), deploymentId, tool.baseUrl() + "/lti/launch");
        HttpResponse<String> launched = browser.postForm(
                "/lti/launch", Map.of("id_token", token, "state", ToolClient.queryParam(location, "state")));
        if (launched.statusCode() == 303) {
            assertTrue(launched.headers().firstValue("Location").orElse("").contains("/lesson?"));
        }
        return launched;
    }
}
