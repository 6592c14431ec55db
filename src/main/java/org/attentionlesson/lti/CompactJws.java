package org.attentionlesson.lti;

import com.nimbusds.jose.Algorithm;
import com.nimbusds.jose.Header;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;

/**
 * A compact JWS as {@code SignedJWT.parse} reads it: its verification and claims give what {@code jwt.verify} and
 * {@code jwt.getJWTClaimsSet()} give (same signing input, same verifier call, same exceptions).
 */
record CompactJws(String token, String[] parts, JWSHeader header, SignedJWT parsed) {
    /** Splits and checks the header of an id_token (RS256 only); the signature is checked later with the key. */
    static CompactJws parse(String idToken) {
        if (idToken.length() > LaunchValidator.MAX_TOKEN_CHARS) {
            throw LaunchError.TOKEN_MALFORMED.exception("token too long");
        }
        String[] parts = idToken.split("\\.", -1);
        if (parts.length != 3) {
            throw LaunchError.TOKEN_MALFORMED.exception("not three parts");
        }
        Header header;
        try {
            header = JoseDecoding.header(parts[0]);
        } catch (ParseException | RuntimeException e) {
            throw LaunchError.TOKEN_MALFORMED.exception("header unreadable");
        }
        Algorithm alg = header.getAlgorithm();
        // Security Framework §5.1.3 / §6.1: RS256 only; never "none", never HMAC with a public key.
        if (!JWSAlgorithm.RS256.equals(alg)) {
            throw LaunchError.ALG_NOT_ALLOWED.exception("alg=" + alg);
        }
        if (header instanceof JWSHeader jws && jws.isBase64URLEncodePayload()) {
            // What SignedJWT.parse would build from these three parts, without decoding the header a second time.
            return new CompactJws(idToken, parts, jws, null);
        }
        try {
            SignedJWT jwt = SignedJWT.parse(idToken); // RFC 7797 unencoded payloads: Nimbus's own handling
            return new CompactJws(idToken, parts, jwt.getHeader(), jwt);
        } catch (ParseException | RuntimeException e) {
            throw LaunchError.TOKEN_MALFORMED.exception("unparseable JWS");
        }
    }

    boolean verify(JWSVerifier verifier) throws JOSEException {
        if (parsed != null) {
            return parsed.verify(verifier);
        }
        try {
            return verifier.verify(
                    header,
                    (parts[0] + '.' + parts[1]).getBytes(StandardCharsets.UTF_8),
                    JoseDecoding.base64URL(parts[2]));
        } catch (JOSEException e) {
            throw e;
        } catch (Exception e) {
            throw new JOSEException(e.getMessage(), e); // as JWSObject.verify wraps it
        }
    }

    JWTClaimsSet claims() throws ParseException {
        return parsed != null
                ? JoseDecoding.claims(parsed)
                : JoseDecoding.claims(parts[1], () -> SignedJWT.parse(token));
    }
}
