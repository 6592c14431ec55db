package org.attentionlesson.lti;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.attentionlesson.registration.ToolClient;
import org.attentionlesson.support.LtiHttp;
import org.attentionlesson.support.TestDatabase;
import org.attentionlesson.support.TestPlatform;
import org.attentionlesson.support.TomcatServer;
import org.attentionlesson.web.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deployment id the admin has not approved is refused by default (certification expects it): the launch gets a
 * page that says an admin must approve it, and the console lists it as seen and refused with a one-click approval.
 * {@code attention.unknownDeployments=accept} still records new deployments at their first launch. The
 * registrations file never re-activates what an admin disabled.
 */
class UnknownDeploymentPolicyIT {
    @Test
    void refusesAnUnknownDeploymentByDefaultAndTheAdminApprovesItInOneClick(@TempDir Path dir) throws Exception {
        try (TestPlatform platform = TestPlatform.start("strict");
                TestDatabase db = TestDatabase.h2(dir)) {
            Map<String, String> params = new LinkedHashMap<>(db.params());
            params.put(
                    "attention.registrationsFile",
                    platform.writeRegistrationsFile(dir).toString());
            try (TomcatServer tomcat = TomcatServer.start(0, params, Map.of("root", "s3cret"))) {
                LtiHttp http = new LtiHttp(tomcat.baseUrl());
                assertEquals(
                        303,
                        launch(http, platform, tomcat, TestPlatform.DEPLOYMENT_ID)
                                .statusCode(),
                        "a declared deployment");

                long contexts = db.count("launch_context");
                HttpResponse<String> r = launch(http, platform, tomcat, "someone-elses");
                assertEquals(403, r.statusCode(), r.body());
                assertEquals("DEPLOYMENT_UNKNOWN", LtiHttp.errorCode(r));
                assertTrue(r.body().contains("administrator") && r.body().contains("approve"), r.body());
                assertEquals(contexts, db.count("launch_context"), "nothing of the launch is stored");

                ToolClient admin = new ToolClient(tomcat.baseUrl(), "root", "s3cret");
                JsonNode deployments = deployments(admin, platform);
                assertEquals("REFUSED", statusOf(deployments, "someone-elses"), deployments.toString());
                long regId = registration(admin, platform).path("id").asLong();
                String page = admin.get("/admin/registrations/" + regId).body();
                assertTrue(page.contains("seen, refused"), page);

                // The approval form is CSRF-protected like every other console form.
                String action = approveAction(page, regId);
                assertEquals(403, admin.postForm(action, Map.of()).statusCode());
                assertEquals("REFUSED", statusOf(deployments(admin, platform), "someone-elses"));
                HttpResponse<String> approved = admin.postForm(action, Map.of("csrf", ToolClient.csrf(page)));
                assertEquals(303, approved.statusCode(), approved.body());
                assertEquals("ACTIVE", statusOf(deployments(admin, platform), "someone-elses"));

                HttpResponse<String> again = launch(http, platform, tomcat, "someone-elses");
                assertEquals(303, again.statusCode(), again.body());
            }
        }
    }

    @Test
    void acceptRecordsANewDeploymentAtItsFirstLaunch(@TempDir Path dir) throws Exception {
        try (TestPlatform platform = TestPlatform.start("lenient");
                TestDatabase db = TestDatabase.h2(dir)) {
            Map<String, String> params = new LinkedHashMap<>(db.params());
            params.put(
                    "attention.registrationsFile",
                    platform.writeRegistrationsFile(dir).toString());
            params.put("attention.unknownDeployments", "accept");
            try (TomcatServer tomcat = TomcatServer.start(0, params)) {
                long deployments = db.count("deployment");
                HttpResponse<String> r = launch(new LtiHttp(tomcat.baseUrl()), platform, tomcat, "a-new-one");
                assertEquals(303, r.statusCode(), r.body());
                assertEquals(deployments + 1, db.count("deployment"));
                assertEquals(
                        1,
                        db.longQuery(
                                "SELECT COUNT(*) FROM deployment WHERE deployment_id = 'a-new-one' AND status = 'ACTIVE'"));
            }
        }
    }

    @Test
    void theRegistrationsFileNeverReactivatesARegistrationAnAdminDisabled(@TempDir Path dir) throws Exception {
        try (TestPlatform platform = TestPlatform.start("disabled");
                TestDatabase db = TestDatabase.h2(dir)) {
            Map<String, String> params = new LinkedHashMap<>(db.params());
            params.put(
                    "attention.registrationsFile",
                    platform.writeRegistrationsFile(dir).toString());
            long regId;
            try (TomcatServer tomcat = TomcatServer.start(0, params, Map.of("root", "s3cret"))) {
                ToolClient admin = new ToolClient(tomcat.baseUrl(), "root", "s3cret");
                regId = registration(admin, platform).path("id").asLong();
                String page = admin.get("/admin/registrations/" + regId).body();
                HttpResponse<String> r = admin.postForm(
                        "/admin/registrations/" + regId + "/disable", Map.of("csrf", ToolClient.csrf(page)));
                assertEquals(303, r.statusCode(), r.body());
            }
            try (TomcatServer tomcat = TomcatServer.start(0, params, Map.of("root", "s3cret"))) {
                ToolClient admin = new ToolClient(tomcat.baseUrl(), "root", "s3cret");
                assertEquals(
                        "DISABLED", registration(admin, platform).path("status").asText());
                LtiHttp.Login login = new LtiHttp(tomcat.baseUrl()).login(platform);
                assertEquals(403, login.status(), login.body());
                assertTrue(login.body().contains("REGISTRATION_DISABLED"), login.body());
            }
        }
    }

    static HttpResponse<String> launch(LtiHttp http, TestPlatform platform, TomcatServer tomcat, String deploymentId) {
        LtiHttp.Login login = http.login(platform);
        return http.launch(
                platform.sign(platform.resourceLinkClaims(tomcat.baseUrl(), login.nonce(), "u", "Learner")
                        .claim(TestPlatform.LTI + "deployment_id", deploymentId)
                        .build()),
                login.state(),
                login.cookie());
    }

    static JsonNode registration(ToolClient admin, TestPlatform platform) throws Exception {
        JsonNode all = Json.MAPPER
                .readTree(admin.get("/admin/api/registrations").body())
                .path("registrations");
        for (JsonNode r : all) {
            if (r.path("issuer").asText().equals(platform.issuer())) {
                return r;
            }
        }
        throw new AssertionError("no registration for " + platform.issuer() + " in " + all);
    }

    static JsonNode deployments(ToolClient admin, TestPlatform platform) throws Exception {
        return registration(admin, platform).path("deployments");
    }

    static String statusOf(JsonNode deployments, String deploymentId) {
        for (JsonNode d : deployments) {
            if (d.path("deploymentId").asText().equals(deploymentId)) {
                return d.path("status").asText();
            }
        }
        return "(absent)";
    }

    static String approveAction(String page, long regId) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                        "action=\"(/admin/registrations/" + regId + "/deployments/\\d+/approve)\"")
                .matcher(page);
        assertTrue(m.find(), "an approve button on the console page: " + page);
        return m.group(1);
    }
}
