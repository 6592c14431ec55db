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
                "{\"sub\":\"x\",\"aud\":\"single\"}",
                "{}");
        for (String p : payloads) {
            for (String encodedPayload :
                    List.of(b64(p), b64(p) + "==", " " + b64(p), b64(p).substring(0, 2) + "\n" + b64(p).substring(2))) {
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
        assertEquals(
                expected.getAlgorithm(), JoseDecoding.header(b64(HEADER) + "=").getAlgorithm());
    }

    @Test
    void refusalsAreNimbussOwnToo() throws Exception {
        for (String payload : List.of("[1,2]", "not json", "{\"exp\":\"soon\"}", "{\"aud\":7}")) {
            String token = b64(HEADER) + "." + b64(payload) + "." + SIG;
            ParseException expected = assertThrows(
                    ParseException.class, () -> SignedJWT.parse(token).getJWTClaimsSet());
            ParseException actual =
                    assertThrows(ParseException.class, () -> JoseDecoding.claims(SignedJWT.parse(token)));
            assertEquals(expected.getMessage(), actual.getMessage(), payload);
        }
        for (String header : List.of("e30", b64("[]"), b64("{\"alg\":7}"), "!!!")) {
            ParseException expected = assertThrows(ParseException.class, () -> Header.parse(new Base64URL(header)));
            ParseException actual = assertThrows(ParseException.class, () -> JoseDecoding.header(header));
            assertEquals(expected.getMessage(), actual.getMessage(), header);
        }
    }

    @Test
    void jacksonReadsClaimsAsNimbussGsonDoes() throws Exception {
        List<String> payloads = List.of(
                "{\"n\":1,\"neg\":-0,\"big\":123456789012345678901234567890,\"f\":1.5,\"e\":1e2,\"E\":-2.5E-3,"
                        + "\"z\":10.0,\"t\":true,\"nul\":null,\"arr\":[1,\"a\",[2.0,{\"x\":null}],{}],\"s\":\"\\u00e9\\n\\\"\"}",
                "{\"exp\":1900000000.9,\"iat\":9223372036854775807,\"aud\":[]}",
                "{\"https://purl.imsglobal.org/spec/lti/claim/custom\":{\"a\":{\"b\":{\"c\":[[[]]]}}}}");
        for (String p : payloads) {
            String token = b64(HEADER) + "." + b64(p) + "." + SIG;
            JWTClaimsSet expected = SignedJWT.parse(token).getJWTClaimsSet();
            JWTClaimsSet actual = JoseDecoding.claims(b64(p), () -> SignedJWT.parse(token));
            assertEquals(expected.toJSONObject(), actual.toJSONObject(), p);
            assertEquals(expected.toString(), actual.toString(), p);
            assertEquals(expected.getExpirationTime(), actual.getExpirationTime(), p);
        }
        // What Jackson would read differently (or Gson refuses) goes Nimbus's way: same claims, same errors.
        String deep = "{\"d\":" + "[".repeat(70) + "]".repeat(70) + "}";
        for (String p : List.of(
                "{\"a\":1,\"a\":2}",
                "{\"a\":1e999}",
                "{\"a\":NaN}",
                "{\"a\":'x'}",
                "{\"a\":1}x",
                "{a:1}",
                deep,
                "[]",
                "{\"exp\":\"soon\"}")) {
            String token = b64(HEADER) + "." + b64(p) + "." + SIG;
            String expected;
            try {
                expected = SignedJWT.parse(token).getJWTClaimsSet().toString();
            } catch (ParseException e) {
                expected = "ParseException: " + e.getMessage();
            }
            String actual;
            try {
                actual = JoseDecoding.claims(b64(p), () -> SignedJWT.parse(token))
                        .toString();
            } catch (ParseException e) {
                actual = "ParseException: " + e.getMessage();
            }
            assertEquals(expected, actual, p);
        }
    }

    @Test
    void cachedHeadersAndJdkDecodedSignaturesAreNimbussToo() throws Exception {
        for (int i = 0; i < 2; i++) { // parsed, then from the cache
            assertEquals(
                    Header.parse(new Base64URL(b64(HEADER))).toJSONObject(),
                    JoseDecoding.header(b64(HEADER)).toJSONObject());
        }
        assertThrows(ParseException.class, () -> JoseDecoding.header("e30"));
        assertThrows(ParseException.class, () -> JoseDecoding.header("e30"));
        byte[] bytes = new byte[256];
        new java.util.Random(7).nextBytes(bytes);
        String sig = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        for (String s :
                List.of(sig, sig + "==", sig.substring(0, 10) + "\n" + sig.substring(10), "!!" + sig, "", "A")) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(
                    new Base64URL(s).decode(), JoseDecoding.base64URL(s).decode(), s);
            assertEquals(new Base64URL(s), JoseDecoding.base64URL(s));
        }
    }
}
