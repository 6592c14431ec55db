package org.attentionlesson.lti;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.nimbusds.jose.Header;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Nimbus's own Base64 decoder works a character at a time and was half the CPU of checking an id_token's claims (the
 * payload of an LTI launch is a couple of KB), and its (shaded Gson) JSON parser most of the rest. These give exactly
 * what Nimbus's calls give, decoding with the JDK's decoder and reading the claims JSON with Jackson's streaming
 * parser into the very map Nimbus's strict Gson would build (objects in document order, integers as {@code Long},
 * integers beyond a long and fractions as {@code Double}); whatever the JDK's strict decoder or this parser refuses
 * (duplicate keys, NaN/infinities, deep nesting, non-objects, bad bytes) goes through Nimbus's own call instead, so
 * its (lenient) decoding, its results and its error messages are unchanged.
 */
public final class JoseDecoding {
    private static final Base64.Decoder URL = Base64.getUrlDecoder();
    private static final JsonFactory JSON = new JsonFactory();
    /** Gson (in Nimbus) gives up with a stack overflow well beyond this; anything deeper takes Nimbus's path. */
    private static final int MAX_DEPTH = 64;

    private JoseDecoding() {}

    /** The source of a {@link SignedJWT} for the fallback path (parsed only when needed). */
    @FunctionalInterface
    public interface Fallback {
        SignedJWT jwt() throws ParseException;
    }

    /** {@code jwt.getJWTClaimsSet()} (call it after the signature check, as before). */
    public static JWTClaimsSet claims(SignedJWT jwt) throws ParseException {
        Base64URL[] parts = jwt.getParsedParts();
        if (parts == null) {
            return jwt.getJWTClaimsSet();
        }
        return claims(parts[1].toString(), () -> jwt);
    }

    /**
     * {@code SignedJWT.parse(token).getJWTClaimsSet()} for a compact JWS whose second part is {@code payloadPart};
     * {@code fallback} supplies that parsed JWS when the fast path cannot decide.
     */
    public static JWTClaimsSet claims(String payloadPart, Fallback fallback) throws ParseException {
        Map<String, Object> json;
        try {
            json = jsonObject(URL.decode(payloadPart));
        } catch (IllegalArgumentException e) {
            json = null;
        }
        if (json != null) {
            try {
                return JWTClaimsSet.parse(json);
            } catch (ParseException e) {
                // fall through: Nimbus's own call gives its own message
            }
        }
        return fallback.jwt().getJWTClaimsSet();
    }

    /**
     * {@code Header.parse(new Base64URL(firstPart))}. A platform signs every token with the same few headers, so the
     * headers parsed lately are kept by their encoded text (Nimbus's headers are immutable; bounded, so a stream of
     * made-up headers only costs their parsing).
     */
    public static Header header(String firstPart) throws ParseException {
        Header known = HEADERS.get(firstPart);
        if (known != null) {
            return known;
        }
        Header parsed = parseHeader(firstPart);
        if (firstPart.length() <= 2000) {
            if (HEADERS.size() >= 256) {
                HEADERS.clear();
            }
            HEADERS.put(firstPart, parsed);
        }
        return parsed;
    }

    private static final Map<String, Header> HEADERS = new ConcurrentHashMap<>();

    private static Header parseHeader(String firstPart) throws ParseException {
        Base64URL b64 = new Base64URL(firstPart);
        try {
            return Header.parse(new String(URL.decode(firstPart), StandardCharsets.UTF_8), b64);
        } catch (IllegalArgumentException | ParseException e) {
            return Header.parse(b64);
        }
    }

    /**
     * {@code new Base64URL(part)} whose {@link #decode()} (what Nimbus's verifiers call on a signature) uses the
     * JDK's decoder; what that strict decoder refuses goes to Nimbus's own lenient one, so the bytes are the same.
     */
    public static Base64URL base64URL(String part) {
        return new JdkDecoded(part);
    }

    private static final class JdkDecoded extends Base64URL {
        private static final long serialVersionUID = 1L;

        JdkDecoded(String part) {
            super(part);
        }

        @Override
        public byte[] decode() {
            try {
                return URL.decode(toString());
            } catch (IllegalArgumentException e) {
                return super.decode();
            }
        }
    }

    /**
     * The JSON object in these UTF-8 bytes as Nimbus's {@code JSONObjectUtils.parse} would give it, or null when
     * this parser does not accept it (then Nimbus must decide).
     */
    static Map<String, Object> jsonObject(byte[] utf8) {
        // Nimbus decodes the bytes to a String first, so malformed UTF-8 becomes U+FFFD there; Jackson's byte parser
        // refuses it instead, and then Nimbus decides.
        try (JsonParser p = JSON.createParser(utf8)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            Map<String, Object> out = object(p, 1);
            if (out == null || p.nextToken() != null) {
                return null;
            }
            return out;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Map<String, Object> object(JsonParser p, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        JsonToken t;
        int fields = 0;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            Object v = value(p, p.nextToken(), depth);
            if (v == FAIL) {
                return null;
            }
            m.put(name, v);
            if (m.size() != ++fields) {
                return null; // a duplicate key: Gson refuses it
            }
        }
        return t == JsonToken.END_OBJECT ? m : null;
    }

    private static final Object FAIL = new Object();

    private static Object value(JsonParser p, JsonToken t, int depth) throws IOException {
        if (t == null) {
            return FAIL;
        }
        switch (t) {
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                // Gson's LONG_OR_DOUBLE: a long if it fits, else the double of its text.
                if (p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                    return p.getLongValue();
                }
            // fall through
            case VALUE_NUMBER_FLOAT: {
                double d = Double.parseDouble(p.getText());
                return Double.isFinite(d) ? d : FAIL; // strict Gson refuses infinities
            }
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            case START_OBJECT: {
                Map<String, Object> m = object(p, depth + 1);
                return m == null ? FAIL : m;
            }
            case START_ARRAY: {
                if (depth + 1 > MAX_DEPTH) {
                    return FAIL;
                }
                List<Object> list = new ArrayList<>();
                JsonToken e;
                while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
                    Object v = value(p, e, depth + 1);
                    if (v == FAIL) {
                        return FAIL;
                    }
                    list.add(v);
                }
                return list;
            }
            default:
                return FAIL;
        }
    }
}
