package org.attentionlesson.ags;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import org.attentionlesson.lti.PlatformRegistration;

/**
 * The signed JWT the tool authenticates with at a token endpoint (private_key_jwt, RFC 7523; IMS Security
 * Framework §4.1.1): {@code iss} = {@code sub} = our client id, {@code aud} = the token URL (or the configured
 * audience), a unique {@code jti}, {@code iat} a few seconds in the past because Moodle allows no clock skew.
 */
public final class ClientAssertion {
    static final Duration BACKDATE = Duration.ofSeconds(5);
    static final Duration LIFETIME = Duration.ofMinutes(4);

    private ClientAssertion() {}

    public static String sign(PlatformRegistration registration, RSAKey key, Instant now) {
        Instant iat = now.minus(BACKDATE);
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(registration.clientId())
                .subject(registration.clientId())
                .audience(registration.assertionAudience())
                .issueTime(Date.from(iat))
                .expirationTime(Date.from(iat.plus(LIFETIME)))
                .jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(key.getKeyID())
                        .type(JOSEObjectType.JWT)
                        .build(),
                claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("Could not sign the client assertion", e);
        }
        return jwt.serialize();
    }
}
