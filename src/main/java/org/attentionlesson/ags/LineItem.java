package org.attentionlesson.ags;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** An AGS 2.0 §3.2 line item (a gradebook column); {@code id} is its URL. */
public record LineItem(
        String id, String label, double scoreMaximum, String resourceId, String tag, String resourceLinkId) {

    /** Parses a line item from a platform reply; null when it has no usable id. */
    static LineItem parse(JsonNode n) {
        if (n == null
                || !n.isObject()
                || !n.path("id").isTextual()
                || n.path("id").asText().isBlank()) {
            return null;
        }
        // Older Moodle releases name the link ltiLinkId (docs/lti.md §10).
        String link = text(n, "resourceLinkId");
        return new LineItem(
                n.get("id").asText(),
                text(n, "label"),
                n.path("scoreMaximum").asDouble(0),
                text(n, "resourceId"),
                text(n, "tag"),
                link != null ? link : text(n, "ltiLinkId"));
    }

    /** The body that creates this line item (no id: the platform assigns it). */
    Map<String, Object> creationBody() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("label", label);
        m.put("scoreMaximum", scoreMaximum);
        if (resourceId != null) {
            m.put("resourceId", resourceId);
        }
        if (tag != null) {
            m.put("tag", tag);
        }
        if (resourceLinkId != null) {
            m.put("resourceLinkId", resourceLinkId);
        }
        return m;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isTextual() && !v.asText().isEmpty() ? v.asText() : null;
    }
}
