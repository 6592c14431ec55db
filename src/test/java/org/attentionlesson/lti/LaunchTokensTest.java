package org.attentionlesson.lti;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.attentionlesson.web.RandomTokens;
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
        LaunchTokens later =
                new LaunchTokens(SECRET, Clock.fixed(NOW.plusSeconds(91 * 60), ZoneOffset.UTC), Duration.ofMinutes(90));
        ToolException e = assertThrows(ToolException.class, () -> later.verify(token));
        assertEquals(401, e.status());
        assertEquals("LAUNCH_TOKEN_INVALID", e.code());
    }

    @Test
    void refusesATokenSignedWithAnotherSecret() {
        String token = new LaunchTokens(
                        "ffffffffffffffffffffffffffffffff".getBytes(), Clock.systemUTC(), Duration.ofMinutes(5))
                .issue("x");
        assertTrue(new LaunchTokens(SECRET, Clock.systemUTC(), Duration.ofMinutes(5))
                .check(token)
                .isEmpty());
    }

    @Test
    void refusesGarbageAndUnsignedTokens() {
        LaunchTokens tokens = new LaunchTokens(SECRET, Clock.systemUTC(), Duration.ofMinutes(5));
        assertTrue(tokens.check("garbage").isEmpty());
        assertTrue(tokens.check("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.").isEmpty());
        assertTrue(tokens.check(null).isEmpty());
    }

    @Test
    void issuesWhatNimbusWouldAndChecksNimbussTokens() throws Exception {
        for (Instant at : java.util.List.of(NOW, NOW.plusMillis(999), Instant.parse("2030-01-01T00:00:00.5Z"))) {
            LaunchTokens tokens = new LaunchTokens(SECRET, Clock.fixed(at, ZoneOffset.UTC), Duration.ofMinutes(90));
            String id = RandomTokens.of(24);
            com.nimbusds.jwt.SignedJWT nimbus = new com.nimbusds.jwt.SignedJWT(
                    new com.nimbusds.jose.JWSHeader(com.nimbusds.jose.JWSAlgorithm.HS256),
                    new com.nimbusds.jwt.JWTClaimsSet.Builder()
                            .subject(id)
                            .audience("attention-lti/launch")
                            .issueTime(java.util.Date.from(at))
                            .expirationTime(java.util.Date.from(at.plus(Duration.ofMinutes(90))))
                            .build());
            nimbus.sign(new com.nimbusds.jose.crypto.MACSigner(SECRET));
            assertEquals(nimbus.serialize(), tokens.issue(id));
            assertEquals(id, tokens.verify(nimbus.serialize()));
        }
    }

    @Test
    void oddIdsAndOtherHeadersWorkAndTamperingIsRefused() throws Exception {
        LaunchTokens tokens = new LaunchTokens(SECRET, Clock.systemUTC(), Duration.ofMinutes(5));
        for (String id : java.util.List.of("with \"quote\" and /slash", "é", "launch-42")) {
            assertEquals(id, tokens.verify(tokens.issue(id)));
        }
        String token = tokens.issue("launch-42");
        String[] parts = token.split("\\.");
        String otherPayload = java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                        "{\"sub\":\"launch-43\",\"aud\":\"attention-lti/launch\",\"exp\":4102444800}".getBytes());
        assertTrue(tokens.check(parts[0] + "." + otherPayload + "." + parts[2]).isEmpty());
        assertTrue(tokens.check(token + ".x").isEmpty());
        assertTrue(tokens.check(parts[0] + "." + parts[1] + ".").isEmpty());
        // Another header (typ) is still ours if the MAC holds.
        com.nimbusds.jwt.SignedJWT typed = new com.nimbusds.jwt.SignedJWT(
                new com.nimbusds.jose.JWSHeader.Builder(com.nimbusds.jose.JWSAlgorithm.HS256)
                        .type(com.nimbusds.jose.JOSEObjectType.JWT)
                        .build(),
                new com.nimbusds.jwt.JWTClaimsSet.Builder()
                        .subject("t")
                        .audience("attention-lti/launch")
                        .expirationTime(new java.util.Date(System.currentTimeMillis() + 60_000))
                        .build());
        typed.sign(new com.nimbusds.jose.crypto.MACSigner(SECRET));
        assertEquals("t", tokens.verify(typed.serialize()));
        // No audience: refused.
        com.nimbusds.jwt.SignedJWT noAud = new com.nimbusds.jwt.SignedJWT(
                new com.nimbusds.jose.JWSHeader(com.nimbusds.jose.JWSAlgorithm.HS256),
                new com.nimbusds.jwt.JWTClaimsSet.Builder()
                        .subject("t")
                        .expirationTime(new java.util.Date(System.currentTimeMillis() + 60_000))
                        .build());
        noAud.sign(new com.nimbusds.jose.crypto.MACSigner(SECRET));
        assertTrue(tokens.check(noAud.serialize()).isEmpty());
    }

    @Test
    void aTokenRememberedByThisNodeStillExpiresAndATamperedCopyIsStillRefused() {
        java.util.concurrent.atomic.AtomicReference<Instant> now =
                new java.util.concurrent.atomic.AtomicReference<>(NOW);
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        LaunchTokens tokens = new LaunchTokens(SECRET, clock, Duration.ofMinutes(90));
        String token = tokens.issue("launch-1");
        assertEquals("launch-1", tokens.check(token).orElseThrow(), "issued here: known without verifying again");
        String tampered = token.substring(0, token.length() - 2) + (token.endsWith("A") ? "BB" : "AA");
        assertTrue(tokens.check(tampered).isEmpty());
        now.set(NOW.plusSeconds(91 * 60));
        assertTrue(tokens.check(token).isEmpty(), "remembered, and expired all the same");
    }
}
