package org.attentionlesson.web;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;

/**
 * {@code GET /favicon.ico}: the tool's icon ({@code /static/favicon.svg}) for browsers that ask the default address
 * instead of following the pages' {@code <link rel="icon">}, so no page load ends in a 404.
 */
public final class FaviconServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try (InputStream in = getServletContext().getResourceAsStream("/static/favicon.svg")) {
            if (in == null) {
                resp.sendError(404);
                return;
            }
            resp.setContentType("image/svg+xml");
            resp.setHeader("Cache-Control", "public, max-age=86400");
            in.transferTo(resp.getOutputStream());
        }
    }
}
