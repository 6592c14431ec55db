package org.attentionlesson.lti;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What this tool tells a platform about itself: its URLs, the scopes it asks for, the messages it handles and
 * the claims it wants. One source for the dynamic registration request (LTI DR 1.0 §3.6.1), the Canvas developer
 * key JSON, the generic tool configuration JSON and the values an admin pastes by hand (docs/lti.md §8, §11).
 */
public final class ToolConfiguration {
    public static final String TOOL_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-tool-configuration";
    public static final String CANVAS = "https://canvas.instructure.com/lti/";
    public static final String TITLE = "Attention lesson";
    public static final String LONG_TITLE = "Attention and transformers, in brief";
    public static final String DESCRIPTION = "A short lesson on attention and transformers (about 8 minutes, no math) "
            + "with a graded pronoun-attention exercise and flashcards. Scores go to the gradebook.";

    /** The scopes we use (AGS 2.0 §3, NRPS 2.0 §3); never {@code openid} (Canvas refuses it, docs/lti.md §11). */
    public static final List<String> SCOPES = List.of(
            "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
            "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly",
            "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
            "https://purl.imsglobal.org/spec/lti-ags/scope/score",
            "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly");

    public static final List<String> CLAIMS =
            List.of("iss", "sub", "name", "given_name", "family_name", "email", "locale");

    /** Deep linking placements: where an instructor picks the activity (Canvas names; Moodle ignores them). */
    public static final List<String> DEEP_LINKING_PLACEMENTS = List.of("assignment_selection", "link_selection");

    public static final String RESOURCE_LINK = "LtiResourceLinkRequest";
    public static final String DEEP_LINKING = "LtiDeepLinkingRequest";
    public static final String SUBMISSION_REVIEW = "LtiSubmissionReviewRequest";

    private final String base;
    private final URI baseUri;

    public ToolConfiguration(URI baseUrl) {
        String s = baseUrl.toString();
        this.base = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
        this.baseUri = URI.create(base);
    }

    public String baseUrl() {
        return base;
    }

    public String loginUrl() {
        return base + "/lti/login";
    }

    /** Redirect URI, target link URI and deep linking URL: one launch endpoint that routes on the message type. */
    public String launchUrl() {
        return base + "/lti/launch";
    }

    public String jwksUrl() {
        return base + "/.well-known/jwks.json";
    }

    public String registrationUrl() {
        return base + "/lti/register";
    }

    public String logoUrl() {
        return base + "/lti-config/logo.svg";
    }

    public String configFileUrl(String name) {
        return base + "/lti-config/" + name;
    }

    /** The tool's domain as Moodle compares it: the host, with the port when it is not the scheme's default. */
    public String domain() {
        return baseUri.getPort() == -1 ? baseUri.getHost() : baseUri.getHost() + ":" + baseUri.getPort();
    }

    public String scope() {
        return String.join(" ", SCOPES);
    }

    /**
     * The client registration we post to a platform (LTI DR 1.0 §3.6.1). Scopes and messages are trimmed to what
     * the platform says it supports, when it says so.
     */
    public Map<String, Object> clientRegistration(List<String> platformScopes, List<String> platformMessages) {
        Map<String, Object> reg = new LinkedHashMap<>();
        reg.put("application_type", "web");
        reg.put("response_types", List.of("id_token"));
        reg.put("grant_types", List.of("implicit", "client_credentials"));
        reg.put("initiate_login_uri", loginUrl());
        reg.put("redirect_uris", List.of(launchUrl()));
        reg.put("client_name", TITLE);
        reg.put("jwks_uri", jwksUrl());
        reg.put("logo_uri", logoUrl());
        reg.put("token_endpoint_auth_method", "private_key_jwt");
        List<String> scopes = new ArrayList<>(SCOPES);
        if (platformScopes != null && !platformScopes.isEmpty()) {
            scopes.retainAll(platformScopes);
        }
        reg.put("scope", String.join(" ", scopes));
        reg.put(TOOL_CONFIGURATION, toolConfiguration(platformMessages));
        return reg;
    }

