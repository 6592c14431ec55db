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
 * started on one node completes on the other, and a token replayed on the other node is refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MultiNodeLaunchIT {
    static final String LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner";

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
        params.put("attention.registrationsFile", platform.writeRegistrationsFile(dir).toString());
        params.put("attention.baseUrl", publicUrl);
        params.put("attention.nodeName", "a");
        nodeA = TomcatServer.start(portA, params);
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
        LtiHttp.Login login = node.login("GET", Map.of("iss", platform.issuer(), "login_hint", "u",
                "target_link_uri", publicUrl + "/lti/launch", "client_id", platform.clientId()));
        assertEquals(302, login.status(), login.body());
        return login;
    }

    String tokenFor(LtiHttp.Login login) {
        JWTClaimsSet claims = platform.resourceLinkClaims(publicUrl, login.nonce(), "u-1", LEARNER).build();
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
            long ok = results.stream().map(CompletableFuture::join).filter(s -> s == 303).count();
            assertEquals(1, ok, "exactly one of four simultaneous posts succeeds");
            assertEquals(contexts + 1, db.count("launch_context"));
            results.forEach(f -> {
                int s = f.join();
                assertEquals(true, s == 303 || (s >= 400 && s < 500), "never a 5xx: " + s);
            });
        }
    }
}
