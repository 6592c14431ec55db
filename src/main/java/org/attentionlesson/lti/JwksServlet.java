package org.attentionlesson.lti;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** {@code GET /.well-known/jwks.json}: the tool's public keys (docs/lti.md §4). Canvas fetches it on every token request. */
public final class JwksServlet extends HttpServlet {
    private final ToolKeys keys;

    public JwksServlet(ToolKeys keys) {
        this.keys = keys;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("application/json;charset=UTF-8");
        resp.setHeader("Cache-Control", "public, max-age=300");
        resp.setHeader("Access-Control-Allow-Origin", "*");
        resp.getWriter().write(keys.publicJwks().toString(true));
    }
}
