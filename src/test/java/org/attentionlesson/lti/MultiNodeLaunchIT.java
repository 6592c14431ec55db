package org.attentionlesson.lti;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.nimbusds.jwt.JWTClaimsSet;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
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
 * Two Tomcat nodes behind one public URL sharing one PostgreSQL database, as behind a load balancer: a login
 * started on one node completes on the other, a token replayed on the other node is refused, and what an admin
 * changes on one node holds on the other at its very next login or launch (Registrations' change counter).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MultiNodeLaunchIT {
    static final String LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner";
    static final String ADMIN = "root";
    static final String ADMIN_PASSWORD = "s3cret";

    TestPlatform platform;
    TestDatabase db;
    TomcatServer nodeA;
    TomcatServer nodeB;
    LtiHttp a;
    LtiHttp b;
    String publicUrl;

    private Path dir;

    @BeforeAll
    void start() throws Exception {
        platform = TestPlatform.start("multi-node");
        db = TestDatabase.postgres();
        dir = Files.createTempDirectory("multinode-it-");
        int portA = TomcatServer.freePort();
        publicUrl = "http://localhost:" + portA;
        Map<String, String> params = new LinkedHashMap<>(db.params());
        params.put(
                "attention.registrationsFile",
                platform.writeRegistrationsFile(dir).toString());
        params.put("attention.baseUrl", publicUrl);
        params.put("attention.nodeName", "a");
        nodeA = TomcatServer.start(portA, params, Map.of(ADMIN, ADMIN_PASSWORD));
        params.put("attention.nodeName", "b");
        nodeB = TomcatServer.start(0, params);
        a = new LtiHttp(nodeA.baseUrl());
        b = new LtiHttp(nodeB.baseUrl());
    }

    @AfterAll
    void stop() {
        nodeA.close();
        nodeB.close();
        platform.close();
        db.close();
        if (dir != null) {
            TomcatServer.deleteRecursively(dir.toFile()); // the test database and files under it
        }
    }

    LtiHttp.Login loginOn(LtiHttp node) {
        LtiHttp.Login login = node.login("GET", loginParams());
        assertEquals(302, login.status(), login.body());
        return login;
    }

    String tokenFor(LtiHttp.Login login) {
        JWTClaimsSet claims = platform.resourceLinkClaims(publicUrl, login.nonce(), "u-1", LEARNER)
                .build();
        return platform.sign(claims);
    }

    @Test
    void aLoginStartedOnOneNodeCompletesOnTheOther() {
        LtiHttp.Login login = loginOn(a);
        HttpResponse<String> launch = b.launch(tokenFor(login), login.state(), login.cookie());
        assertEquals(303, launch.statusCode(), launch.body());
        String page = launch.headers().firstValue("Location").orElseThrow();
        assertEquals(200, a.get(page).statusCode(), "the launch token from node b works on node a");
        assertEquals(200, b.get(page).statusCode());
    }

    @Test
    void aTokenReplayedOnTheOtherNodeIsRefused() {
        LtiHttp.Login login = loginOn(a);
        String token = tokenFor(login);
        assertEquals(303, a.launch(token, login.state(), login.cookie()).statusCode());
        long contexts = db.count("launch_context");
        HttpResponse<String> replay = b.launch(token, login.state(), login.cookie());
        assertEquals(400, replay.statusCode());
        assertEquals("STATE_UNKNOWN", LtiHttp.errorCode(replay));
        LtiHttp.Login fresh = loginOn(b);
        HttpResponse<String> replayFresh = b.launch(token, fresh.state(), fresh.cookie());
        assertEquals("NONCE_MISMATCH", LtiHttp.errorCode(replayFresh));
        assertEquals(contexts, db.count("launch_context"));
    }

    @Test
    void theSameLaunchPostedToBothNodesAtOnceSucceedsExactlyOnce() throws Exception {
        for (int round = 0; round < 10; round++) {
            LtiHttp.Login login = loginOn(a);
            String token = tokenFor(login);
            long contexts = db.count("launch_context");
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<Integer>> results = new ArrayList<>();
            for (LtiHttp node : List.of(a, b, a, b)) {
                results.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return node.launch(token, login.state(), login.cookie()).statusCode();
                }));
            }
            go.countDown();
            long ok = results.stream()
                    .map(CompletableFuture::join)
                    .filter(s -> s == 303)
                    .count();
            assertEquals(1, ok, "exactly one of four simultaneous posts succeeds");
            assertEquals(contexts + 1, db.count("launch_context"));
            results.forEach(f -> {
                int s = f.join();
                assertEquals(true, s == 303 || (s >= 400 && s < 500), "never a 5xx: " + s);
            });
        }
    }

    /** Node A's admin console posts {@code action} for the test platform's registration (or one of its deployments). */
    void adminOnA(String action) throws Exception {
        ToolClient console = new ToolClient(nodeA.baseUrl(), ADMIN, ADMIN_PASSWORD);
        String csrf = ToolClient.csrf(console.get("/admin/").body());
        long id = db.longQuery("SELECT id FROM platform_registration WHERE client_id = ?", platform.clientId());
        HttpResponse<String> r = console.postForm("/admin/registrations/" + id + action, Map.of("csrf", csrf));
        assertEquals(303, r.statusCode(), r.body());
    }

    @Test
    void aRegistrationDisabledOnNodeAIsRefusedOnNodeBAtOnce() throws Exception {
        // Node b has the registration and the deployment in memory from a launch of its own.
        LtiHttp.Login warm = loginOn(b);
        assertEquals(303, b.launch(tokenFor(warm), warm.state(), warm.cookie()).statusCode());
        LtiHttp.Login startedBefore = loginOn(b);

        adminOnA("/disable");
        try {
            // A login writes nothing (sealed state, docs/adr/0006-sealed-states.md), so b, which has not read the
            // change counter since, may still send this browser to the platform (a housekeeping round would have
            // told it); what matters is that nothing launches: the launch's own statement finds the counter moved.
            LtiHttp.Login during = b.login("GET", loginParams());
            if (during.status() != 403) {
                assertEquals(302, during.status(), during.body());
                HttpResponse<String> launch = b.launch(tokenFor(during), during.state(), during.cookie());
                assertEquals("REGISTRATION_DISABLED", LtiHttp.errorCode(launch), launch.body());
            }
            HttpResponse<String> launch =
                    b.launch(tokenFor(startedBefore), startedBefore.state(), startedBefore.cookie());
            assertEquals("REGISTRATION_DISABLED", LtiHttp.errorCode(launch), "a login started before the change");
            // b has now seen the change: its logins are refused at once, without a trip to the platform.
            LtiHttp.Login refused = b.login("GET", loginParams());
            assertEquals(403, refused.status(), refused.body());
            assertEquals(true, refused.body().contains("REGISTRATION_DISABLED"), refused.body());
        } finally {
            adminOnA("/enable");
        }
        LtiHttp.Login again = loginOn(b); // and enabled again on a: b does not keep refusing from memory
        assertEquals(
                303, b.launch(tokenFor(again), again.state(), again.cookie()).statusCode());
    }

    private Map<String, String> loginParams() {
        return Map.of(
                "iss",
                platform.issuer(),
                "login_hint",
                "u",
                "target_link_uri",
                publicUrl + "/lti/launch",
                "client_id",
                platform.clientId());
    }

    @Test
    void aDeploymentDisabledOnNodeAIsRefusedOnNodeBAtOnce() throws Exception {
        LtiHttp.Login warm = loginOn(b);
        assertEquals(303, b.launch(tokenFor(warm), warm.state(), warm.cookie()).statusCode());
        long deployment = db.longQuery(
                "SELECT d.id FROM deployment d JOIN platform_registration r "
                        + "ON r.id = d.registration_id WHERE r.client_id = ? AND d.deployment_id = ?",
                platform.clientId(),
                TestPlatform.DEPLOYMENT_ID);
        // Minted on b before the change: b checks its launch against the deployment as it was, and the statement
        // that would consume the state and store the launch finds the change counter moved.
        LtiHttp.Login startedBefore = loginOn(b);
        adminOnA("/deployments/" + deployment + "/disable");
        try {
            LtiHttp.Login login = loginOn(b);
            HttpResponse<String> launch = b.launch(tokenFor(login), login.state(), login.cookie());
            assertEquals("DEPLOYMENT_DISABLED", LtiHttp.errorCode(launch), launch.body());
            HttpResponse<String> before =
                    b.launch(tokenFor(startedBefore), startedBefore.state(), startedBefore.cookie());
            assertEquals("DEPLOYMENT_DISABLED", LtiHttp.errorCode(before), "a login started before the change");
            assertEquals(
                    "STATE_UNKNOWN",
                    LtiHttp.errorCode(b.launch(tokenFor(startedBefore), startedBefore.state(), startedBefore.cookie())),
                    "the refused launch used up its state");
        } finally {
            adminOnA("/deployments/" + deployment + "/enable");
        }
        LtiHttp.Login again = loginOn(b);
        assertEquals(
                303, b.launch(tokenFor(again), again.state(), again.cookie()).statusCode());
    }
}
