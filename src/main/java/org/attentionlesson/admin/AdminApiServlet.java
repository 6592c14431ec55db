package org.attentionlesson.admin;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.attentionlesson.lti.PlatformRegistration;
import org.attentionlesson.lti.Registrations;
import org.attentionlesson.lti.ToolKeys;
import org.attentionlesson.web.Json;
import org.attentionlesson.web.ToolException;

/**
 * {@code /admin/api/*}: the admin calls for scripts, behind the same {@code lti-admin} constraint (BASIC auth):
 * {@code POST /admin/api/keys/rotate}, {@code GET /admin/api/keys}, {@code GET /admin/api/registrations}. A POST must
 * be {@code application/json}, which a cross-site form cannot send without a preflight we never allow.
 */
public final class AdminApiServlet extends HttpServlet {
    private final Registrations registrations;
    private final RegistrationHealth health;
    private final KeyRotation keyRotation;
    private final URI baseUrl;

    public AdminApiServlet(
            Registrations registrations, RegistrationHealth health, KeyRotation keyRotation, URI baseUrl) {
        this.registrations = registrations;
        this.health = health;
        this.keyRotation = keyRotation;
        this.baseUrl = baseUrl;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        switch (path(req)) {
            case "/keys" -> Json.send(resp, 200, Map.of("keys", keys()));
            case "/registrations" -> {
                List<PlatformRegistration> all = registrations.all();
                Map<Long, RegistrationHealth.Health> h = health.of(all);
                List<Map<String, Object>> out = new ArrayList<>();
                for (PlatformRegistration r : all) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", r.id());
                    m.put("name", r.name());
                    m.put("issuer", r.issuer());
                    m.put("clientId", r.clientId());
                    m.put("status", r.status().name());
                    m.put(
                            "deployments",
                            registrations.deployments(r.id()).stream()
                                    .map(d -> Map.of(
                                            "deploymentId",
                                            d.deploymentId(),
                                            "status",
                                            d.status().name()))
                                    .toList());
                    m.put("health", h.get(r.id()));
                    out.add(m);
                }
                Json.send(resp, 200, Map.of("registrations", out));
            }
            default -> throw ToolException.notFound("NOT_FOUND", "There is no such admin API call.");
        }
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!path(req).equals("/keys/rotate")) {
            throw ToolException.notFound("NOT_FOUND", "There is no such admin API call.");
        }
        String origin = req.getHeader("Origin");
        if (origin != null && !origin.equals(originOf(baseUrl))) {
            throw ToolException.forbidden("ADMIN_ORIGIN", "Admin API calls from other sites are refused.");
        }
        JsonNode body = Json.read(req, JsonNode.class); // requires application/json
        Optional<String> grace = body.hasNonNull("graceMinutes")
                ? Optional.of(body.get("graceMinutes").asText())
                : Optional.empty();
        String kid = keyRotation.rotate(grace, req.getRemoteUser());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kid", kid);
        out.put("keys", keys());
        Json.send(resp, 200, out);
    }

    private List<Map<String, Object>> keys() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ToolKeys.KeyInfo k : keyRotation.describe()) { // public facts only: never key material
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kid", k.kid());
            m.put("createdAt", k.createdAt());
            m.put("signingFrom", k.signingFrom());
            m.put("retiredAt", k.retiredAt());
            m.put("unpublishAt", k.unpublishAt());
            m.put("signingNow", k.signingNow());
            m.put("published", k.published());
            out.add(m);
        }
        return out;
    }

    private static String originOf(URI u) {
        return u.getScheme() + "://" + u.getHost() + (u.getPort() == -1 ? "" : ":" + u.getPort());
    }

    private static String path(HttpServletRequest req) {
        return req.getPathInfo() == null ? "" : req.getPathInfo();
    }
}
