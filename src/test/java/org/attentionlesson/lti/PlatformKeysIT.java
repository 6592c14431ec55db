package org.attentionlesson.lti;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.RSAKey;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.attentionlesson.support.LtiHttp;
import org.attentionlesson.support.TestPlatform;
import org.attentionlesson.support.TomcatServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The platform's JWKS as seen from the tool: cached (here for four seconds, to make expiry quick to reach),
 * refetched on a new kid, still used while the platform's JWKS URL is down, and not hammered by made-up kids.
 * Each test has its own platform, so each has its own cache and refetch budget.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlatformKeysIT {
    static final String LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner";

    TestPlatform rotating;
    TestPlatform failing;
    TestPlatform flooded;
    TomcatServer tomcat;
    LtiHttp http;

    private Path dir;

    @BeforeAll
    void start() throws Exception {
        rotating = TestPlatform.start("rotating");
        failing = TestPlatform.start("failing");
        flooded = TestPlatform.start("flooded");
        dir = Files.createTempDirectory("keys-it-");
        tomcat = TomcatServer.start(
                0,
                Map.of(
                        "attention.registrationsFile",
                                TestPlatform.writeRegistrationsFile(dir, rotating, failing, flooded)
                                        .toString(),
                        "attention.jwksCacheSeconds", "4",
                        "attention.jwksMinRefetchSeconds", "3"));
        http = new LtiHttp(tomcat.baseUrl());
    }

    @AfterAll
    void stop() {
        tomcat.close();
        rotating.close();
        failing.close();
        flooded.close();
        if (dir != null) {
            TomcatServer.deleteRecursively(dir.toFile()); // the test database and files under it
        }
    }

    HttpResponse<String> launch(TestPlatform platform, RSAKey key, String kid) {
        LtiHttp.Login login = http.login(platform);
        String token = TestPlatform.sign(
                platform.resourceLinkClaims(tomcat.baseUrl(), login.nonce(), "u-1", LEARNER)
                        .build(),
                key,
                kid);
        return http.launch(token, login.state(), login.cookie());
    }

    HttpResponse<String> launch(TestPlatform platform) {
        return launch(platform, platform.signingKey(), platform.signingKey().getKeyID());
    }

    @Test
    void launchesKeepWorkingWhenThePlatformRotatesItsKey() throws Exception {
        assertEquals(303, launch(rotating).statusCode());
        RSAKey next = rotating.rotateKey();
        HttpResponse<String> r = launch(rotating, next, next.getKeyID());
        assertEquals(303, r.statusCode(), r.body());
        Thread.sleep(3100); // a later rotation, past the refetch rate limit's window
        RSAKey third = rotating.rotateKey();
        assertEquals(303, launch(rotating, third, third.getKeyID()).statusCode());
    }

    @Test
    void cachedKeysStillServeWhileTheJwksUrlIsDown() throws Exception {
        assertEquals(303, launch(failing).statusCode());
        failing.setJwksDown(true);
        try {
            Thread.sleep(4500); // past the cache lifetime: the tool must try the URL, fail, and use what it had
            int before = failing.jwksFetches();
            HttpResponse<String> r = launch(failing);
            assertEquals(303, r.statusCode(), r.body());
            assertTrue(failing.jwksFetches() > before, "the tool did try the JWKS URL");
        } finally {
            failing.setJwksDown(false);
        }
    }

    @Test
    void madeUpKidsCauseAtMostTwoRefetchesAndRealLaunchesStillWork() throws Exception {
        assertEquals(303, launch(flooded).statusCode());
        int before = flooded.jwksFetches();
        long start = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            RSAKey stranger = TestPlatform.newKey();
            HttpResponse<String> r = launch(flooded, stranger, "made-up-" + i);
            assertEquals(401, r.statusCode());
            assertEquals("KID_UNKNOWN", LtiHttp.errorCode(r));
        }
        // Nimbus allows two fetches per rate-limit interval (3 s here).
        long windows = 1 + (System.nanoTime() - start) / 3_000_000_000L;
        int refetches = flooded.jwksFetches() - before;
        assertTrue(
                refetches <= 2 * windows,
                "refetches were rate limited: " + refetches + " in " + windows + " window(s)");
        Thread.sleep(4500); // the cache has expired
        HttpResponse<String> r = launch(flooded);
        assertEquals(303, r.statusCode(), r.body());
    }
}
