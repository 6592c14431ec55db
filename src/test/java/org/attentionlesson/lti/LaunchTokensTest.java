package org.attentionlesson.lti;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.attentionlesson.web.ToolException;
import org.junit.jupiter.api.Test;

class LaunchTokensTest {
    static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes();
    static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");

    @Test
    void aTokenNamesItsLaunchUntilItExpires() {
        LaunchTokens issuer = new LaunchTokens(SECRET, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(90));
        String token = issuer.issue("launch-42");
        assertEquals("launch-42", issuer.verify(token));
        LaunchTokens later = new LaunchTokens(SECRET, Clock.fixed(NOW.plusSeconds(91 * 60), ZoneOffset.UTC), Duration.ofMinutes(90));
        ToolException e = assertThrows(ToolException.class, () -> later.verify(token));
        assertEquals(401, e.status());
        assertEquals("LAUNCH_TOKEN_INVALID", e.code());
    }

    @Test
    void refusesATokenSignedWithAnotherSecret() {
        String token = new LaunchTokens("ffffffffffffffffffffffffffffffff".getBytes(), Clock.systemUTC(), Duration.ofMinutes(5)).issue("x");
        assertTrue(new LaunchTokens(SECRET, Clock.systemUTC(), Duration.ofMinutes(5)).check(token).isEmpty());
    }

    @Test
    void refusesGarbageAndUnsignedTokens() {
        LaunchTokens tokens = new LaunchTokens(SECRET, Clock.systemUTC(), Duration.ofMinutes(5));
        assertTrue(tokens.check("garbage").isEmpty());
        assertTrue(tokens.check("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.").isEmpty());
        assertTrue(tokens.check(null).isEmpty());
    }
}
