package org.attentionlesson.lti;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.attentionlesson.support.LtiHttp;
import org.attentionlesson.support.TestDatabase;
import org.attentionlesson.support.TestPlatform;
import org.attentionlesson.support.TomcatServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A registration whose issuer is not a URL is reported and skipped; it never stops the tool from starting. */
class RegistrationsFileIT {
    @Test
    void anIssuerThatIsNotAUrlNeverBreaksTheStartAndTheOtherRegistrationsWork(@TempDir Path dir) throws Exception {
        try (TestPlatform platform = TestPlatform.start("good");
                TestDatabase db = TestDatabase.h2(dir)) {
            String good = Files.readString(platform.writeRegistrationsFile(dir));
            String bad =
                    "{\"issuer\": \"https://bad host/lms\", \"clientId\": \"c\", \"authUrl\": \"https://lms.example/auth\", "
                            + "\"jwksUrl\": \"https://lms.example/jwks\"}";
            Path file = Files.writeString(
                    dir.resolve("mixed.json"),
                    good.replace("{\"registrations\": [", "{\"registrations\": [" + bad + ", "));
            Map<String, String> params = new LinkedHashMap<>(db.params());
            params.put("attention.registrationsFile", file.toString());
            try (TomcatServer tomcat = TomcatServer.start(0, params)) {
                assertEquals(1, db.count("platform_registration"), "the bad one is skipped");
                assertEquals(303, launch(tomcat, platform).statusCode());
            }
            // A registration stored earlier (by another version, by hand) with an issuer that is not a URI.
            try (Connection c = db.connect();
                    PreparedStatement ps = c.prepareStatement("INSERT INTO platform_registration "
                            + "(issuer, client_id, name, auth_url, jwks_url, status, created_at, updated_at) "
                            + "VALUES ('https://bad host/x', 'c2', 'bad', 'https://lms.example/auth', 'https://lms.example/jwks', "
                            + "'ACTIVE', ?, ?)")) {
                ps.setObject(1, OffsetDateTime.now());
                ps.setObject(2, OffsetDateTime.now());
                ps.executeUpdate();
            }
            try (TomcatServer tomcat = TomcatServer.start(0, params)) {
                assertEquals(303, launch(tomcat, platform).statusCode());
            }
        }
    }

    static HttpResponse<String> launch(TomcatServer tomcat, TestPlatform platform) {
        LtiHttp http = new LtiHttp(tomcat.baseUrl());
        LtiHttp.Login login = http.login(platform);
        return http.launch(
                platform.sign(platform.resourceLinkClaims(tomcat.baseUrl(), login.nonce(), "u", "Learner")
                        .build()),
                login.state(),
                login.cookie());
    }
}
