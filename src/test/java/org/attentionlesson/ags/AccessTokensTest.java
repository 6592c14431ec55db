package org.attentionlesson.ags;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.attentionlesson.lti.PlatformRegistration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The service token cache against a token endpoint on loopback: reuse, renewal, keys, sharing, failures. */
class AccessTokensTest {
    private static RSAKey key;
    private final LoopbackPlatform platform = new LoopbackPlatform();
    private final AtomicInteger issued = new AtomicInteger();
    private volatile long expiresIn = 3600;
    private final Movable clock = new Movable(Instant.parse("2026-03-01T10:00:00Z"));
    private final AccessTokens tokens = new AccessTokens(platform.http(), () -> key, clock, Duration.ofSeconds(60));
    private final PlatformRegistration reg = platform.registration(1);
    private static final Set<String> SCORE = Set.of(AgsScope.SCORE);

    static final class Movable extends Clock {
        private volatile Instant now;

        Movable(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @BeforeAll
    static void keys() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("k1").generate();
    }

    AccessTokensTest() {
        platform.handler = ex -> LoopbackPlatform.Answer.json(
                200,
                "{\"access_token\":\"tok-" + issued.incrementAndGet() + "\",\"token_type\":\"Bearer\",\"expires_in\":"
                        + expiresIn + "}");
    }

    @AfterEach
    void close() {
        platform.close();
    }

    @Test
    void aTokenIsReusedUntilAMinuteBeforeItExpires() throws Exception {
        AccessToken first = tokens.get(reg, SCORE);
        assertSame(first, tokens.get(reg, SCORE));
        clock.advance(Duration.ofSeconds(3600 - 61));
        assertSame(first, tokens.get(reg, SCORE));
        clock.advance(Duration.ofSeconds(2));
        AccessToken next = tokens.get(reg, SCORE);
        assertEquals("tok-2", next.value());
        assertEquals(2, platform.count("/token"));
        assertEquals(2, tokens.requestCount());
    }

    @Test
    void aShortLivedTokenIsRenewedAQuarterOfItsLifetimeEarly() throws Exception {
        expiresIn = 40;
        AccessToken first = tokens.get(reg, SCORE);
        assertEquals(clock.instant().plusSeconds(30), first.renewAt());
        clock.advance(Duration.ofSeconds(29));
        assertSame(first, tokens.get(reg, SCORE));
        clock.advance(Duration.ofSeconds(2));
        assertEquals("tok-2", tokens.get(reg, SCORE).value());
    }

    @Test
    void eachSetOfScopesHasItsOwnTokenAndTheRequestAsksForExactlyThose() throws Exception {
        AccessToken score = tokens.get(reg, SCORE);
        AccessToken both = tokens.get(reg, Set.of(AgsScope.SCORE, AgsScope.LINEITEM));
        assertSame(both, tokens.get(reg, new java.util.TreeSet<>(List.of(AgsScope.LINEITEM, AgsScope.SCORE))));
        assertNotEquals(score.value(), both.value());
        assertEquals(2, platform.count("/token"));
        String form = java.net.URLDecoder.decode(platform.seen.get(0).body(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(form.contains("grant_type=client_credentials"), form);
        assertTrue(form.contains("scope=" + AgsScope.SCORE) && !form.contains("lineitem"), form);
    }

    @Test
    void eachRegistrationHasItsOwnTokenEvenOnTheSameTokenEndpoint() throws Exception {
        AccessToken one = tokens.get(reg, SCORE);
        AccessToken two = tokens.get(platform.registration(2), SCORE);
        assertNotEquals(one.value(), two.value());
        assertSame(two, tokens.get(platform.registration(2), SCORE));
        assertEquals(2, platform.count("/token"));
    }

    @Test
    void callersAskingAtTheSameTimeShareOneRequest() throws Exception {
        platform.handler = ex -> {
            LoopbackPlatform.pause(300);
            return LoopbackPlatform.Answer.json(
                    200, "{\"access_token\":\"tok-" + issued.incrementAndGet() + "\",\"expires_in\":3600}");
        };
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<AccessToken>> all = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                all.add(pool.submit(() -> tokens.get(reg, SCORE)));
            }
            for (Future<AccessToken> f : all) {
                assertEquals("tok-1", f.get().value());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, platform.count("/token"));
    }

    @Test
    void aFailedTokenRequestIsNotCachedAndTheNextCallAsksAgain() throws Exception {
        platform.handler = ex -> LoopbackPlatform.Answer.json(503, "{}");
        AgsException e = assertThrows(AgsException.class, () -> tokens.get(reg, SCORE));
        assertEquals(AgsException.Kind.RETRYABLE, e.kind());
        platform.handler = ex -> LoopbackPlatform.Answer.json(200, "{\"access_token\":\"ok\",\"expires_in\":3600}");
        assertEquals("ok", tokens.get(reg, SCORE).value());
        assertEquals(2, platform.count("/token"));
    }

    @Test
    void aRefusedAssertionStaysRetryableSoAnAdminCanFixTheKeyOrClock() {
        platform.handler = ex -> LoopbackPlatform.Answer.json(400, "{\"error\":\"invalid_client\"}");
        AgsException e = assertThrows(AgsException.class, () -> tokens.get(reg, SCORE));
        assertEquals(AgsException.Kind.RETRYABLE, e.kind());
        assertEquals(400, e.httpStatus());
        assertTrue(e.getMessage().contains("HTTP 400"), e.getMessage());
    }

    @Test
    void aReplyWithoutABearerTokenIsRefused() {
        platform.handler = ex -> LoopbackPlatform.Answer.json(200, "{\"access_token\":\"x\",\"token_type\":\"mac\"}");
        assertTrue(assertThrows(AgsException.class, () -> tokens.get(reg, SCORE))
                .getMessage()
                .contains("not Bearer"));
        platform.handler = ex -> LoopbackPlatform.Answer.json(200, "{\"token_type\":\"Bearer\"}");
        assertTrue(assertThrows(AgsException.class, () -> tokens.get(reg, SCORE))
                .getMessage()
                .contains("access_token"));
        platform.handler = ex -> LoopbackPlatform.Answer.json(200, "<html>");
        assertTrue(assertThrows(AgsException.class, () -> tokens.get(reg, SCORE))
                .getMessage()
                .contains("not JSON"));
    }

    @Test
    void invalidatingDropsOnlyTheTokenThePlatformRefused() throws Exception {
        AccessToken first = tokens.get(reg, SCORE);
        tokens.invalidate(reg, SCORE, new AccessToken("someone-elses", SCORE, first.expiresAt(), first.renewAt()));
        assertSame(first, tokens.get(reg, SCORE), "a stale refusal does not drop the current token");
        tokens.invalidate(reg, SCORE, first);
        assertEquals("tok-2", tokens.get(reg, SCORE).value());
    }

    @Test
    void aRegistrationWithoutATokenUrlFailsForGood() {
        PlatformRegistration none = new PlatformRegistration(
                3, "https://lms.example", "c", "LMS", null, null, null, null, null, PlatformRegistration.Status.ACTIVE);
        assertEquals(
                AgsException.Kind.PERMANENT,
                assertThrows(AgsException.class, () -> tokens.get(none, SCORE)).kind());
        assertEquals(0, platform.count("/token"));
    }
}
