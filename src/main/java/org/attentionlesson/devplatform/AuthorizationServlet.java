package org.attentionlesson.devplatform;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET|POST /dev/auth}: the dev LMS's OIDC authorization endpoint. A refused request gets a 400 with a plain
 * message (never a redirect to an unchecked URI); an accepted one an auto-submitting form that posts
 * {@code id_token} and {@code state} to the tool ({@code response_mode=form_post}).
 */
final class AuthorizationServlet extends HttpServlet {
    private static final Logger log = LoggerFactory.getLogger(AuthorizationServlet.class);
    private final DevPages pages;
    private final AuthorizationEndpoint endpoint;

    AuthorizationServlet(DevPages pages, AuthorizationEndpoint endpoint) {
        this.pages = pages;
        this.endpoint = endpoint;
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
        AuthenticationResponse answer;
        try {
            answer = endpoint.authorize(AuthenticationRequest.from(req::getParameter));
        } catch (AuthenticationRefused e) {
            log.info("Dev LMS refused an authentication request: {}", e.getMessage());
            resp.setStatus(400);
            resp.setContentType("text/plain;charset=UTF-8");
            resp.setHeader("Cache-Control", "no-store");
            resp.getWriter().write("The dev LMS refused this authentication request: " + e.getMessage() + "\n");
            return;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("id_token", answer.idToken());
        fields.put("state", answer.state());
        pages.sendAutoPost(req, resp, "dev.autopost.launchHeading", answer.redirectUri(), fields);
    }
}
