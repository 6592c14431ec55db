package org.attentionlesson.lti;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.Header;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JDK-decoding shortcuts give what Nimbus's own calls give, including for odd encodings and bad JSON. */
class JoseDecodingTest {
    static final String HEADER = "{\"alg\":\"RS256\",\"kid\":\"k1\",\"typ\":\"JWT\"}";
    static final String SIG = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[256]);

    static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void claimsAndHeaderAreNimbussOwn() throws Exception {
        List<String> payloads = List.of(
                "{\"iss\":\"https://lms.example\",\"aud\":[\"a\",\"b\"],\"exp\":1900000000,\"iat\":1800000000,"
                        + "\"nonce\":\"n\",\"https://purl.imsglobal.org/spec/lti/claim/custom\":{\"x\":\"é 深 🙂\"}}",
                "{\"sub\":\"x\",\"aud\":\"single\"}", "{}");
        for (String p : payloads) {
            for (String encodedPayload : List.of(b64(p), b64(p) + "==", " " + b64(p), b64(p).substring(0, 2) + "\n"
                    + b64(p).substring(2))) {
                String token = b64(HEADER) + "." + encodedPayload + "." + SIG;
                SignedJWT ours = SignedJWT.parse(token);
                SignedJWT theirs = SignedJWT.parse(token);
                JWTClaimsSet expected = theirs.getJWTClaimsSet();
                assertEquals(expected.toJSONObject(), JoseDecoding.claims(ours).toJSONObject(), encodedPayload);
                assertEquals(expected.getAudience(), JoseDecoding.claims(ours).getAudience());
            }
        }
        Header expected = Header.parse(new Base64URL(b64(HEADER)));
        assertEquals(expected.toJSONObject(), JoseDecoding.header(b64(HEADER)).toJSONObject());
        assertEquals(expected.getAlgorithm(), JoseDecoding.header(b64(HEADER) + "=").getAlgorithm());
    }

    @Test
    void refusalsAreNimbussOwnToo() throws Exception {
        for (String payload : List.of("[1,2]", "not json", "{\"exp\":\"soon\"}", "{\"aud\":7}")) {
            String token = b64(HEADER) + "." + b64(payload) + "." + SIG;
            ParseException expected = assertThrows(ParseException.class, () -> SignedJWT.parse(token).getJWTClaimsSet());
            ParseException actual = assertThrows(ParseException.class, () -> JoseDecoding.claims(SignedJWT.parse(token)));
            assertEquals(expected.getMessage(), actual.getMessage(), payload);
        }
        for (String header : List.of("e30", b64("[]"), b64("{\"alg\":7}"), "!!!")) {
            ParseException expected = assertThrows(ParseException.class, () -> Header.parse(new Base64URL(header)));
            ParseException actual = assertThrows(ParseException.class, () -> JoseDecoding.header(header));
            assertEquals(expected.getMessage(), actual.getMessage(), header);
        }
    }
}
