package org.attentionlesson.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.attentionlesson.registration.ToolClient;
import org.attentionlesson.support.LtiHttp;
import org.attentionlesson.support.TestDatabase;
import org.attentionlesson.support.TestPlatform;
import org.attentionlesson.support.TomcatServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cookies: the admin console's session cookie is never sent on a request another site starts (SameSite=Strict,
 * with Secure and HttpOnly); the login-state cookie, which must cross sites inside an LMS iframe, is
 * {@code SameSite=None; Secure; Partitioned} (CHIPS), so browsers that block third-party cookies still keep it for
 * the LMS page that framed the tool. No response names the server.
 */
class CookiesIT {
    @Test
    void theAdminSessionCookieIsStrictSecureAndHttpOnly() throws Exception {
        try (TomcatServer tomcat = TomcatServer.start(0, Map.of(), Map.of("root", "s3cret"))) {
            HttpResponse<String> r = new ToolClient(tomcat.baseUrl(), "root", "s3cret").get("/admin/");
            assertEquals(200, r.statusCode());
            String session = LtiHttp.setCookies(r).stream()
                    .filter(c -> c.startsWith("JSESSIONID="))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no session cookie: " + r.headers()));
            assertTrue(session.contains("; Secure"), session);
            assertTrue(session.contains("; HttpOnly"), session);
            assertTrue(session.contains("; SameSite=Strict"), session);
            assertFalse(r.headers().firstValue("Server").isPresent(), "no Server header: " + r.headers());
        }
    }

    @Test
    void theLoginStateCookieIsPartitionedForLmsIframes(@TempDir Path dir) throws Exception {
        try (TestPlatform platform = TestPlatform.start("cookies");
                TestDatabase db = TestDatabase.h2(dir)) {
            Map<String, String> params = new LinkedHashMap<>(db.params());
            params.put(
                    "attention.registrationsFile",
                    platform.writeRegistrationsFile(dir).toString());
            try (TomcatServer tomcat = TomcatServer.start(0, params)) {
                LtiHttp http = new LtiHttp(tomcat.baseUrl());
                HttpResponse<String> r =
                        http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(tomcat.baseUrl()
                                        + "/lti/login?iss=" + enc(platform.issuer()) + "&login_hint=x&client_id="
                                        + enc(platform.clientId())
                                        + "&target_link_uri=" + enc(tomcat.baseUrl() + "/lti/launch")))
                                .GET()
                                .build());
                assertEquals(302, r.statusCode(), r.body());
                List<String> cookies = LtiHttp.setCookies(r);
                String state = cookies.stream()
                        .filter(c -> c.startsWith("lti_state_"))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("no state cookie: " + cookies));
                for (String attribute : List.of("; Secure", "; HttpOnly", "; SameSite=None", "; Partitioned")) {
                    assertTrue(state.contains(attribute), attribute + " missing: " + state);
                }
                assertFalse(
                        r.headers().firstValue("Server").isPresent(),
                        r.headers().toString());
            }
        }
    }

    static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }
}
