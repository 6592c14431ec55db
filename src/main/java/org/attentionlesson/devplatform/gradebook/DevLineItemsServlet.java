package org.attentionlesson.devplatform.gradebook;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.attentionlesson.devplatform.DevPerson;
import org.attentionlesson.web.Json;

/**
 * The dev course's AGS endpoints (AGS 2.0 §3.2–3.4), as strict as the strictest of Moodle and Canvas:
 *
 * <pre>
 * GET  …/lineitems                          container (resource_link_id, resource_id, tag, limit; Link rel="next")
 * POST …/lineitems                          create (label, scoreMaximum &gt; 0)
 * GET  …/lineitems/{id}/lineitem?type_id={id}         one line item
 * POST …/lineitems/{id}/lineitem/scores?type_id={id}  publish a score
 * </pre>
 *
 * Exact content types, bearer tokens with the right scope, the {@code type_id} query Moodle's URLs carry, 409 for a
 * timestamp not newer (in whole seconds) than the stored one, 422 for a user who is not a student of the course.
 */
final class DevLineItemsServlet extends HttpServlet {
    private static final Pattern ITEM = Pattern.compile("/(\\d+)/lineitem(/scores|/results)?/?");
    private static final Set<String> ACTIVITY =
            Set.of("Initialized", "Started", "InProgress", "Submitted", "Completed");
    private static final Set<String> GRADING = Set.of("FullyGraded", "Pending", "PendingManual", "Failed", "NotReady");
    static final String LINEITEM = "application/vnd.ims.lis.v2.lineitem+json";
    static final String CONTAINER = "application/vnd.ims.lis.v2.lineitemcontainer+json";
    static final String SCORE = "application/vnd.ims.lis.v1.score+json";

    private final DevGradebook gradebook;

    DevLineItemsServlet(DevGradebook gradebook) {
        this.gradebook = gradebook;
    }

