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
 * for browsers, JSON for {@code /api/}, {@code /admin/api/} and JSON clients) with a stable code. Bad input the
 * container reports (malformed {@code %}-encoding, a body over the limit; see {@link BadInput}) is a 400 or 413
 * with one warning line and no stack trace. Anything unexpected is logged with its stack trace and answered with
 * a plain 500 page that shows no internals.
 */
public final class ErrorBoundary extends HttpFilter {
    private static final Logger log = LoggerFactory.getLogger(ErrorBoundary.class);
    private final Templates templates;
    private final SecurityHeaders headers;

    private static final java.util.Set<String> METHODS =
            java.util.Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH");
    private final long maxBodyBytes;

    public ErrorBoundary(Templates templates, SecurityHeaders headers) {
        this(templates, headers, BadInput.DEFAULT_MAX_BODY_BYTES);
    }

    public ErrorBoundary(Templates templates, SecurityHeaders headers, long maxBodyBytes) {
        this.templates = templates;
        this.headers = headers;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse resp, FilterChain chain)
            throws IOException, ServletException {
        if (!METHODS.contains(req.getMethod())) {
            // HttpServlet answers an unknown method with 501, a server error: it is the client's (RFC 9110 §15.5.6).
            log.warn("Refused {} {}: METHOD_NOT_ALLOWED", req.getMethod(), req.getRequestURI());
            sendError(req, resp, 405, "METHOD_NOT_ALLOWED", "This address does not accept that kind of request.");
            return;
        }
        long length = req.getContentLengthLong();
        if (length > maxBodyBytes) {
            // Before anything reads the body: a form or JSON this large is never ours (Tomcat's maxPostSize is the
            // connector's own limit, for bodies without a length).
            refuse(req, resp, BadInput.TOO_LARGE, "a body of " + length + " bytes");
            return;
        }
        try {
            // Decode the query and form once, here: malformed input is reported as such before anything (the
            // security headers, which look for a launch token) reads a parameter and the container drops it.
            req.getParameterMap();
        } catch (RuntimeException e) {
            BadInput bad = BadInput.of(e);
            if (bad == null) {
                throw e;
            }
            refuse(req, resp, bad, String.valueOf(e.getMessage()));
            return;
        }
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
            BadInput bad = BadInput.of(e);
            if (bad != null) {
                refuse(req, resp, bad, String.valueOf(e.getMessage()));
                return;
            }
            if (BadInput.clientGone(e)) {
                log.info("{} {}: the client went away ({})", req.getMethod(), req.getRequestURI(), e.getMessage());
                return;
            }
            log.error("Unexpected failure on {} {}", req.getMethod(), req.getRequestURI(), e);
            sendError(
                    req,
                    resp,
                    500,
                    "INTERNAL",
                    "Something went wrong on our side. Please try again; if it keeps happening, tell your instructor.");
        }
    }

    /** Bad input from the client: one warning line, no stack trace, the tool's page or JSON with a stable code. */
    private void refuse(HttpServletRequest req, HttpServletResponse resp, BadInput bad, String detail)
            throws IOException {
        log.warn(
                "Refused {} {}: {} ({})",
                req.getMethod(),
                req.getRequestURI(),
                bad.code(),
                detail.length() > 200 ? detail.substring(0, 200) + "…" : detail);
        sendError(req, resp, bad.status(), bad.code(), bad.message());
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
        // Keep the cookies already set (a session id Tomcat changed at sign-in, a state cookie being cleared):
        // reset() would drop them with the rest of the half-built response.
        java.util.List<String> cookies = java.util.List.copyOf(resp.getHeaders("Set-Cookie"));
        resp.reset();
        cookies.forEach(c -> resp.addHeader("Set-Cookie", c));
        headers.applyToError(req, resp);
        if (wantsJson(req)) {
            Json.send(resp, status, Map.of("error", Map.of("code", code, "message", message)));
        } else {
            templates.send(
                    resp,
                    status,
                    "error.ftlh",
                    Map.of("status", status, "code", code, "message", message, "admin", isAdminPath(req)),
                    Locale.ENGLISH);
        }
    }

    /** True for the admin console's pages and forms (its refusals get the console's heading, not an activity's). */
    static boolean isAdminPath(HttpServletRequest req) {
        Object original = req.getAttribute(jakarta.servlet.RequestDispatcher.ERROR_REQUEST_URI);
        String uri = original instanceof String o ? o : req.getRequestURI();
        String path = uri.startsWith(req.getContextPath())
                ? uri.substring(req.getContextPath().length())
                : uri;
        return path.equals("/admin") || path.startsWith("/admin/");
    }

    public static boolean wantsJson(HttpServletRequest req) {
        // On the container's error dispatch (/error), the address the client asked for is in an attribute.
        Object original = req.getAttribute(jakarta.servlet.RequestDispatcher.ERROR_REQUEST_URI);
        String uri = original instanceof String o ? o : req.getRequestURI();
        String path = uri.startsWith(req.getContextPath())
                ? uri.substring(req.getContextPath().length())
                : uri;
        String accept = req.getHeader("Accept");
        return path.startsWith("/api/")
                || path.startsWith("/admin/api/")
                || (accept != null && accept.contains("application/json") && !accept.contains("text/html"));
    }
}
