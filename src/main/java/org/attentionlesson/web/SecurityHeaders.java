package org.attentionlesson.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Collection;
import java.util.function.Supplier;

/**
 * Response headers every page gets. The Content Security Policy allows nothing inline and nothing from other
 * sites; {@code frame-ancestors} lists the registered platforms so an LMS can frame the tool.
 */
public final class SecurityHeaders {
    private final Supplier<Collection<String>> frameAncestors;

    public SecurityHeaders(Supplier<Collection<String>> frameAncestors) {
        this.frameAncestors = frameAncestors;
    }

    public void apply(HttpServletRequest req, HttpServletResponse resp) {
        StringBuilder ancestors = new StringBuilder("'self'");
        for (String origin : frameAncestors.get()) {
            ancestors.append(' ').append(origin);
        }
        resp.setHeader("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; "
                + "img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; "
                + "form-action 'self' " + formTargets() + "; frame-ancestors " + ancestors);
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("Referrer-Policy", "no-referrer");
        resp.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    }

    private String formTargets() {
        // Auto-submitting forms go to the platforms (deep linking return, dev LMS): allow their origins.
        return String.join(" ", frameAncestors.get());
    }
}
