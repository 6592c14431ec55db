package org.attentionlesson.devplatform.deeplinking;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.attentionlesson.devplatform.DevEndpoints;
import org.attentionlesson.devplatform.DocumentTarget;

/**
 * The platform's check of the tool's {@code LtiDeepLinkingResponse} (Deep Linking 2.0 §4.5), as strict as Canvas
 * and Moodle together: RS256 with a {@code kid} the tool publishes, {@code iss} = the client id, {@code aud} = our
 * issuer, fresh {@code iat}/{@code exp}, a nonce never seen before, the message type, version and deployment, then
 * each content item: only {@code ltiResourceLink}, at most one, launching the registered tool URL, string custom
 * values, and a line item with {@code scoreMaximum > 0}.
 */
public final class DeepLinkingReturn {
    public static final String LTI = "https://purl.imsglobal.org/spec/lti/claim/";
    public static final String DL = "https://purl.imsglobal.org/spec/lti-dl/claim/";
    private static final Duration LEEWAY = Duration.ofSeconds(60);
    private static final Duration MAX_AGE = Duration.ofMinutes(10);

    /** A content item's line item (Deep Linking 2.0 §3.4.2.1). */
    public record LineItem(String label, double scoreMaximum, String resourceId, String tag) {}

    /** One accepted {@code ltiResourceLink} item. */
    public record Item(
            String title, String text, Map<String, String> custom, LineItem lineItem, DocumentTarget target) {}

    /** What the response carried: no items means the instructor chose nothing. */
    public record Accepted(List<Item> items, Object data, String msg, String errorMsg) {}

    private final DevEndpoints endpoints;
    private final PublishedToolKeys keys;
    private final Clock clock;
    private final Map<String, Instant> usedNonces = new ConcurrentHashMap<>();

    public DeepLinkingReturn(DevEndpoints endpoints, PublishedToolKeys keys, Clock clock) {
        this.endpoints = endpoints;
        this.keys = keys;
        this.clock = clock;
    }

    public Accepted verify(String jwt, boolean acceptMultiple) {
        if (jwt == null || jwt.isBlank()) {
            throw new DeepLinkingRefused("The JWT field is missing.");
        }
        if (jwt.length() > 64 * 1024) {
            throw new DeepLinkingRefused("The JWT is too large.");
        }
        SignedJWT signed;
        JWTClaimsSet c;
        try {
            signed = SignedJWT.parse(jwt);
            c = signed.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new DeepLinkingRefused("The JWT field is not a signed JWT.");
        }
        if (!JWSAlgorithm.RS256.equals(signed.getHeader().getAlgorithm())) {
            throw new DeepLinkingRefused("The JWT must be signed with RS256, not "
                    + signed.getHeader().getAlgorithm() + ".");
        }
        String kid = signed.getHeader().getKeyID();
        if (kid == null || kid.isBlank()) {
            throw new DeepLinkingRefused("The JWT header has no kid.");
        }
        JWK key = keys.key(kid);
        if (!(key instanceof RSAKey rsa)) {
            throw new DeepLinkingRefused("The tool's JWKS has no RSA key with kid " + kid + ".");
        }
        try {
            if (!signed.verify(new RSASSAVerifier(rsa))) {
                throw new DeepLinkingRefused("The JWT's signature does not verify with the tool's key " + kid + ".");
            }
        } catch (JOSEException e) {
            throw new DeepLinkingRefused("The JWT's signature could not be checked: " + e.getMessage());
        }
        expect("iss", c.getIssuer(), DevEndpoints.CLIENT_ID);
        if (c.getAudience() == null || !c.getAudience().contains(endpoints.issuer())) {
            throw new DeepLinkingRefused("aud must contain the platform issuer " + endpoints.issuer() + ".");
        }
        Instant now = clock.instant();
        Instant iat = instant(c.getIssueTime(), "iat");
        Instant exp = instant(c.getExpirationTime(), "exp");
        if (iat.isAfter(now.plus(LEEWAY)) || iat.isBefore(now.minus(MAX_AGE))) {
            throw new DeepLinkingRefused("iat is not within the last 10 minutes.");
        }
        if (!exp.isAfter(now.minus(LEEWAY))) {
            throw new DeepLinkingRefused("The JWT has expired.");
        }
        expect(LTI + "message_type", string(c, LTI + "message_type"), "LtiDeepLinkingResponse");
        expect(LTI + "version", string(c, LTI + "version"), "1.3.0");
        expect(LTI + "deployment_id", string(c, LTI + "deployment_id"), DevEndpoints.DEPLOYMENT_ID);
        String nonce = string(c, "nonce");
        if (nonce == null || nonce.isBlank()) {
            throw new DeepLinkingRefused("nonce is missing.");
        }
        usedNonces.values().removeIf(at -> at.isBefore(now.minus(Duration.ofHours(1))));
        if (usedNonces.putIfAbsent(nonce, now) != null) {
            throw new DeepLinkingRefused("nonce was used before: a deep linking response is accepted once.");
        }
        Object rawItems = c.getClaim(DL + "content_items");
        if (!(rawItems instanceof List<?> list)) {
            throw new DeepLinkingRefused(DL + "content_items must be an array (empty when nothing was chosen).");
        }
        if (list.size() > 1 && !acceptMultiple) {
            throw new DeepLinkingRefused(
                    "The request had accept_multiple false, but " + list.size() + " items came back.");
        }
        List<Item> items = new ArrayList<>();
        for (Object o : list) {
            items.add(item(o));
        }
        return new Accepted(items, c.getClaim(DL + "data"), string(c, DL + "msg"), string(c, DL + "errormsg"));
    }

