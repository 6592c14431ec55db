package org.attentionlesson.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps every request: sets the security headers, and turns a {@link ToolException} into its 4xx page (HTML
 * for browsers, JSON for {@code /api/} and JSON clients) with a stable code. Anything unexpected is logged with
 * its stack trace and answered with a plain 500 page that shows no internals.
 */
public final class ErrorBoundary extends HttpFilter {
    private static final Logger log = LoggerFactory.getLogger(ErrorBoundary.class);
    private final Templates templates;
    private final SecurityHeaders headers;

    public ErrorBoundary(Templates templates, SecurityHeaders headers) {
        this.templates = templates;
        this.headers = headers;
    }

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse resp, FilterChain chain)
            throws IOException, ServletException {
        headers.apply(req, resp);
        try {
            chain.doFilter(req, resp);
        } catch (ToolException e) {
            log.info("Refused {} {}: {} ({})", req.getMethod(), req.getRequestURI(), e.code(), e.getMessage());
            sendError(req, resp, e.status(), e.code(), e.getMessage());
        } catch (Exception e) {
            ToolException te = unwrap(e);
            if (te != null) {
                log.info("Refused {} {}: {} ({})", req.getMethod(), req.getRequestURI(), te.code(), te.getMessage());
                sendError(req, resp, te.status(), te.code(), te.getMessage());
                return;
            }
            log.error("Unexpected failure on {} {}", req.getMethod(), req.getRequestURI(), e);
            sendError(req, resp, 500, "INTERNAL",
                    "Something went wrong on our side. Please try again; if it keeps happening, tell your instructor.");
        }
    }

    private static ToolException unwrap(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ToolException te) {
                return te;
            }
        }
        return null;
    }

    void sendError(HttpServletRequest req, HttpServletResponse resp, int status, String code, String message)
            throws IOException {
        if (resp.isCommitted()) {
            return;
        }
        resp.reset();
        headers.applyToError(req, resp);
        if (wantsJson(req)) {
            Json.send(resp, status, Map.of("error", Map.of("code", code, "message", message)));
        } else {
            templates.send(resp, status, "error.ftlh", Map.of("status", status, "code", code, "message", message),
                    Locale.ENGLISH);
        }
    }

    public static boolean wantsJson(HttpServletRequest req) {
        String path = req.getRequestURI().substring(req.getContextPath().length());
        String accept = req.getHeader("Accept");
        return path.startsWith("/api/") || (accept != null && accept.contains("application/json")
                && !accept.contains("text/html"));
    }
}
