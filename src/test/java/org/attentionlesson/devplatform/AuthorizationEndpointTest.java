package org.attentionlesson.devplatform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The dev LMS's authorization endpoint refuses what a strict platform refuses, and signs what it accepts. */
class AuthorizationEndpointTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final DevEndpoints endpoints = DevEndpoints.of(URI.create("http://localhost:8080"));
    private final byte[] hintSecret = new byte[32];
    private final MessageHints hints = new MessageHints(clock, hintSecret);
    private final DevSigningKey key = DevSigningKey.generate(NOW);
    private final AuthorizationEndpoint endpoint =
            new AuthorizationEndpoint(endpoints, DevCourse.sample(), hints, new IdTokenFactory(endpoints, key, clock));

    private Map<String, String> validRequest() {
        Map<String, String> p = new HashMap<>();
        p.put("scope", "openid");
        p.put("response_type", "id_token");
        p.put("response_mode", "form_post");
        p.put("prompt", "none");
        p.put("client_id", "dev-tool");
        p.put("redirect_uri", "http://localhost:8080/lti/launch");
        p.put("login_hint", "student-ada");
        p.put(
                "lti_message_hint",
                hints.issue(MessageHint.resourceLink("student-ada", "dev-link-1", DocumentTarget.IFRAME)));
        p.put("state", "state-1");
        p.put("nonce", "nonce-1");
        return p;
    }

    @Test
    void answersAValidRequestWithASignedTokenForTheHintedPersonAndLink() throws Exception {
        AuthenticationResponse r = endpoint.authorize(AuthenticationRequest.from(validRequest()::get));

        assertEquals("http://localhost:8080/lti/launch", r.redirectUri());
        assertEquals("state-1", r.state());
        SignedJWT jwt = SignedJWT.parse(r.idToken());
        assertEquals(key.kid(), jwt.getHeader().getKeyID());
        assertEquals("nonce-1", jwt.getJWTClaimsSet().getStringClaim("nonce"));
        assertEquals("student-ada", jwt.getJWTClaimsSet().getSubject());
        assertEquals(
                NOW.plusSeconds(300), jwt.getJWTClaimsSet().getExpirationTime().toInstant());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "scope, profile",
        "response_type, code",
        "response_mode, query",
        "prompt, login",
        "client_id, other-tool",
        "redirect_uri, http://localhost:8080/lti/launch?x=1",
        "redirect_uri, https://localhost:8080/lti/launch",
        "login_hint, student-grace",
        "login_hint, nobody",
        "lti_message_hint, forged",
    })
    void refusesAWrongParameter(String name, String value) {
        Map<String, String> p = validRequest();
        p.put(name, value);

        AuthenticationRefused e =
                assertThrows(AuthenticationRefused.class, () -> endpoint.authorize(AuthenticationRequest.from(p::get)));
        assertTrue(e.getMessage().contains(name), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"scope", "client_id", "redirect_uri", "login_hint", "lti_message_hint", "state", "nonce"})
    void refusesAMissingParameter(String name) {
        Map<String, String> p = validRequest();
        p.remove(name);

        AuthenticationRefused e =
                assertThrows(AuthenticationRefused.class, () -> endpoint.authorize(AuthenticationRequest.from(p::get)));
        assertEquals(name + " is missing.", e.getMessage());
    }

    @Test
    void refusesAnExpiredMessageHint() {
        Map<String, String> p = validRequest();
        MessageHints earlier =
                new MessageHints(Clock.fixed(NOW.minus(Duration.ofMinutes(10)), ZoneOffset.UTC), hintSecret);
        p.put(
                "lti_message_hint",
                earlier.issue(MessageHint.resourceLink("student-ada", "dev-link-1", DocumentTarget.WINDOW)));

        AuthenticationRefused e =
                assertThrows(AuthenticationRefused.class, () -> endpoint.authorize(AuthenticationRequest.from(p::get)));
        assertTrue(e.getMessage().contains("expired"), e.getMessage());
    }

    @Test
    void acceptsAHintMintedAMinuteAgo() {
        Map<String, String> p = validRequest();
        MessageHints earlier =
                new MessageHints(Clock.fixed(NOW.minus(Duration.ofMinutes(1)), ZoneOffset.UTC), hintSecret);
        p.put(
                "lti_message_hint",
                earlier.issue(MessageHint.resourceLink("student-ada", "dev-link-1", DocumentTarget.WINDOW)));

        assertEquals(
                "state-1",
                endpoint.authorize(AuthenticationRequest.from(p::get)).state());
    }
}
