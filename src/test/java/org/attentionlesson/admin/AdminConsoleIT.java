package org.attentionlesson.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.JWKSet;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.attentionlesson.registration.ToolClient;
import org.attentionlesson.support.TomcatServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The admin console in production mode: only {@code lti-admin} gets in, forms need the CSRF token, keys rotate. */
class AdminConsoleIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static TomcatServer tool;

    @BeforeAll
    static void start() {
        tool = TomcatServer.start(
                0,
                Map.of(
                        "attention.devMode",
                        "false", // production defaults for outbound calls too
                        "attention.outbound.allowHttp",
                        "false",
                        "attention.outbound.allowPrivateNetworks",
                        "false"),
                Map.of("root", "s3cret"),
                Map.of("student", "pw"));
    }

    @AfterAll
    static void stop() {
        tool.close();
    }

    @Test
    void refusesAnonymousWithABasicChallenge() throws Exception {
        for (String path : List.of("/admin/", "/admin/registrations/1", "/admin/api/keys")) {
            HttpResponse<String> r = new ToolClient(tool.baseUrl()).get(path);
            assertEquals(401, r.statusCode(), path);
            assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"), path);
        }
        assertEquals(
                401,
                new ToolClient(tool.baseUrl())
                        .postJson("/admin/api/keys/rotate", "{}")
                        .statusCode());
    }

    @Test
    void refusesWrongPasswordAndUsersWithoutTheRole() throws Exception {
        assertEquals(
                401,
                new ToolClient(tool.baseUrl(), "root", "wrong").get("/admin/").statusCode());
        assertEquals(
                403,
                new ToolClient(tool.baseUrl(), "student", "pw").get("/admin/").statusCode());
        assertEquals(
                403,
                new ToolClient(tool.baseUrl(), "student", "pw")
                        .postJson("/admin/api/keys/rotate", "{}")
                        .statusCode());
    }

    @Test
    void devLmsRegistrationIsAbsentInProductionMode() throws Exception {
        assertEquals(
                404, new ToolClient(tool.baseUrl()).get("/dev/registration").statusCode());
        assertEquals(
                404,
                new ToolClient(tool.baseUrl())
                        .get("/dev/registration/openid-configuration")
                        .statusCode());
    }

    @Test
    void plainHttpPlatformIsRefusedInProductionModeEvenOnLoopback() throws Exception {
        HttpResponse<String> r = new ToolClient(tool.baseUrl())
                .get("/lti/register?openid_configuration="
                        + java.net.URLEncoder.encode("http://127.0.0.1:9/config", "UTF-8"));
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("DR_CONFIG_URL_INSECURE"));
    }

    @Test
    void formsWithoutTheCsrfTokenAreRefused() throws Exception {
        ToolClient console = new ToolClient(tool.baseUrl(), "root", "s3cret");
        console.get("/admin/");
        HttpResponse<String> r = console.postForm("/admin/keys/rotate", Map.of("graceMinutes", "0"));
        assertEquals(403, r.statusCode());
        assertTrue(r.body().contains("ADMIN_CSRF"));
        // The console's refusal speaks to an admin, not of an activity that could not be opened.
        assertTrue(r.body().contains("The admin console could not do this"), r.body());
        assertTrue(!r.body().contains("This activity could not be opened"), r.body());
        r = console.postForm("/admin/keys/rotate", Map.of("graceMinutes", "0", "csrf", "forged"));
        assertEquals(403, r.statusCode());
    }

    @Test
    void addsApprovesDisablesAndEditsARegistrationWithDeployments() throws Exception {
        ToolClient console = new ToolClient(tool.baseUrl(), "root", "s3cret");
        String csrf = ToolClient.csrf(console.get("/admin/").body());
        HttpResponse<String> r = console.postForm(
                "/admin/registrations",
                Map.of(
                        "csrf",
                        csrf,
                        "name",
                        "Example Moodle",
                        "issuer",
                        "https://moodle.example.edu",
                        "clientId",
                        "abc123",
                        "authUrl",
                        "https://moodle.example.edu/mod/lti/auth.php",
                        "jwksUrl",
                        "https://moodle.example.edu/mod/lti/certs.php",
                        "tokenUrl",
                        "https://moodle.example.edu/mod/lti/token.php",
                        "deploymentIds",
                        "1, 2"));
        assertEquals(303, r.statusCode(), r.body());
        String page = r.headers().firstValue("Location").orElseThrow();
        String html = console.get(page).body();
        assertTrue(html.contains("Example Moodle") && html.contains("abc123"));
        assertTrue(html.contains("Platform JWKS"), "health is shown");

        HttpResponse<String> dup = console.postForm(
                "/admin/registrations",
                Map.of(
                        "csrf",
                        csrf,
                        "name",
                        "Again",
                        "issuer",
                        "https://moodle.example.edu",
                        "clientId",
                        "abc123",
                        "authUrl",
                        "https://moodle.example.edu/a",
                        "jwksUrl",
                        "https://moodle.example.edu/j"));
        assertEquals(409, dup.statusCode());
        HttpResponse<String> bad = console.postForm(
                "/admin/registrations",
                Map.of(
                        "csrf",
                        csrf,
                        "name",
                        "Bad",
                        "issuer",
                        "https://x.example",
                        "clientId",
                        "c",
                        "authUrl",
                        "not a url",
                        "jwksUrl",
                        "https://x.example/j"));
        assertEquals(400, bad.statusCode());

        JsonNode reg = registration("abc123");
        long id = reg.path("id").asLong();
        assertEquals("ACTIVE", reg.path("status").asText());
        assertEquals(2, reg.path("deployments").size());
        assertEquals(
                303,
                console.postForm("/admin/registrations/" + id + "/disable", Map.of("csrf", csrf))
                        .statusCode());
        assertEquals("DISABLED", registration("abc123").path("status").asText());
        assertEquals(
                303,
                console.postForm("/admin/registrations/" + id + "/enable", Map.of("csrf", csrf))
                        .statusCode());
        assertEquals(
                303,
                console.postForm(
                                "/admin/registrations/" + id + "/deployments",
                                Map.of("csrf", csrf, "deploymentId", "3"))
                        .statusCode());
        assertEquals(
                303,
                console.postForm(
                                "/admin/registrations/" + id,
                                Map.of(
                                        "csrf",
                                        csrf,
                                        "name",
                                        "Renamed Moodle",
                                        "authUrl",
                                        "https://moodle.example.edu/mod/lti/auth.php",
                                        "jwksUrl",
                                        "https://moodle.example.edu/mod/lti/certs.php"))
                        .statusCode());
        reg = registration("abc123");
        assertEquals("Renamed Moodle", reg.path("name").asText());
        assertEquals(3, reg.path("deployments").size());
    }

    @Test
    void rotatesKeysByHttpCallWithoutShowingPrivateKeys() throws Exception {
        ToolClient script = new ToolClient(tool.baseUrl(), "root", "s3cret");
        int before = JWKSet.parse(new ToolClient(tool.baseUrl())
                        .get("/.well-known/jwks.json")
                        .body())
                .getKeys()
                .size();
        HttpResponse<String> r = script.postJson("/admin/api/keys/rotate", "{\"graceMinutes\": 30}");
        assertEquals(200, r.statusCode(), r.body());
        String kid = JSON.readTree(r.body()).path("kid").asText();
        assertFalse(r.body().contains("\"d\"")
                || r.body().contains("\"p\"")
                || r.body().contains("\"q\""));
        JWKSet published = JWKSet.parse(
                new ToolClient(tool.baseUrl()).get("/.well-known/jwks.json").body());
        assertEquals(before + 1, published.getKeys().size());
        assertTrue(published.getKeyByKeyId(kid) != null, "the next key is published at once");
        assertEquals(
                415,
                script.postForm("/admin/api/keys/rotate", Map.of("graceMinutes", "0"))
                        .statusCode(),
                "a cross-site form cannot rotate keys");
        String page = script.get("/admin/").body();
        assertTrue(page.contains(kid));
        assertFalse(page.contains("\"d\""));
    }

    @Test
    void keyRotationWhileLaunchesRunNeverBreaksTheJwks() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Integer>> readers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            readers.add(pool.submit(() -> {
                int n = 0;
                ToolClient c = new ToolClient(tool.baseUrl());
                while (running.get()) {
                    HttpResponse<String> r = c.get("/.well-known/jwks.json");
                    assertEquals(200, r.statusCode());
                    assertFalse(JWKSet.parse(r.body()).getKeys().isEmpty());
                    assertEquals(200, c.get("/health").statusCode());
                    n++;
                }
                return n;
            }));
        }
        ToolClient script = new ToolClient(tool.baseUrl(), "root", "s3cret");
        for (int i = 0; i < 5; i++) {
            assertEquals(
                    200,
                    script.postJson("/admin/api/keys/rotate", "{\"graceMinutes\": 0}")
                            .statusCode());
        }
        running.set(false);
        for (Future<Integer> f : readers) {
            assertTrue(f.get() > 0);
        }
        pool.shutdown();
    }

    static JsonNode registration(String clientId) throws Exception {
        JsonNode all = JSON.readTree(new ToolClient(tool.baseUrl(), "root", "s3cret")
                .get("/admin/api/registrations")
                .body());
        for (JsonNode r : all.path("registrations")) {
            if (r.path("clientId").asText().equals(clientId)) {
                return r;
            }
        }
        throw new AssertionError("no registration " + clientId);
    }
}
