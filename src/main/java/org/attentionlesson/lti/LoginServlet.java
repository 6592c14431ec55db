package org.attentionlesson.lti;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import org.attentionlesson.web.SecurityHeaders;
import org.attentionlesson.web.Templates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code GET|POST /lti/login}: OIDC third-party initiated login; a platform may use either method (docs/lti.md §2). */
public final class LoginServlet extends HttpServlet {
    private static final Logger log = LoggerFactory.getLogger(LoginServlet.class);
    private final OidcLogin login;
    private final boolean secureCookies;
    private final Templates templates;

    public LoginServlet(OidcLogin login, boolean secureCookies, Templates templates) {
        this.login = login;
        this.secureCookies = secureCookies;
        this.templates = templates;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        handle(req, resp);
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        handle(req, resp);
    }

    private void handle(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String deploymentId = req.getParameter("lti_deployment_id");
        if (deploymentId == null) {
            deploymentId = req.getParameter("deployment_id"); // Canvas's name for it
        }
        OidcLogin.Request r = new OidcLogin.Request(
                req.getParameter("iss"),
                req.getParameter("login_hint"),
                req.getParameter("target_link_uri"),
                req.getParameter("lti_message_hint"),
                req.getParameter("client_id"),
                deploymentId,
                req.getParameter("lti_storage_target"));
        try {
            OidcLogin.Redirect redirect = login.start(r);
            SecurityHeaders.serving(req, resp, redirect.registration().id()); // this response serves that platform
            resp.addHeader(
                    "Set-Cookie",
                    redirect.cookieName() + "=" + redirect.cookieValue() + "; Max-Age="
                            + redirect.cookieMaxAge().toSeconds() + "; Path=/lti/; HttpOnly; SameSite=None"
                            + (secureCookies ? OidcLogin.CROSS_SITE_COOKIE : ""));
            resp.setHeader("Cache-Control", "no-store");
            if (redirect.storageTarget() != null) {
                // The platform offers storage (lti-pm-s 0.1): keep the state there too, for browsers that drop
                // cookies in frames; the page then continues to the platform's authorization endpoint.
                templates.send(
                        resp,
                        200,
                        "lti/storage-login.ftlh",
                        Map.of(
                                "state",
                                redirect.state(),
                                "nonce",
                                redirect.nonce(),
                                "target",
                                redirect.storageTarget(),
                                "origin",
                                redirect.platformOrigin() == null ? "" : redirect.platformOrigin(),
                                "next",
                                redirect.location()),
                        Locale.ENGLISH);
                return;
            }
            resp.setStatus(302);
            resp.setHeader("Location", redirect.location());
        } catch (LaunchError.LaunchException e) {
            log.warn("Login refused: {} {}", e.code(), e.detail() == null ? "" : e.detail());
            throw e;
        }
    }
}
