package org.attentionlesson.lti;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.attentionlesson.outbound.LogText;
import org.attentionlesson.web.RateLimit;
import org.attentionlesson.web.Templates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /lti/register?openid_configuration=…&registration_token=…}: the registration URL an admin pastes
 * into the LMS (LTI DR 1.0 §3.3). Shows a confirmation that posts {@code org.imsglobal.lti.close} to the LMS, or a
 * plain page saying what went wrong. The LMS frames this page before it knows the tool, so any site may frame it.
 */
public final class DynamicRegistrationServlet extends HttpServlet {
    private static final Logger log = LoggerFactory.getLogger(DynamicRegistrationServlet.class);
    private final DynamicRegistration registration;
    private final ToolConfiguration tool;
    private final Templates templates;
    private final RateLimit rateLimit;

    /** @param rateLimit attempts per client address ({@code attention.registrationAttemptsPerMinute}) */
    public DynamicRegistrationServlet(
            DynamicRegistration registration, ToolConfiguration tool, Templates templates, RateLimit rateLimit) {
        this.registration = registration;
        this.tool = tool;
        this.templates = templates;
        this.rateLimit = rateLimit;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        // The LMS shows this page in its own frame or window before it has registered us (docs/lti.md §8).
        resp.setHeader(
                "Content-Security-Policy",
                "default-src 'none'; script-src 'self'; style-src 'self'; "
                        + "img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors *");
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("registrationUrl", tool.registrationUrl());
        try {
            // Each attempt makes the tool call out, so an anonymous caller gets only a few per minute.
            if (!rateLimit.tryAcquire(req.getRemoteAddr())) {
                resp.setHeader("Retry-After", String.valueOf(rateLimit.retryAfterSeconds(req.getRemoteAddr())));
                throw DynamicRegistrationException.Reason.RATE_LIMITED.exception(null);
            }
            DynamicRegistration.Outcome outcome = registration.register(
                    req.getParameter("openid_configuration"),
                    req.getParameter("registration_token"),
                    PlatformOrigins.origin(req.getHeader("Referer")));
            PlatformRegistration r = outcome.registration();
            model.put("issuer", r.issuer());
            model.put("clientId", r.clientId());
            model.put("name", r.name());
            model.put(
                    "deploymentId",
                    outcome.deployment().map(Deployment::deploymentId).orElse(""));
            model.put("pending", r.status() == PlatformRegistration.Status.PENDING);
            model.put("product", r.productFamily() == null ? "" : r.productFamily());
            model.put("adminUrl", tool.baseUrl() + "/admin/registrations/" + r.id());
            templates.send(resp, 200, "registration/done.ftlh", model, Locale.ENGLISH);
        } catch (DynamicRegistrationException e) {
            log.info("Dynamic registration refused: {} ({})", e.code(), LogText.neutral(e.getMessage(), 300));
            model.put("code", e.code());
            model.put("summary", e.summary());
            model.put("detail", e.getMessage());
            model.put("status", e.status());
            templates.send(resp, e.status(), "registration/failed.ftlh", model, Locale.ENGLISH);
        }
    }
}
