package org.attentionlesson.lti;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.attentionlesson.web.SecurityHeaders;
import org.attentionlesson.web.Templates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /lti/launch}: the platform's form post of {@code id_token} and {@code state}. Validates, stores
 * the launch, and sends the browser on (303) to the page for the message type with the signed launch token.
 * A refused launch is logged with its code, never with the token.
 */
public final class LaunchServlet extends HttpServlet {
    private static final Logger log = LoggerFactory.getLogger(LaunchServlet.class);
    private final LaunchValidator validator;
    private final LaunchService service;
    private final boolean secureCookies;
    private final Templates templates;

    public LaunchServlet(LaunchValidator validator, LaunchService service, boolean secureCookies, Templates templates) {
        this.validator = validator;
        this.service = service;
        this.secureCookies = secureCookies;
        this.templates = templates;
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (req.getServletPath().endsWith("/confirm")) {
            confirm(req, resp);
            return;
        }
        Map<String, String> cookies = new HashMap<>();
        if (req.getCookies() != null) {
            for (Cookie c : req.getCookies()) {
                if (c.getName().startsWith(OidcLogin.STATE_COOKIE_PREFIX)) {
                    cookies.put(c.getName(), c.getValue());
                }
            }
        }
        String state = req.getParameter("state");
        LaunchService.Launched launched;
        try {
            LaunchValidator.ValidatedLaunch v =
                    validator.validate(req.getParameter("id_token"), state, req.getParameter("error"), cookies);
            launched = service.store(v);
        } catch (LaunchError.LaunchException e) {
            log.warn("Launch refused: {} {}", e.code(), e.detail() == null ? "" : e.detail());
            throw e;
        } finally {
            if (state != null && SealedStates.withinLength(state)) {
                resp.addHeader(
                        "Set-Cookie",
                        OidcLogin.cookieName(state) + "=; Max-Age=0; Path=/lti/; HttpOnly; SameSite=None"
                                + (secureCookies ? OidcLogin.CROSS_SITE_COOKIE : ""));
            }
        }
        LaunchContext l = launched.context();
        SecurityHeaders.serving(req, resp, l.registrationId()); // this response serves the launch's platform
        // DEBUG: one line per launch was ~4 % of a launch's CPU; the launch itself is on record in launch_context.
        log.debug(
                "Launch {} ok: registration {} type {} instructor={}{}",
                l.id(),
                l.registrationId(),
                l.messageType(),
                l.isInstructor(),
                launched.handoffCode() == null ? "" : " (state check through platform storage)");
        if (launched.handoffCode() != null) {
            LaunchValidator.StorageCheck check = launched.storageCheck();
            resp.setHeader("Cache-Control", "no-store");
            templates.send(
                    resp,
                    200,
                    "lti/storage-launch.ftlh",
                    Map.of(
                            "state",
                            check.state(),
                            "target",
                            check.target(),
                            "origin",
                            check.platformOrigin() == null ? "" : check.platformOrigin(),
                            "code",
                            launched.handoffCode()),
                    Locale.ENGLISH);
            return;
        }
        redirectToPage(req, resp, launched);
    }

    /** {@code POST /lti/launch/confirm}: the launch page read the state back from platform storage. */
    private void confirm(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        LaunchService.Launched launched;
        try {
            launched = service.redeem(req.getParameter("code"), req.getParameter("state"));
            SecurityHeaders.serving(req, resp, launched.context().registrationId());
        } catch (LaunchError.LaunchException e) {
            log.warn("Launch confirmation refused: {} {}", e.code(), e.detail() == null ? "" : e.detail());
            throw e;
        }
        redirectToPage(req, resp, launched);
    }

    private void redirectToPage(HttpServletRequest req, HttpServletResponse resp, LaunchService.Launched launched) {
        LaunchContext l = launched.context();
        String page = switch (l.messageType()) {
            case RESOURCE_LINK -> "/lesson";
            case DEEP_LINKING -> "/deep-linking";
            case SUBMISSION_REVIEW -> "/review";
        };
        resp.setStatus(303);
        resp.setHeader("Cache-Control", "no-store");
        resp.setHeader(
                "Location",
                req.getContextPath() + page + "?" + LaunchSession.PARAM + "="
                        + URLEncoder.encode(launched.launchToken(), StandardCharsets.UTF_8));
    }
}
