package org.attentionlesson.devplatform;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

/**
 * Mints and checks {@code lti_message_hint} values. Like Canvas's, a hint is a short-lived signed JWT (HS256 with a
 * secret made at start-up): opaque to the tool, which must echo it byte for byte (docs/lti.md §2), and verifiable
 * here without server-side state.
 */
public final class MessageHints {
    private static final String AUDIENCE = "dev-lms/lti_message_hint";
    private static final Duration LIFETIME = Duration.ofMinutes(5);

    private final MACSigner signer;
    private final MACVerifier verifier;
    private final Clock clock;

    public MessageHints(Clock clock) {
        this(clock, randomSecret());
    }

    MessageHints(Clock clock, byte[] secret) {
        try {
            this.signer = new MACSigner(secret);
            this.verifier = new MACVerifier(secret);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        this.clock = clock;
    }

    private static byte[] randomSecret() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return secret;
    }

    public String issue(MessageHint hint) {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .audience(AUDIENCE)
                .subject(hint.userId())
                .claim("msg", hint.messageType())
                .claim("link", hint.resourceLinkId())
                .claim("target", hint.documentTarget().wire())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(LIFETIME)))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    /** The hint, if {@code value} is one we minted in the last few minutes; empty otherwise. */
    public Optional<MessageHint> verify(String value) {
        if (value == null || value.isBlank() || value.length() > 2000) {
            return Optional.empty();
        }
        try {
            SignedJWT jwt = SignedJWT.parse(value);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
                return Optional.empty();
            }
            JWTClaimsSet c = jwt.getJWTClaimsSet();
            if (c.getAudience() == null
                    || !c.getAudience().contains(AUDIENCE)
                    || c.getExpirationTime() == null
                    || !c.getExpirationTime().toInstant().isAfter(clock.instant())) {
                return Optional.empty();
            }
            Optional<DocumentTarget> target = DocumentTarget.fromWire(c.getStringClaim("target"));
            if (c.getSubject() == null || c.getStringClaim("msg") == null || target.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(
                    new MessageHint(c.getSubject(), c.getStringClaim("msg"), c.getStringClaim("link"), target.get()));
        } catch (ParseException | JOSEException | IllegalStateException e) {
            return Optional.empty();
        }
    }
}
