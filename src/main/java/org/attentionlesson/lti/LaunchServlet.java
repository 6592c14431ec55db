package org.attentionlesson.lti;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
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

    public LaunchServlet(LaunchValidator validator, LaunchService service, boolean secureCookies) {
        this.validator = validator;
        this.service = service;
        this.secureCookies = secureCookies;
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
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
            LaunchValidator.ValidatedLaunch v = validator.validate(req.getParameter("id_token"), state,
                    req.getParameter("error"), cookies);
            launched = service.store(v);
        } catch (LaunchError.LaunchException e) {
            log.warn("Launch refused: {} {}", e.code(), e.detail() == null ? "" : e.detail());
            throw e;
        } finally {
            if (state != null && state.length() <= 100) {
                resp.addHeader("Set-Cookie", OidcLogin.cookieName(state) + "=; Max-Age=0; Path=/lti/; HttpOnly; SameSite=None"
                        + (secureCookies ? "; Secure" : ""));
            }
        }
        LaunchContext l = launched.context();
        log.info("Launch {} ok: registration {} type {} instructor={}", l.id(), l.registrationId(), l.messageType(),
                l.isInstructor());
        String page = switch (l.messageType()) {
            case RESOURCE_LINK -> "/lesson";
            case DEEP_LINKING -> "/deep-linking";
            case SUBMISSION_REVIEW -> "/review";
        };
        resp.setStatus(303);
        resp.setHeader("Cache-Control", "no-store");
        resp.setHeader("Location", req.getContextPath() + page + "?" + LaunchSession.PARAM + "="
                + URLEncoder.encode(launched.launchToken(), StandardCharsets.UTF_8));
    }
}
