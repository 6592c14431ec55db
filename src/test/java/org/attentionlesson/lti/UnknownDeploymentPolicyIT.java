package org.attentionlesson.lti;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.attentionlesson.support.LtiHttp;
import org.attentionlesson.support.TestDatabase;
import org.attentionlesson.support.TestPlatform;
import org.attentionlesson.support.TomcatServer;
import org.junit.jupiter.api.Test;

/** With {@code attention.unknownDeployments=reject}, a deployment id the admin has not added is refused. */
class UnknownDeploymentPolicyIT {
    @Test
    void refusesAnUnknownDeploymentWhenPolicySaysReject() throws Exception {
        Path dir = Files.createTempDirectory("deploy-it-");
        try (TestPlatform platform = TestPlatform.start("strict"); TestDatabase db = TestDatabase.h2(dir)) {
            Map<String, String> params = new LinkedHashMap<>(db.params());
            params.put("attention.registrationsFile", platform.writeRegistrationsFile(dir).toString());
            params.put("attention.unknownDeployments", "reject");
            try (TomcatServer tomcat = TomcatServer.start(0, params)) {
                LtiHttp http = new LtiHttp(tomcat.baseUrl());
                LtiHttp.Login known = http.login(platform);
                HttpResponse<String> ok = http.launch(platform.sign(platform.resourceLinkClaims(tomcat.baseUrl(),
                        known.nonce(), "u", "Learner").build()), known.state(), known.cookie());
                assertEquals(303, ok.statusCode(), ok.body());

                long deployments = db.count("deployment");
                long contexts = db.count("launch_context");
                LtiHttp.Login login = http.login(platform);
                HttpResponse<String> r = http.launch(platform.sign(platform.resourceLinkClaims(tomcat.baseUrl(),
                        login.nonce(), "u", "Learner").claim(TestPlatform.LTI + "deployment_id", "someone-elses").build()),
                        login.state(), login.cookie());
                assertEquals(403, r.statusCode());
                assertEquals("DEPLOYMENT_UNKNOWN", LtiHttp.errorCode(r));
                assertEquals(deployments, db.count("deployment"));
                assertEquals(contexts, db.count("launch_context"));
            }
        }
    }
}
