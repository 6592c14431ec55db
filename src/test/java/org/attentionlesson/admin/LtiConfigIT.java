package org.attentionlesson.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.attentionlesson.ags.AgsScope;
import org.attentionlesson.registration.ToolClient;
import org.attentionlesson.support.TomcatServer;
import org.attentionlesson.web.Json;
import org.junit.jupiter.api.Test;

/** The files in {@code lti-config/} are exactly what the running tool serves, with the placeholder base URL. */
class LtiConfigIT {
    static final String PLACEHOLDER = "https://YOUR-TOOL-HOST";
    static final List<String> FILES = List.of(
            "canvas-developer-key.json",
            "tool-configuration.json",
            "moodle.md",
            "canvas.md",
            "dynamic.md",
            "manual.md");

    @Test
    void repositoryFilesEqualWhatTheToolServesForThePlaceholderBaseUrl() throws Exception {
        try (TomcatServer tool = TomcatServer.start(0, Map.of("attention.baseUrl", PLACEHOLDER))) {
            for (String f : FILES) {
                HttpResponse<String> r = new ToolClient(tool.baseUrl()).get("/lti-config/" + f);
                assertEquals(200, r.statusCode(), f);
                assertEquals(
                        Files.readString(Path.of("lti-config", f)),
                        r.body(),
                        "lti-config/" + f + " differs from what the tool serves: regenerate it from /lti-config/" + f);
            }
        }
    }

    @Test
    void servesEachFileWithItsOwnBaseUrlFilledIn() throws Exception {
        try (TomcatServer tool = TomcatServer.start(0, Map.of())) {
            for (String f : FILES) {
                String served =
                        new ToolClient(tool.baseUrl()).get("/lti-config/" + f).body();
                String expected = Files.readString(Path.of("lti-config", f))
                        .replace(PLACEHOLDER, tool.baseUrl())
                        .replace("YOUR-TOOL-HOST", "localhost:" + tool.port());
                assertEquals(expected, served, f);
                assertTrue(served.contains(tool.baseUrl() + "/lti/login"), f);
            }
            HttpResponse<String> logo = new ToolClient(tool.baseUrl()).get("/lti-config/logo.svg");
            assertEquals(200, logo.statusCode());
            assertEquals(
                    404,
                    new ToolClient(tool.baseUrl()).get("/lti-config/other.json").statusCode());
        }
    }

    /**
     * The Canvas developer key against the running tool: its URLs are the tool's own endpoints and answer as such,
     * its key set URL serves the keys the tool signs with, its scopes are exactly those the tool registers
     * dynamically (grades and the roster), and its placements are the ones the tool handles.
     */
    @Test
    void canvasDeveloperKeyMatchesWhatTheToolServesAndUses() throws Exception {
        try (TomcatServer tool = TomcatServer.start(0, Map.of())) {
            ToolClient client = new ToolClient(tool.baseUrl());
            JsonNode key = Json.MAPPER.readTree(
                    client.get("/lti-config/canvas-developer-key.json").body());
            JsonNode dr = Json.MAPPER.readTree(
                    client.get("/lti-config/tool-configuration.json").body());

            assertEquals(
                    tool.baseUrl() + "/lti/login",
                    key.path("oidc_initiation_url").asText());
            assertEquals(
                    dr.path("initiate_login_uri").asText(),
                    key.path("oidc_initiation_url").asText());
            assertEquals(
                    tool.baseUrl() + "/lti/launch", key.path("target_link_uri").asText());
            assertEquals(
                    dr.path("redirect_uris").get(0).asText(),
                    key.path("target_link_uri").asText());
            assertEquals(
                    dr.path("jwks_uri").asText(), key.path("public_jwk_url").asText());
            HttpResponse<String> jwks = client.get(key.path("public_jwk_url").asText());
            assertEquals(200, jwks.statusCode());
            assertEquals(client.get("/.well-known/jwks.json").body(), jwks.body());
            assertTrue(
                    Json.MAPPER.readTree(jwks.body()).path("keys").size() > 0,
                    "the key set URL serves the tool's keys");
            // The login URL is the tool's login endpoint: without parameters it refuses with its own code, never 404.
            HttpResponse<String> login =
                    client.get(key.path("oidc_initiation_url").asText());
            assertEquals(400, login.statusCode(), login.body());
            assertTrue(login.body().contains("LOGIN_PARAM_MISSING"), login.body());

            List<String> scopes = new ArrayList<>();
            key.path("scopes").forEach(s -> scopes.add(s.asText()));
            assertEquals(List.of(dr.path("scope").asText().split(" ")), scopes, "same scopes as dynamic registration");
            for (String used : List.of(
                    AgsScope.LINEITEM,
                    AgsScope.LINEITEM_READONLY,
                    AgsScope.RESULT_READONLY,
                    AgsScope.SCORE,
                    "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly")) {
                assertTrue(scopes.contains(used), "the key grants " + used);
            }
            assertEquals(scopes.size(), scopes.stream().distinct().count());
            assertFalse(scopes.contains("openid"));

            JsonNode ext = key.path("extensions").get(0);
            assertEquals("canvas.instructure.com", ext.path("platform").asText());
            assertEquals("localhost:" + tool.port(), ext.path("domain").asText());
            assertEquals("public", ext.path("privacy_level").asText());
            assertEquals(
                    dr.path("https://purl.imsglobal.org/spec/lti-tool-configuration")
                            .path("https://canvas.instructure.com/lti/privacy_level")
                            .asText(),
                    ext.path("privacy_level").asText(),
                    "the same privacy level as the dynamic registration's Canvas extension");
            Map<String, String> placements = new java.util.LinkedHashMap<>();
            for (JsonNode p : ext.path("settings").path("placements")) {
                placements.put(
                        p.path("placement").asText(), p.path("message_type").asText());
                assertEquals(
                        tool.baseUrl() + "/lti/launch",
                        p.path("target_link_uri").asText(),
                        p.toString());
                assertEquals(200, client.get(p.path("icon_url").asText()).statusCode(), "icon is served");
            }
            assertEquals(
                    Map.of(
                            "assignment_selection",
                            "LtiDeepLinkingRequest",
                            "link_selection",
                            "LtiDeepLinkingRequest",
                            "course_navigation",
                            "LtiResourceLinkRequest"),
                    placements);
            JsonNode nav = ext.path("settings").path("placements").get(2);
            assertEquals("disabled", nav.path("default").asText(), "course navigation is off until a teacher shows it");
        }
    }
}
