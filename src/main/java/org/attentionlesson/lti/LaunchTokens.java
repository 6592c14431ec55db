package org.attentionlesson.lti;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Base64;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.attentionlesson.web.ToolException;

/**
 * The short-lived signed token that pages carry after a launch (DESIGN §3). It names the stored launch context,
 * works without cookies (third-party cookies are often blocked in LMS iframes), and doubles as CSRF protection
 * because only our own pages know it. HMAC-SHA256 with a secret every node shares through the database.
 */
public final class LaunchTokens {
    private static final String AUDIENCE = "attention-lti/launch";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODER = Base64.getUrlDecoder();
    /** {@code new JWSHeader(JWSAlgorithm.HS256).toBase64URL()}: {@code {"alg":"HS256"}}. */
    static final String HEADER_B64 = B64.encodeToString("{\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8));
    /** Ids that go into JSON as they are (ours are URL-safe Base64); anything else takes Nimbus's writer. */
    private static final Pattern PLAIN_ID = Pattern.compile("[A-Za-z0-9_-]{1,200}");

    /** Initialised HMAC-SHA256 instances for reuse (a Mac is not thread-safe; a pool, not a ThreadLocal, in a webapp). */
    private final Queue<Mac> macs = new ConcurrentLinkedQueue<>();
    private final byte[] secret;

    private final MACSigner signer;
    private final MACVerifier verifier;
    private final Clock clock;
    private final Duration lifetime;

    public LaunchTokens(byte[] secret, Clock clock, Duration lifetime) {
        this.secret = secret.clone();
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
        if (PLAIN_ID.matcher(launchContextId).matches()) {
            // Byte for byte what Nimbus builds below (claims in the same order, whole seconds), without its JSON
            // writer and per-call JCA lookups; pinned by LaunchTokensTest.
            String payload = "{\"sub\":\"" + launchContextId + "\",\"aud\":\"" + AUDIENCE + "\",\"exp\":"
                    + now.plus(lifetime).getEpochSecond() + ",\"iat\":" + now.getEpochSecond() + "}";
            String signingInput = HEADER_B64 + "." + B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
            return signingInput + "." + B64.encodeToString(hmac(signingInput));
        }
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
        if (token.startsWith(HEADER_B64 + ".")) {
            Optional<Optional<String>> fast = checkOurs(token);
            if (fast.isPresent()) {
                return fast.get();
            }
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

    /**
     * {@link #check} for a token with exactly the header we issue ({@code {"alg":"HS256"}}: no {@code crit}, an
     * encoded payload) whose signature the JDK's strict decoder reads: the same HMAC, compared in constant time as
     * Nimbus's MACVerifier does, then the same claim checks. Empty when it cannot decide (Nimbus's path decides).
     */
    private Optional<Optional<String>> checkOurs(String token) {
        int dot2 = token.indexOf('.', HEADER_B64.length() + 1);
        if (dot2 < 0 || token.indexOf('.', dot2 + 1) >= 0) {
            return Optional.empty();
        }
        byte[] signature;
        try {
            signature = B64_DECODER.decode(token.substring(dot2 + 1));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(hmac(token.substring(0, dot2)), signature)) {
            return Optional.of(Optional.empty());
        }
        JWTClaimsSet claims;
        try {
            String payload = token.substring(HEADER_B64.length() + 1, dot2);
            claims = JoseDecoding.claims(payload, () -> SignedJWT.parse(token));
        } catch (ParseException | RuntimeException e) {
            return Optional.empty();
        }
        Date exp = claims.getExpirationTime();
        if (exp == null || !exp.toInstant().isAfter(clock.instant()) || claims.getAudience() == null
                || !claims.getAudience().contains(AUDIENCE) || claims.getSubject() == null) {
            return Optional.of(Optional.empty());
        }
        return Optional.of(Optional.of(claims.getSubject()));
    }

    private byte[] hmac(String signingInput) {
        Mac mac = macs.poll();
        if (mac == null) {
            try {
                mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
        try {
            return mac.doFinal(signingInput.getBytes(StandardCharsets.UTF_8)); // as JWSObject signs its input
        } finally {
            macs.offer(mac);
        }
    }
}
