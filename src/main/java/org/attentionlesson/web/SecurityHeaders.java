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
    /** The policy for the last collection of origins seen (App replaces the collection when registrations change). */
    private volatile Policy last = new Policy(null, null);

    private record Policy(Collection<String> origins, String header) {
    }

    /** {@code frameAncestors} hands out an unmodifiable collection, replaced (not changed) when the origins change. */
    public SecurityHeaders(Supplier<Collection<String>> frameAncestors) {
        this.frameAncestors = frameAncestors;
    }

    public void apply(HttpServletRequest req, HttpServletResponse resp) {
        resp.setHeader("Content-Security-Policy", contentSecurityPolicy());
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("Referrer-Policy", "no-referrer");
        resp.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    }

    /** Built once per collection of origins, not per request; a new collection (even an equal one) rebuilds it. */
    String contentSecurityPolicy() {
        Collection<String> origins = frameAncestors.get();
        Policy p = last;
        if (p.header() == null || p.origins() != origins) {
            p = new Policy(origins, build(origins));
            last = p;
        }
        return p.header();
    }

    private static String build(Collection<String> origins) {
        StringBuilder ancestors = new StringBuilder("'self'");
        for (String origin : origins) {
            ancestors.append(' ').append(origin);
        }
        // Auto-submitting forms go to the platforms (deep linking return, dev LMS): allow their origins.
        String formTargets = String.join(" ", origins);
        return "default-src 'none'; script-src 'self'; style-src 'self'; "
                + "img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; "
                + "form-action 'self' " + formTargets + "; frame-ancestors " + ancestors;
    }
}