    /** The generic tool configuration: the DR client registration with every message and scope. */
    public Map<String, Object> genericConfiguration() {
        return clientRegistration(null, null);
    }

    private Map<String, Object> toolConfiguration(List<String> platformMessages) {
        Map<String, Object> tc = new LinkedHashMap<>();
        tc.put("domain", domain());
        tc.put("target_link_uri", launchUrl());
        tc.put("description", DESCRIPTION);
        tc.put("claims", CLAIMS);
        tc.put("custom_parameters", Map.of());
        List<Map<String, Object>> messages = new ArrayList<>();
        for (Map<String, Object> m : messages()) {
            if (platformMessages == null
                    || platformMessages.isEmpty()
                    || platformMessages.contains((String) m.get("type"))) {
                messages.add(m);
            }
        }
        tc.put("messages", messages);
        tc.put(CANVAS + "privacy_level", "public");
        return tc;
    }

    private List<Map<String, Object>> messages() {
        Map<String, Object> deepLinking = new LinkedHashMap<>();
        deepLinking.put("type", DEEP_LINKING);
        deepLinking.put("target_link_uri", launchUrl());
        deepLinking.put("label", TITLE);
        deepLinking.put("icon_uri", logoUrl());
        deepLinking.put("placements", DEEP_LINKING_PLACEMENTS);
        deepLinking.put(CANVAS + "display_type", "default");
        deepLinking.put(CANVAS + "launch_width", "1000");
        deepLinking.put(CANVAS + "launch_height", "800");
        Map<String, Object> resourceLink = new LinkedHashMap<>();
        resourceLink.put("type", RESOURCE_LINK);
        resourceLink.put("target_link_uri", launchUrl());
        resourceLink.put("label", TITLE);
        Map<String, Object> review = new LinkedHashMap<>();
        review.put("type", SUBMISSION_REVIEW);
        review.put("target_link_uri", launchUrl());
        review.put("label", TITLE);
        return List.of(deepLinking, resourceLink, review);
    }

    /** The Canvas LTI 1.3 developer key JSON ("Paste JSON" in Admin → Developer Keys; docs/lti.md §11). */
    public Map<String, Object> canvasDeveloperKey() {
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("title", LONG_TITLE);
        key.put("description", DESCRIPTION);
        key.put("oidc_initiation_url", loginUrl());
        key.put("target_link_uri", launchUrl());
        key.put("public_jwk_url", jwksUrl());
        key.put("scopes", SCOPES);
        key.put("custom_fields", Map.of());
        List<Map<String, Object>> placements = new ArrayList<>();
        for (String p : DEEP_LINKING_PLACEMENTS) {
            Map<String, Object> placement = new LinkedHashMap<>();
            placement.put("placement", p);
            placement.put("message_type", DEEP_LINKING);
            placement.put("target_link_uri", launchUrl());
            placement.put("text", TITLE);
            placement.put("icon_url", logoUrl());
            placement.put("selection_width", 1000);
            placement.put("selection_height", 800);
            placements.add(placement);
        }
        // Course navigation: a resource link launch from the course menu, hidden in courses until a teacher shows it.
        Map<String, Object> courseNavigation = new LinkedHashMap<>();
        courseNavigation.put("placement", "course_navigation");
        courseNavigation.put("message_type", RESOURCE_LINK);
        courseNavigation.put("target_link_uri", launchUrl());
        courseNavigation.put("text", TITLE);
        courseNavigation.put("icon_url", logoUrl());
        courseNavigation.put("default", "disabled");
        courseNavigation.put("visibility", "members");
        placements.add(courseNavigation);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("text", TITLE);
        settings.put("icon_url", logoUrl());
        settings.put("placements", placements);
        Map<String, Object> ext = new LinkedHashMap<>();
        ext.put("platform", "canvas.instructure.com");
        ext.put("domain", domain());
        ext.put("tool_id", "attention-lesson");
        ext.put("privacy_level", "public");
        ext.put("settings", settings);
        key.put("extensions", List.of(ext));
        return key;
    }
}
