package org.attentionlesson.web;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** {@code GET /health} for load balancers: 200 when the database answers and the keys are loaded, else 503. */
public final class HealthServlet extends HttpServlet {
    private final Map<String, BooleanSupplier> checks;

    public HealthServlet(Map<String, BooleanSupplier> checks) {
        this.checks = checks;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        boolean ok = true;
        for (Map.Entry<String, BooleanSupplier> c : checks.entrySet()) {
            boolean pass;
            try {
                pass = c.getValue().getAsBoolean();
            } catch (RuntimeException e) {
                pass = false;
            }
            body.put(c.getKey(), pass ? "ok" : "failing");
            ok &= pass;
        }
        body.put("status", ok ? "ok" : "failing");
        Json.send(resp, ok ? 200 : 503, body);
    }
}