    /** Applies the page's fault switches; true when the request was answered with a fault. */
    static boolean faulted(DevGradebook g, HttpServletRequest req, HttpServletResponse resp) throws IOException {
        long slow = g.slowMillis;
        if (slow > 0) {
            try {
                Thread.sleep(slow);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Instant now = g.clock().instant();
        if (now.isBefore(g.unavailableUntil)) {
            g.log(req.getMethod(), req.getRequestURI(), 503, "fault: unavailable");
            error(resp, 503, "The gradebook is down for maintenance (dev fault switch).");
            return true;
        }
        if (now.isBefore(g.throttledUntil)) {
            g.log(req.getMethod(), req.getRequestURI(), 429, "fault: throttled");
            resp.setHeader("Retry-After", String.valueOf(g.retryAfterSeconds));
            error(resp, 429, "Too many requests (dev fault switch).");
            return true;
        }
        return false;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (faulted(gradebook, req, resp)) {
            return;
        }
        String path = req.getPathInfo() == null ? "/" : req.getPathInfo();
        String method = req.getMethod();
        int status;
        try {
            if (path.equals("/")) {
                status = method.equals("GET")
                        ? list(req, resp)
                        : method.equals("POST") ? create(req, resp) : error(resp, 405, "Use GET or POST.");
            } else {
                Matcher m = ITEM.matcher(path);
                if (!m.matches()) {
                    status = error(resp, 404, "No such line item resource.");
                } else {
                    int id = Integer.parseInt(m.group(1));
                    String sub = m.group(2);
                    if (sub == null) {
                        status = method.equals("GET") ? item(req, resp, id) : error(resp, 405, "Use GET.");
                    } else if (sub.equals("/scores")) {
                        status = method.equals("POST") ? score(req, resp, id) : error(resp, 405, "Use POST.");
                    } else {
                        status = method.equals("GET") ? results(req, resp, id) : error(resp, 405, "Use GET.");
                    }
                }
            }
        } catch (Refused r) {
            status = error(resp, r.status, r.getMessage());
        }
        gradebook.log(
                method,
                req.getRequestURI() + (req.getQueryString() == null ? "" : "?" + req.getQueryString()),
                status,
                null);
    }

    private int list(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        authorize(req, "lineitem", "lineitem.readonly");
        accept(req, CONTAINER);
        String link = req.getParameter("resource_link_id");
        String resource = req.getParameter("resource_id");
        String tag = req.getParameter("tag");
        int limit = intParam(req, "limit", 10);
        int offset = intParam(req, "offset", 0);
        List<DevGradebook.Column> all = new ArrayList<>();
        for (DevGradebook.Column c : gradebook.columns()) {
            if ((link == null || link.equals(c.resourceLinkId()))
                    && (resource == null || resource.equals(c.resourceId()))
                    && (tag == null || tag.equals(c.tag()))) {
                all.add(c);
            }
        }
        List<Map<String, Object>> page = new ArrayList<>();
        for (int i = offset; i < Math.min(all.size(), offset + limit); i++) {
            page.add(json(all.get(i)));
        }
        if (offset + limit < all.size()) {
            StringBuilder next = new StringBuilder(gradebook
                            .endpoints()
                            .lineItemsUrl(gradebook.course().id()))
                    .append("?limit=")
                    .append(limit)
                    .append("&offset=")
                    .append(offset + limit);
            for (String p : new String[] {"resource_link_id", "resource_id", "tag"}) {
                if (req.getParameter(p) != null) {
                    next.append('&')
                            .append(p)
                            .append('=')
                            .append(java.net.URLEncoder.encode(req.getParameter(p), StandardCharsets.UTF_8));
                }
            }
            resp.setHeader("Link", "<" + next + ">; rel=\"next\"");
        }
        return send(resp, 200, CONTAINER, page);
    }

    private int create(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        authorize(req, "lineitem");
        contentType(req, LINEITEM);
        JsonNode b = body(req);
        if (!b.path("label").isTextual() || b.path("label").asText().isBlank()) {
            throw new Refused(400, "label is required");
        }
        if (!b.path("scoreMaximum").isNumber() || b.path("scoreMaximum").asDouble() <= 0) {
            throw new Refused(400, "scoreMaximum must be a number greater than 0");
        }
        DevGradebook.Column c = gradebook.addColumn(
                b.get("label").asText(),
                b.get("scoreMaximum").asDouble(),
                text(b, "resourceId"),
                text(b, "tag"),
                text(b, "resourceLinkId"));
        return send(resp, 201, LINEITEM, json(c));
    }

    private int item(HttpServletRequest req, HttpServletResponse resp, int id) throws IOException {
        authorize(req, "lineitem", "lineitem.readonly");
        DevGradebook.Column c = column(req, id);
        return send(resp, 200, LINEITEM, json(c));
    }

    private int results(HttpServletRequest req, HttpServletResponse resp, int id) throws IOException {
        authorize(req, "result.readonly");
        DevGradebook.Column c = column(req, id);
        List<Map<String, Object>> out = new ArrayList<>();
        for (DevGradebook.Entry e : gradebook.entries(c.id()).values()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("userId", e.userId());
            r.put("resultScore", e.scoreGiven());
            r.put("resultMaximum", e.scoreMaximum());
            r.put("comment", e.comment());
            r.put("scoreOf", gradebook.columnUrl(c.id()));
            out.add(r);
        }
        return send(resp, 200, "application/vnd.ims.lis.v2.resultcontainer+json", out);
    }

    private int score(HttpServletRequest req, HttpServletResponse resp, int id) throws IOException {
        authorize(req, "score");
        contentType(req, SCORE);
        DevGradebook.Column c = column(req, id);
        JsonNode b = body(req);
        String userId = text(b, "userId");
        if (userId == null) {
            throw new Refused(400, "userId is required");
        }
        String activity = text(b, "activityProgress");
        String grading = text(b, "gradingProgress");
        if (activity == null || !ACTIVITY.contains(activity)) {
            throw new Refused(400, "activityProgress must be one of " + ACTIVITY);
        }
        if (grading == null || !GRADING.contains(grading)) {
            throw new Refused(400, "gradingProgress must be one of " + GRADING);
        }
        Instant timestamp;
        try {
            timestamp = Instant.parse(text(b, "timestamp") == null ? "" : text(b, "timestamp"));
        } catch (DateTimeParseException e) {
            throw new Refused(400, "timestamp must be ISO 8601 with a time zone");
        }
        boolean hasGiven = b.has("scoreGiven") && !b.get("scoreGiven").isNull();
        if (hasGiven
                && (!b.get("scoreGiven").isNumber()
                        || !b.path("scoreMaximum").isNumber()
                        || b.get("scoreMaximum").asDouble() <= 0
                        || b.get("scoreGiven").asDouble() < 0)) {
            throw new Refused(400, "scoreGiven needs a numeric scoreMaximum > 0 (Canvas requires both)");
        }
        Optional<DevPerson> person = gradebook.course().person(userId);
        if (person.isEmpty() || person.get().isInstructor()) {
            throw new Refused(422, "User " + userId + " is not a student in this course and cannot be graded");
        }
        Map<String, DevGradebook.Entry> entries = gradebook.entries(c.id());
        synchronized (entries) {
            DevGradebook.Entry old = entries.get(userId);
            // Moodle compares whole seconds, and an equal timestamp counts as older.
            if (old != null && timestamp.getEpochSecond() <= old.timestamp().getEpochSecond()) {
                throw new Refused(409, "A score with the same or a newer timestamp is already stored");
            }
            double given = hasGiven ? b.get("scoreGiven").asDouble() : 0;
            double max = hasGiven ? b.get("scoreMaximum").asDouble() : 0;
            boolean keeps = hasGiven && "FullyGraded".equals(grading);
            entries.put(
                    userId,
                    new DevGradebook.Entry(
                            userId,
                            keeps ? given : Double.NaN,
                            max,
                            text(b, "comment"),
                            timestamp,
                            gradebook.clock().instant(),
                            old == null ? 1 : old.posts() + 1,
                            activity,
                            grading));
        }
        return send(
                resp,
                200,
                "application/json",
                Map.of(
                        "resultUrl",
                        gradebook.endpoints().lineItemsUrl(gradebook.course().id()) + "/" + c.id()
                                + "/lineitem/results?type_id=" + c.id() + "&user_id=" + userId));
    }

    private DevGradebook.Column column(HttpServletRequest req, int id) {
        DevGradebook.Column c = gradebook.column(id);
        if (c == null) {
            throw new Refused(404, "Line item " + id + " does not exist (deleted?)");
        }
        if (!String.valueOf(id).equals(req.getParameter("type_id"))) {
            throw new Refused(
                    400, "The line item URL's query (type_id=" + id + ") is missing: keep it when adding /scores");
        }
        return c;
    }

    private void authorize(HttpServletRequest req, String... anyOf) {
        String h = req.getHeader("Authorization");
        if (h == null || !h.startsWith("Bearer ")) {
            throw new Refused(401, "Bearer token required");
        }
        DevGradebook.Token t = gradebook.token(h.substring(7).trim());
        if (t == null) {
            throw new Refused(401, "The access token is unknown or expired");
        }
        for (String s : anyOf) {
            if (t.scopes().contains(DevTokenServlet.AGS + s)) {
                return;
            }
        }
        throw new Refused(403, "The access token lacks the scope for this call");
    }

    private static void contentType(HttpServletRequest req, String expected) {
        String ct = req.getContentType();
        String base = ct == null ? "" : ct.split(";")[0].trim();
        if (!base.equalsIgnoreCase(expected)) {
            throw new Refused(415, "Content-Type must be " + expected);
        }
    }

    private static void accept(HttpServletRequest req, String expected) {
        String a = req.getHeader("Accept");
        if (a != null && !a.contains(expected) && !a.contains("*/*")) {
            throw new Refused(406, "Accept must include " + expected);
        }
    }

    private static JsonNode body(HttpServletRequest req) throws IOException {
        byte[] bytes;
        try (InputStream in = req.getInputStream()) {
            bytes = in.readNBytes(64 * 1024 + 1);
        }
        if (bytes.length > 64 * 1024) {
            throw new Refused(413, "body too large");
        }
        try {
            JsonNode n = Json.MAPPER.readTree(bytes);
            if (n == null || !n.isObject()) {
                throw new Refused(400, "body must be a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw new Refused(400, "body is not JSON");
        }
    }

    private Map<String, Object> json(DevGradebook.Column c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", gradebook.columnUrl(c.id()));
        m.put("label", c.label());
        m.put("scoreMaximum", c.scoreMaximum());
        if (c.resourceId() != null) {
            m.put("resourceId", c.resourceId());
        }
        if (c.tag() != null) {
            m.put("tag", c.tag());
        }
        if (c.resourceLinkId() != null) {
            m.put("resourceLinkId", c.resourceLinkId());
        }
        return m;
    }

    private static String text(JsonNode n, String f) {
        JsonNode v = n.get(f);
        return v != null && v.isTextual() && !v.asText().isBlank() ? v.asText() : null;
    }

    private static int intParam(HttpServletRequest req, String name, int fallback) {
        try {
            return req.getParameter(name) == null ? fallback : Math.max(0, Integer.parseInt(req.getParameter(name)));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static int send(HttpServletResponse resp, int status, String type, Object body) throws IOException {
        resp.setStatus(status);
        resp.setContentType(type);
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        Json.MAPPER.writeValue(resp.getOutputStream(), body);
        return status;
    }

    static int error(HttpServletResponse resp, int status, String message) throws IOException {
        return send(resp, status, "application/json", Map.of("error", message));
    }

    private static final class Refused extends RuntimeException {
        final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }
    }
}
