package org.attentionlesson.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * Response headers every page gets. The Content Security Policy allows nothing inline and nothing from other
 * sites. {@code frame-ancestors} and {@code form-action} name the LMS origins of the one platform registration the
 * response serves (CSP Level 3 §6.4.2, §6.3.3) — never the union of all registrations — so one institution's
 * pages can be framed only by that institution's LMS; a response that serves no platform allows {@code 'self'}.
 *
 * <p>The registration a response serves is found from the request before the servlet runs (the signed launch
 * token {@code lt}), or named by the servlet once it knows it ({@link #serving}: the launch, the login).
 */
public final class SecurityHeaders {
    /** Request attribute: the id (a Long) of the registration this response serves. */
    public static final String PLATFORM = "attention.platformRegistration";

    private static final String INSTANCE = SecurityHeaders.class.getName();
    private static final String FIXED = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; ";
    static final String SELF_ONLY = FIXED + "form-action 'self'; frame-ancestors 'self'";

    private final LongFunction<List<String>> originsOf;
    private final Function<HttpServletRequest, OptionalLong> platformOf;
    private volatile Function<HttpServletRequest, OptionalLong> platformOfRefused = req -> OptionalLong.empty();

    /**
     * @param originsOf a registration's LMS origins (empty when it is not active), bounded in size
     * @param platformOf the registration a request serves, found before the servlet runs (or empty)
     */
    public SecurityHeaders(
            LongFunction<List<String>> originsOf, Function<HttpServletRequest, OptionalLong> platformOf) {
        this.originsOf = originsOf;
        this.platformOf = platformOf;
    }

    /**
     * How an error page finds the platform of a request its servlet refused before naming one (a launch or login
     * that failed): from what the request claims. Such a page only says what went wrong; the LMS it names may
     * frame it so the message shows inside the course.
     */
    public SecurityHeaders onRefusal(Function<HttpServletRequest, OptionalLong> platformOfRefused) {
        this.platformOfRefused = platformOfRefused;
        return this;
    }

    /** As {@link #apply}, for an error page. */
    public void applyToError(HttpServletRequest req, HttpServletResponse resp) {
        if (req.getAttribute(PLATFORM) == null) {
            try {
                platformOfRefused.apply(req).ifPresent(id -> req.setAttribute(PLATFORM, id));
            } catch (RuntimeException e) {
                // Unreadable claims: the page serves no platform.
            }
        }
        apply(req, resp);
    }

    public void apply(HttpServletRequest req, HttpServletResponse resp) {
        Object platform = req.getAttribute(PLATFORM);
        if (platform == null && req.getAttribute(INSTANCE) == null) {
            req.setAttribute(INSTANCE, this);
            try {
                OptionalLong found = platformOf.apply(req);
                if (found.isPresent()) {
                    platform = found.getAsLong();
                    req.setAttribute(PLATFORM, platform);
                }
            } catch (RuntimeException e) {
                // An unreadable or expired launch token: the response serves no platform.
            }
        }
        resp.setHeader("Content-Security-Policy", policyFor(platform));
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("Referrer-Policy", "no-referrer");
        resp.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    }

    /**
     * Marks the response as serving this registration and sets its policy again (a servlet that learns the platform
     * only while it runs: the launch, the login). Error pages sent afterwards keep it.
     */
    public static void serving(HttpServletRequest req, HttpServletResponse resp, long registrationId) {
        req.setAttribute(PLATFORM, registrationId);
        if (req.getAttribute(INSTANCE) instanceof SecurityHeaders h && !resp.isCommitted()) {
            resp.setHeader("Content-Security-Policy", h.policyFor(registrationId));
        }
    }

    String policyFor(Object registrationId) {
        return registrationId instanceof Long l ? forOrigins(originsOf.apply(l)) : SELF_ONLY;
    }

    public static String forOrigins(List<String> origins) {
        if (origins.isEmpty()) {
            return SELF_ONLY;
        }
        String list = String.join(" ", origins);
        // Auto-submitting forms go to the platform (deep linking return, the launch's hand-offs): allow its origins.
        return FIXED + "form-action 'self' " + list + "; frame-ancestors 'self' " + list;
    }
}
