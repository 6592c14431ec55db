package org.attentionlesson.lti;

import com.nimbusds.jose.Header;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Base64;

/**
 * Nimbus's own Base64 decoder works a character at a time and was half the CPU of checking an id_token's claims (the
 * payload of an LTI launch is a couple of KB). These give exactly what Nimbus's calls give, decoding with the JDK's
 * decoder; whatever the JDK's strict decoder or the JSON parser refuses goes through Nimbus's own call instead, so
 * its (lenient) decoding, its results and its error messages are unchanged.
 */
public final class JoseDecoding {
    private static final Base64.Decoder URL = Base64.getUrlDecoder();

    private JoseDecoding() {
    }

    /** {@code jwt.getJWTClaimsSet()} (call it after the signature check, as before). */
    public static JWTClaimsSet claims(SignedJWT jwt) throws ParseException {
        Base64URL[] parts = jwt.getParsedParts();
        if (parts == null) {
            return jwt.getJWTClaimsSet();
        }
        try {
            return JWTClaimsSet.parse(new String(URL.decode(parts[1].toString()), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | ParseException e) {
            return jwt.getJWTClaimsSet();
        }
    }

    /** {@code Header.parse(new Base64URL(firstPart))}. */
    public static Header header(String firstPart) throws ParseException {
        Base64URL b64 = new Base64URL(firstPart);
        try {
            return Header.parse(new String(URL.decode(firstPart), StandardCharsets.UTF_8), b64);
        } catch (IllegalArgumentException | ParseException e) {
            return Header.parse(b64);
        }
    }
}
