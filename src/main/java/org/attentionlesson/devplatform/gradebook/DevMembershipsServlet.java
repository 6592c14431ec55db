package org.attentionlesson.devplatform.gradebook;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.attentionlesson.devplatform.DevCourse;
import org.attentionlesson.devplatform.DevPerson;
import org.attentionlesson.web.Json;

/**
 * {@code GET /dev/courses/<course>/memberships}: the dev course's roster as an NRPS 2.0 membership container
 * (NRPS 2.0 §2.4): bearer token with the {@code contextmembership.readonly} scope, exact {@code Accept}, optional
 * {@code role} (full URI or short name) and {@code rlid} filters, {@code limit} (default {@value #DEFAULT_LIMIT})
 * and {@code page}, and a {@code Link: <…>; rel="next"} header while pages remain. The gradebook page's fault
 * switches (down, throttled, slow) apply here too.
 */
final class DevMembershipsServlet extends HttpServlet {
    static final String CONTAINER = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json";
    static final String SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly";
    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 1000;

    private final DevGradebook gradebook;

    DevMembershipsServlet(DevGradebook gradebook) {
        this.gradebook = gradebook;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (DevLineItemsServlet.faulted(gradebook, req, resp)) {
            return;
        }
        String h = req.getHeader("Authorization");
        DevGradebook.Token t = h == null || !h.startsWith("Bearer ")
                ? null
                : gradebook.token(h.substring(7).trim());
        if (t == null) {
            refuse(req, resp, 401, "The access token is missing, unknown or expired");
            return;
        }
        if (!t.scopes().contains(SCOPE)) {
            refuse(req, resp, 403, "The access token lacks the contextmembership.readonly scope");
            return;
        }
        String accept = req.getHeader("Accept");
        if (accept == null || !accept.contains(CONTAINER)) {
            refuse(req, resp, 406, "Accept must be " + CONTAINER);
            return;
        }
        int limit = number(req.getParameter("limit"), DEFAULT_LIMIT);
        int page = number(req.getParameter("page"), 1);
        if (limit < 1 || limit > MAX_LIMIT || page < 1) {
            refuse(req, resp, 400, "limit must be 1–" + MAX_LIMIT + " and page at least 1");
            return;
        }
        String rlid = req.getParameter("rlid");
        DevCourse course = gradebook.course();
        if (rlid != null && course.link(rlid).isEmpty()) {
            refuse(req, resp, 404, "No resource link " + rlid + " in this course");
            return;
        }
        String role = req.getParameter("role");
        List<DevPerson> matching = course.people().stream()
                .filter(p -> role == null || has(p, role))
                .toList();
        int from = Math.min(matching.size(), (page - 1) * limit);
        int to = Math.min(matching.size(), from + limit);
        List<Map<String, Object>> members = new ArrayList<>();
        for (DevPerson p : matching.subList(from, to)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("status", "Active");
            m.put("user_id", p.id());
            m.put("roles", p.roles());
            if (p.givenName() != null) {
                m.put("name", p.name());
                m.put("given_name", p.givenName());
                m.put("family_name", p.familyName());
                m.put("email", p.email());
            }
            members.add(m);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        String self = gradebook.endpoints().membershipsUrl(course.id());
        body.put("id", self);
        body.put("context", Map.of("id", course.id(), "label", course.label(), "title", course.title()));
        body.put("members", members);
        if (to < matching.size()) {
            StringBuilder next = new StringBuilder(self)
                    .append("?limit=")
                    .append(limit)
                    .append("&page=")
                    .append(page + 1);
            if (role != null) {
                next.append("&role=").append(URLEncoder.encode(role, StandardCharsets.UTF_8));
            }
            if (rlid != null) {
                next.append("&rlid=").append(URLEncoder.encode(rlid, StandardCharsets.UTF_8));
            }
            resp.setHeader("Link", "<" + next + ">; rel=\"next\"");
        }
        gradebook.log("GET", req.getRequestURI(), 200, "memberships page " + page + ": " + members.size() + " members");
        resp.setStatus(200);
        resp.setContentType(CONTAINER);
        resp.setCharacterEncoding("UTF-8");
        Json.MAPPER.writeValue(resp.getOutputStream(), body);
    }

    /** NRPS 2.0 §2.4.3: a role filter names a full role URI or its short (simple) name. */
    private static boolean has(DevPerson p, String role) {
        return p.roles().stream().anyMatch(r -> r.equals(role) || r.endsWith("#" + role));
    }

    private static int number(String s, int fallback) {
        if (s == null || s.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void refuse(HttpServletRequest req, HttpServletResponse resp, int status, String message)
            throws IOException {
        gradebook.log("GET", req.getRequestURI(), status, message);
        DevLineItemsServlet.error(resp, status, message);
    }
}
