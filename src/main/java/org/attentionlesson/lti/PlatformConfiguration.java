package org.attentionlesson.lti;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * A platform's OpenID configuration as read during dynamic registration (LTI DR 1.0 §3.4, docs/lti.md §8): the
 * endpoints we keep, and what the platform says it supports. Parsed once at the edge; past here it is trusted.
 */
public record PlatformConfiguration(
        String issuer,
        URI authorizationEndpoint,
        URI tokenEndpoint,
        URI jwksUri,
        URI registrationEndpoint,
        String authorizationServer,
        List<String> scopesSupported,
        String productFamilyCode,
        String version,
        List<String> messagesSupported,
        String accountName) {

    public static final String PLATFORM_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-platform-configuration";
    /** Canvas's name of the institution's account (docs/lti.md §11): all Canvas Cloud schools share one issuer. */
    public static final String CANVAS_ACCOUNT_NAME = "https://canvas.instructure.com/lti/account_name";

    /** Parses the JSON document; a missing or malformed required field is a {@link DynamicRegistrationException}. */
    public static PlatformConfiguration parse(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw DynamicRegistrationException.Reason.CONFIG_MALFORMED.exception(
                    "The platform configuration is not a JSON object.");
        }
        String issuer = text(json, "issuer", true);
        URI auth = uri(json, "authorization_endpoint", true);
        URI token = uri(json, "token_endpoint", false);
        URI jwks = uri(json, "jwks_uri", true);
        URI registration = uri(json, "registration_endpoint", true);
        JsonNode platform = json.path(PLATFORM_CONFIGURATION);
        List<String> messages = new ArrayList<>();
        for (JsonNode m : platform.path("messages_supported")) {
            if (m.isObject() && m.path("type").isTextual()) {
                messages.add(m.path("type").asText());
            } else if (m.isTextual()) {
                messages.add(m.asText());
            }
        }
        List<String> scopes = new ArrayList<>();
        for (JsonNode s : json.path("scopes_supported")) {
            if (s.isTextual()) {
                scopes.add(s.asText());
            }
        }
        return new PlatformConfiguration(
                issuer,
                auth,
                token,
                jwks,
                registration,
                json.path("authorization_server").isTextual()
                        ? json.path("authorization_server").asText()
                        : null,
                List.copyOf(scopes),
                platform.path("product_family_code").isTextual()
                        ? platform.path("product_family_code").asText()
                        : null,
                platform.path("version").isTextual() ? platform.path("version").asText() : null,
                List.copyOf(messages),
                accountName(platform.path(CANVAS_ACCOUNT_NAME)));
    }

    /** A display name only: control characters dropped, blank ignored, at most 120 characters. */
    private static String accountName(JsonNode n) {
        if (!n.isTextual()) {
            return null;
        }
        String s = n.asText().replaceAll("\\p{Cntrl}", " ").strip();
        return s.isEmpty() ? null : s.length() > 120 ? s.substring(0, 120) : s;
    }

    private static String text(JsonNode json, String field, boolean required) {
        JsonNode n = json.get(field);
        if (n == null || n.isNull()) {
            if (required) {
                throw DynamicRegistrationException.Reason.CONFIG_MALFORMED.exception(
                        "The platform configuration has no \"" + field + "\".");
            }
            return null;
        }
        if (!n.isTextual() || n.asText().isBlank() || n.asText().length() > 2000) {
            throw DynamicRegistrationException.Reason.CONFIG_MALFORMED.exception(
                    "The platform configuration's \"" + field + "\" is not a usable text value.");
        }
        return n.asText();
    }

    private static URI uri(JsonNode json, String field, boolean required) {
        String s = text(json, field, required);
        if (s == null) {
            return null;
        }
        try {
            URI u = new URI(s);
            if (!u.isAbsolute() || u.getHost() == null) {
                throw new IllegalArgumentException();
            }
            return u;
        } catch (Exception e) {
            throw DynamicRegistrationException.Reason.CONFIG_MALFORMED.exception(
                    "The platform configuration's \"" + field + "\" is not an absolute URL.");
        }
    }
}
