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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.attentionlesson.web.ToolException;

/**
 * The short-lived signed token that pages carry after a launch. It names the stored launch context, works without
 * cookies (third-party cookies are often blocked in LMS iframes, docs/lti.md §9), and doubles as CSRF protection
 * because only our own pages know it. HMAC-SHA256 with a secret every node shares through the database.
 *
 * <p>A page request checks its token twice (the response's frame-ancestors name the launch's platform, then the
 * page itself), and the page's API calls carry the same token again: so the tokens this node issued or verified
 * lately are remembered with their subject and expiry, and a known token is answered without parsing and MAC-ing it
 * again. Only tokens Nimbus signed or verified go in, keyed by their exact text; expiry is checked on every use.
 */
public final class LaunchTokens {
    private static final String AUDIENCE = "attention-lti/launch";
    /**
     * Every token's header, {"alg":"HS256"}. Parsed once from its encoded form, so Nimbus hands that form back
     * ({@code Header#toBase64URL}) instead of writing the header's JSON again for every token it signs.
     */
    private static final JWSHeader HEADER = header();
    /**
     * The provider the JDK picks for HmacSHA256, given to the signer and the verifier: Nimbus then asks that provider
     * for its Mac directly instead of walking the provider list on every token. Same algorithm, same provider.
     */
    private static final java.security.Provider HMAC_PROVIDER = hmacProvider();

    private final MACSigner signer;
    private final MACVerifier verifier;
    private final Clock clock;
    private final Duration lifetime;
    static final int KNOWN_MAX = 8_192;
    private final Map<String, Known> known = new ConcurrentHashMap<>();

    private record Known(String subject, Instant expires) {}

    public LaunchTokens(byte[] secret, Clock clock, Duration lifetime) {
        try {
            this.signer = new MACSigner(secret);
            this.verifier = new MACVerifier(secret);
            signer.getJCAContext().setProvider(HMAC_PROVIDER);
            verifier.getJCAContext().setProvider(HMAC_PROVIDER);
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
        SignedJWT jwt = new SignedJWT(HEADER, claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        String token = jwt.serialize();
        remember(token, launchContextId, claims.getExpirationTime().toInstant());
        return token;
    }

    public Duration lifetime() {
        return lifetime;
    }

    /** The launch context id the token names, or a 401 that tells the person to reopen the activity. */
    public String verify(String token) {
        return check(token)
                .orElseThrow(() -> new ToolException(
                        401,
                        "LAUNCH_TOKEN_INVALID",
                        "Your session for this activity has ended. Open the activity again from your course."));
    }

    public Optional<String> check(String token) {
        if (token == null || token.isBlank() || token.length() > 2000) {
            return Optional.empty();
        }
        Known k = known.get(token);
        if (k != null) {
            return k.expires().isAfter(clock.instant()) ? Optional.of(k.subject()) : Optional.empty();
        }
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
                return Optional.empty();
            }
            JWTClaimsSet claims = JoseDecoding.claims(jwt);
            Date exp = claims.getExpirationTime();
            if (exp == null
                    || !exp.toInstant().isAfter(clock.instant())
                    || claims.getAudience() == null
                    || !claims.getAudience().contains(AUDIENCE)
                    || claims.getSubject() == null) {
                return Optional.empty();
            }
            remember(token, claims.getSubject(), exp.toInstant());
            return Optional.of(claims.getSubject());
        } catch (ParseException | JOSEException | IllegalStateException e) {
            return Optional.empty();
        }
    }

    private static JWSHeader header() {
        try {
            return JWSHeader.parse(new JWSHeader(JWSAlgorithm.HS256).toBase64URL());
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static java.security.Provider hmacProvider() {
        try {
            return javax.crypto.Mac.getInstance("HmacSHA256").getProvider();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JDK has no HmacSHA256", e);
        }
    }

    private void remember(String token, String subject, Instant expires) {
        if (known.size() >= KNOWN_MAX) {
            known.clear(); // bounded; the next use of a forgotten token is verified again
        }
        known.put(token, new Known(subject, expires));
    }
}
