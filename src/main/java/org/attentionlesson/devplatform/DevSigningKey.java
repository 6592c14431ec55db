package org.attentionlesson.devplatform;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Instant;
import java.util.UUID;

/**
 * The dev LMS's RSA key pair, generated at start-up (so it lives as long as the JVM), published at {@code /dev/jwks}
 * and used to sign every message the dev LMS sends: RS256 with a {@code kid} (Security Framework 1.0 §6).
 */
public final class DevSigningKey {
    private final RSAKey key;
    private final RSASSASigner signer;

    private DevSigningKey(RSAKey key) {
        this.key = key;
        try {
            this.signer = new RSASSASigner(key);
        } catch (JOSEException e) {
            throw new IllegalStateException("The dev LMS key is unusable", e);
        }
    }

    public static DevSigningKey generate(Instant now) {
        try {
            String kid = "dev-lms-" + now.getEpochSecond() + "-"
                    + UUID.randomUUID().toString().substring(0, 8);
            return new DevSigningKey(new RSAKeyGenerator(2048)
                    .keyID(kid)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .issueTime(java.util.Date.from(now))
                    .generate());
        } catch (JOSEException e) {
            throw new IllegalStateException("Could not generate the dev LMS key", e);
        }
    }

    public String kid() {
        return key.getKeyID();
    }

    /** The public JWKS document, e.g. {@code {"keys":[{"kty":"RSA","kid":…,"use":"sig","alg":"RS256",…}]}}. */
    public String publicJwks() {
        return new JWKSet(key.toPublicJWK()).toString(true);
    }

    public String sign(JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(kid())
                        .type(JOSEObjectType.JWT)
                        .build(),
                claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("Signing failed", e);
        }
        return jwt.serialize();
    }
}
