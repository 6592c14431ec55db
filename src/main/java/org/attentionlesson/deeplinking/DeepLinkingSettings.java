package org.attentionlesson.deeplinking;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.attentionlesson.web.Json;
import org.attentionlesson.web.ToolException;

/**
 * The platform's {@code dl:deep_linking_settings} claim (Deep Linking 2.0 §4.4.1), parsed once from the JSON the
 * launch stored. {@code data} is kept as the JSON value it was, to be echoed unchanged; null when the platform sent
 * none (Moodle never does), so the response then carries no {@code dl:data}.
 */
public record DeepLinkingSettings(
        URI returnUrl,
        List<String> acceptTypes,
        Set<Presentation> acceptedPresentations,
        boolean presentationTargetsStated,
        boolean acceptMultiple,
        boolean autoCreate,
        Boolean acceptLineItem,
        String title,
        String text,
        JsonNode data) {

    public static final String LTI_RESOURCE_LINK = "ltiResourceLink";

    public DeepLinkingSettings {
        acceptTypes = List.copyOf(acceptTypes);
        acceptedPresentations = Collections.unmodifiableSet(
                acceptedPresentations.isEmpty()
                        ? EnumSet.noneOf(Presentation.class)
                        : EnumSet.copyOf(acceptedPresentations));
    }

    public static DeepLinkingSettings parse(String json) {
        if (json == null || json.isBlank()) {
            throw ToolException.badRequest(
                    "DL_SETTINGS_MISSING",
                    "This launch has no deep linking settings. Start adding the activity again from your course.");
        }
        JsonNode s = Json.parse(json);
        URI returnUrl = returnUrl(s.path("deep_link_return_url").asText(null));
        List<String> types = strings(s.get("accept_types"));
        Set<Presentation> presentations = EnumSet.noneOf(Presentation.class);
        JsonNode targets = s.get("accept_presentation_document_targets");
        for (String t : strings(targets)) {
            Presentation.fromWire(t).ifPresent(presentations::add);
        }
        boolean stated = targets != null && targets.isArray();
        if (!stated) {
            // The claim is required by the spec; a platform that leaves it out has no preference to honour.
            presentations = EnumSet.allOf(Presentation.class);
        }
        JsonNode lineItem = s.get("accept_lineitem");
        JsonNode data = s.get("data");
        return new DeepLinkingSettings(
                returnUrl,
                types,
                presentations,
                stated,
                bool(s.get("accept_multiple")),
                bool(s.get("auto_create")),
                lineItem != null && lineItem.isBoolean() ? lineItem.booleanValue() : null,
                text(s.get("title")),
                text(s.get("text")),
                data == null || data.isNull() ? null : data);
    }

    public boolean acceptsResourceLinks() {
        return acceptTypes.contains(LTI_RESOURCE_LINK);
    }

    /** Whether a line item in the content item will be used; only an explicit {@code false} says no. */
    public boolean acceptsLineItem() {
        return acceptLineItem == null || acceptLineItem;
    }

    /** The data value as a plain Java value (map, list, string, number, boolean) for the response claim. */
    public Object dataValue() {
        return data == null ? null : Json.MAPPER.convertValue(data, Object.class);
    }

    private static URI returnUrl(String value) {
        URI uri;
        try {
            uri = value == null ? null : new URI(value.trim());
        } catch (java.net.URISyntaxException e) {
            uri = null;
        }
        // The response page posts a form to this URL: anything but an absolute http(s) URL is refused.
        if (uri == null
                || uri.getHost() == null
                || !("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))) {
            throw ToolException.badRequest(
                    "DL_RETURN_URL_INVALID",
                    "Your course sent an unusable return address for adding activities. Tell your LMS administrator.");
        }
        return uri;
    }

    private static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node != null && node.isArray()) {
            node.forEach(n -> {
                if (n.isTextual()) {
                    out.add(n.asText());
                }
            });
        } else if (node != null && node.isTextual()) {
            // Lenient: a single value sent as a string.
            out.add(node.asText());
        }
        return out;
    }

    private static boolean bool(JsonNode node) {
        return node != null && (node.isBoolean() ? node.booleanValue() : "true".equalsIgnoreCase(node.asText()));
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() && !node.asText().isBlank()
                ? node.asText().trim()
                : null;
    }
}
