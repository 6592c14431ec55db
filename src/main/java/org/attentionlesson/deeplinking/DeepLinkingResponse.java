package org.attentionlesson.deeplinking;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.attentionlesson.web.RandomTokens;

/**
 * The tool's {@code LtiDeepLinkingResponse} (Deep Linking 2.0 §4.5, docs/lti.md §7): a JWT signed RS256 with the
 * tool's current key (header {@code kid}), from our client id to the platform's issuer, holding the chosen content
 * items — none when the instructor cancelled — and the request's {@code data}, only if it had one.
 */
public final class DeepLinkingResponse {
    public static final String LTI = "https://purl.imsglobal.org/spec/lti/claim/";
    public static final String DL = "https://purl.imsglobal.org/spec/lti-dl/claim/";
    public static final String MESSAGE_TYPE = "LtiDeepLinkingResponse";
    static final Duration LIFETIME = Duration.ofMinutes(5);

    /** Who the response is from and to, and what it answers. */
    public record Addressing(String clientId, String platformIssuer, String deploymentId, Object data) {}

    private final Supplier<RSAKey> signingKey;
    private final Clock clock;

    public DeepLinkingResponse(Supplier<RSAKey> signingKey, Clock clock) {
        this.signingKey = signingKey;
        this.clock = clock;
    }

    /** A response holding {@code items} (empty: nothing chosen) and, optionally, a message for the platform to show. */
    public String sign(Addressing to, List<Map<String, Object>> items, String msg) {
        Instant now = clock.instant();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(to.clientId())
                .audience(to.platformIssuer())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(LIFETIME)))
                // Canvas refuses a nonce it has seen before: a fresh random one per response.
                .claim("nonce", RandomTokens.of(24))
                .claim(LTI + "message_type", MESSAGE_TYPE)
                .claim(LTI + "version", "1.3.0")
                .claim(LTI + "deployment_id", to.deploymentId())
                .claim(DL + "content_items", items);
        if (to.data() != null) {
            claims.claim(DL + "data", to.data());
        }
        if (msg != null) {
            claims.claim(DL + "msg", msg);
        }
        RSAKey key = signingKey.get();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(key.getKeyID())
                        .type(JOSEObjectType.JWT)
                        .build(),
                claims.build());
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("Could not sign the deep linking response", e);
        }
        return jwt.serialize();
    }

    /**
     * Our one content item (Deep Linking 2.0 §3.4): an LTI resource link back to the tool's launch URL whose custom
     * parameter names the activity, with a line item of the chosen points when the platform takes line items.
     */
    public static Map<String, Object> resourceLink(
            Activity activity, String text, String launchUrl, boolean withLineItem) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("type", DeepLinkingSettings.LTI_RESOURCE_LINK);
        item.put("title", activity.title());
        item.put("text", text);
        item.put("url", launchUrl);
        // Moodle lower-cases custom keys and turns other characters into "_": "activity" survives both.
        item.put("custom", Map.of("activity", activity.id()));
        if (withLineItem) {
            Map<String, Object> lineItem = new LinkedHashMap<>();
            lineItem.put("label", activity.title());
            lineItem.put("scoreMaximum", number(activity.points()));
            lineItem.put("resourceId", activity.id());
            lineItem.put("tag", "score");
            item.put("lineItem", lineItem);
        }
        if (activity.presentation() == Presentation.IFRAME) {
            item.put("iframe", Map.of("width", 1000, "height", 800));
        } else if (activity.presentation() == Presentation.WINDOW) {
            item.put("window", Map.of("targetName", "_blank"));
        }
        return item;
    }

    /** 10 rather than 10.0 when the points are whole. */
    static Number number(double x) {
        return x == Math.rint(x) && Math.abs(x) < 1e15 ? (Number) (long) x : (Number) x;
    }
}
