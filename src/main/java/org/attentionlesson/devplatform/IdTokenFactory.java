package org.attentionlesson.devplatform;

import com.nimbusds.jwt.JWTClaimsSet;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Builds and signs the {@code id_token} the dev LMS posts to the tool (LTI Core 1.3 §5.1, §5.3, §5.4). The claims
 * every message shares are set in one place, so a deep-linking request can reuse them with its own message claims.
 */
public final class IdTokenFactory {
    public static final String LTI = "https://purl.imsglobal.org/spec/lti/claim/";
    public static final String AGS = "https://purl.imsglobal.org/spec/lti-ags/claim/";
    public static final String NRPS = "https://purl.imsglobal.org/spec/lti-nrps/claim/";
    public static final String AGS_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/";
    public static final String PRODUCT_FAMILY = "attention-dev";
    public static final String PLATFORM_NAME = "Dev LMS";
    /** Moodle uses 60 s; a little more keeps a slow debugging session from tripping on it. */
    static final Duration LIFETIME = Duration.ofSeconds(300);

    private final DevEndpoints endpoints;
    private final DevSigningKey key;
    private final Clock clock;
    private final String platformGuid;

    public IdTokenFactory(DevEndpoints endpoints, DevSigningKey key, Clock clock) {
        this.endpoints = endpoints;
        this.key = key;
        this.clock = clock;
        // Stable for one issuer, like a real installation's GUID.
        this.platformGuid = UUID.nameUUIDFromBytes(endpoints.issuer().getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    /** An {@code LtiResourceLinkRequest} for {@code person} opening {@code link} in {@code course}. */
    public String resourceLinkRequest(
            DevCourse course, DevPerson person, DevResourceLink link, DocumentTarget target, String nonce) {
        return resourceLinkRequest(
                course, person, link, target, nonce, Map.of(), endpoints.lineItemUrl(course.id(), 1));
    }

    /**
     * As above for a link with its own custom parameters (e.g. one made by deep linking) and gradebook column
     * ({@code lineItemUrl} null: the link has none, so the AGS claim carries only the container).
     */
    public String resourceLinkRequest(
            DevCourse course,
            DevPerson person,
            DevResourceLink link,
            DocumentTarget target,
            String nonce,
            Map<String, String> custom,
            String lineItemUrl) {
        Map<String, Object> ags = ordered(
                "scope", List.of(AGS_SCOPE + "lineitem", AGS_SCOPE + "score", AGS_SCOPE + "result.readonly"),
                "lineitems", endpoints.lineItemsUrl(course.id()));
        if (lineItemUrl != null) {
            ags.put("lineitem", lineItemUrl);
        }
        JWTClaimsSet claims = common(course, person, nonce, MessageHint.RESOURCE_LINK_REQUEST, target)
                .claim(LTI + "target_link_uri", endpoints.toolLaunchUrl())
                .claim(LTI + "resource_link", ordered("id", link.id(), "title", link.title()))
                .claim(LTI + "custom", custom)
                .claim(AGS + "endpoint", ags)
                .build();
        return key.sign(claims);
    }

    /** The claims of every LTI message from this platform to the tool about {@code person} in {@code course}. */
    public JWTClaimsSet.Builder common(
            DevCourse course, DevPerson person, String nonce, String messageType, DocumentTarget target) {
        Instant now = clock.instant();
        return new JWTClaimsSet.Builder()
                .issuer(endpoints.issuer())
                .audience(DevEndpoints.CLIENT_ID)
                .subject(person.id())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(LIFETIME)))
                .claim("nonce", nonce)
                .claim("name", person.givenName() == null ? null : person.name())
                .claim("given_name", person.givenName())
                .claim("family_name", person.familyName())
                .claim("email", person.email())
                .claim("locale", "en-US")
                .claim(LTI + "message_type", messageType)
                .claim(LTI + "version", "1.3.0")
                .claim(LTI + "deployment_id", DevEndpoints.DEPLOYMENT_ID)
                .claim(LTI + "roles", person.roles())
                .claim(
                        LTI + "context",
                        ordered(
                                "id",
                                course.id(),
                                "label",
                                course.label(),
                                "title",
                                course.title(),
                                "type",
                                List.of(course.type())))
                .claim(
                        LTI + "launch_presentation",
                        ordered(
                                "document_target",
                                target.wire(),
                                "return_url",
                                endpoints.returnUrl(),
                                "locale",
                                "en-US"))
                .claim(LTI + "custom", Map.of())
                .claim(
                        LTI + "tool_platform",
                        ordered("guid", platformGuid, "name", PLATFORM_NAME, "product_family_code", PRODUCT_FAMILY))
                .claim(
                        NRPS + "namesroleservice",
                        ordered(
                                "context_memberships_url", endpoints.membershipsUrl(course.id()),
                                "service_versions", List.of("2.0")));
    }

    private static Map<String, Object> ordered(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }
}
