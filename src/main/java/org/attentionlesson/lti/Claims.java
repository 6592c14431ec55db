package org.attentionlesson.lti;

import com.nimbusds.jwt.JWTClaimsSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Typed reads of claims; a claim of the wrong JSON type is refused, not guessed at. */
final class Claims {
    private final JWTClaimsSet set;

    Claims(JWTClaimsSet set) {
        this.set = set;
    }

    String string(String name) {
        Object v = set.getClaim(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw LaunchError.CLAIM_INVALID.exception(name + " is not a string");
        }
        return s;
    }

    String lenientString(String name) {
        Object v = set.getClaim(name);
        return v instanceof String s ? s : null;
    }

    List<String> stringList(String name) {
        Object v = set.getClaim(name);
        if (!(v instanceof List<?> list)) {
            throw LaunchError.CLAIM_INVALID.exception(name + " is not an array");
        }
        List<String> out = new ArrayList<>(list.size());
        for (Object o : list) {
            if (!(o instanceof String s)) {
                throw LaunchError.CLAIM_INVALID.exception(name + " holds a non-string");
            }
            out.add(s);
        }
        return List.copyOf(out);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> object(String name) {
        Object v = set.getClaim(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Map<?, ?>)) {
            throw LaunchError.CLAIM_INVALID.exception(name + " is not an object");
        }
        return (Map<String, Object>) v;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> objectLenient(String name) {
        Object v = set.getClaim(name);
        return v instanceof Map<?, ?> ? (Map<String, Object>) v : null;
    }

    static String str(Map<String, Object> m, String key, String path) {
        if (m == null) {
            return null;
        }
        Object v = m.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw LaunchError.CLAIM_INVALID.exception(path + " is not a string");
        }
        return s;
    }

    static String lenient(Map<String, Object> m, String key) {
        if (m == null) {
            return null;
        }
        Object v = m.get(key);
        return v instanceof String s ? s : null;
    }

    static List<String> list(Map<String, Object> m, String key, String path) {
        Object v = m.get(key);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> l)) {
            throw LaunchError.CLAIM_INVALID.exception(path + " is not an array");
        }
        List<String> out = new ArrayList<>();
        for (Object o : l) {
            if (!(o instanceof String s)) {
                throw LaunchError.CLAIM_INVALID.exception(path + " holds a non-string");
            }
            out.add(s);
        }
        return List.copyOf(out);
    }
}
