package org.attentionlesson.devplatform;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** {@code GET /dev/jwks}: the dev LMS's public keys, which the tool fetches to verify launches. */
final class DevJwksServlet extends HttpServlet {
    private final DevSigningKey key;

    DevJwksServlet(DevSigningKey key) {
        this.key = key;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setStatus(200);
        resp.setContentType("application/json;charset=UTF-8");
        resp.setHeader("Cache-Control", "max-age=300");
        resp.getWriter().write(key.publicJwks());
    }
}