    private Item item(Object o) {
        if (!(o instanceof Map<?, ?> m)) {
            throw new DeepLinkingRefused("A content item is not a JSON object.");
        }
        if (!"ltiResourceLink".equals(m.get("type"))) {
            throw new DeepLinkingRefused("Content item type " + m.get("type") + " was not in accept_types.");
        }
        Object url = m.get("url");
        if (url != null && !endpoints.toolLaunchUrl().equals(url)) {
            // Moodle: the URL must sit on the registered tool; here it must be the registered launch URL.
            throw new DeepLinkingRefused("The item's url " + url + " is not the tool's registered launch URL.");
        }
        String title = m.get("title") instanceof String s && !s.isBlank() ? s : "External tool";
        String text = m.get("text") instanceof String s ? s : null;
        Map<String, String> custom = new LinkedHashMap<>();
        if (m.get("custom") != null) {
            if (!(m.get("custom") instanceof Map<?, ?> cm)) {
                throw new DeepLinkingRefused("custom must be an object of strings.");
            }
            for (Map.Entry<?, ?> e : cm.entrySet()) {
                if (!(e.getValue() instanceof String v)) {
                    throw new DeepLinkingRefused("custom." + e.getKey() + " must be a string.");
                }
                custom.put(String.valueOf(e.getKey()), v);
            }
        }
        LineItem lineItem = null;
        if (m.get("lineItem") != null) {
            if (!(m.get("lineItem") instanceof Map<?, ?> li)) {
                throw new DeepLinkingRefused("lineItem must be an object.");
            }
            if (!(li.get("scoreMaximum") instanceof Number max) || !(max.doubleValue() > 0)) {
                throw new DeepLinkingRefused("lineItem.scoreMaximum must be a number greater than 0.");
            }
            String label = li.get("label") instanceof String s && !s.isBlank() ? s : title;
            lineItem = new LineItem(
                    label,
                    max.doubleValue(),
                    li.get("resourceId") instanceof String s ? s : null,
                    li.get("tag") instanceof String s ? s : null);
        }
        DocumentTarget target = m.containsKey("iframe") ? DocumentTarget.IFRAME : DocumentTarget.WINDOW;
        return new Item(title, text, custom, lineItem, target);
    }

    private static void expect(String name, String actual, String wanted) {
        if (!Objects.equals(actual, wanted)) {
            throw new DeepLinkingRefused(name + " must be \"" + wanted + "\" but was "
                    + (actual == null ? "missing" : "\"" + actual + "\"") + ".");
        }
    }

    private static Instant instant(Date d, String name) {
        if (d == null) {
            throw new DeepLinkingRefused(name + " is missing.");
        }
        return d.toInstant();
    }

    private static String string(JWTClaimsSet c, String name) {
        Object v = c.getClaim(name);
        return v instanceof String s ? s : null;
    }
}
