package org.attentionlesson.lti;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.attentionlesson.web.ToolException;

/**
 * The short-lived signed token that pages carry after a launch (DESIGN §3). It names the stored launch context,
 * works without cookies (third-party cookies are often blocked in LMS iframes), and doubles as CSRF protection
 * because only our own pages know it. HMAC-SHA256 with a secret every node shares through the database.
 */
public final class LaunchTokens {
    private static final String AUDIENCE = "attention-lti/launch";

    private final MACSigner signer;
    private final MACVerifier verifier;
    private final Clock clock;
    private final Duration lifetime;

    public LaunchTokens(byte[] secret, Clock clock, Duration lifetime) {
        try {
            this.signer = new MACSigner(secret);
            this.verifier = new MACVerifier(secret);
        } catch (JOSEException e) {
            throw new IllegalStateException("Launch token secret is unusable", e);
        }
        this.clock = clock;
        this.lifetime = lifetime;
    }

    public String issue(String launchContextId) {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(launchContextId)
                .audience(AUDIENCE)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime)))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    public Duration lifetime() {
        return lifetime;
    }

    /** The launch context id the token names, or a 401 that tells the person to reopen the activity. */
    public String verify(String token) {
        return check(token).orElseThrow(() -> new ToolException(401, "LAUNCH_TOKEN_INVALID",
                "Your session for this activity has ended. Open the activity again from your course."));
    }

    public Optional<String> check(String token) {
        if (token == null || token.isBlank() || token.length() > 2000) {
            return Optional.empty();
        }
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
                return Optional.empty();
            }
            JWTClaimsSet claims = JoseDecoding.claims(jwt);
            Date exp = claims.getExpirationTime();
            if (exp == null || !exp.toInstant().isAfter(clock.instant()) || claims.getAudience() == null
                    || !claims.getAudience().contains(AUDIENCE) || claims.getSubject() == null) {
                return Optional.empty();
            }
            return Optional.of(claims.getSubject());
        } catch (ParseException | JOSEException | IllegalStateException e) {
            return Optional.empty();
        }
    }

}
