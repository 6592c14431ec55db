package org.attentionlesson.devplatform;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/**
 * {@code GET /dev/start?user=…&target=iframe|window&method=get|post}: starts a launch by sending the browser to the
 * tool's login URL, as a 302 (GET) or an auto-submitting form (POST).
 */
final class LoginInitiationServlet extends HttpServlet {
    private final DevPages pages;
    private final LoginInitiation login;

    LoginInitiationServlet(DevPages pages, LoginInitiation login) {
        this.pages = pages;
        this.login = login;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        DevPerson person = pages.person(req);
        DocumentTarget target = DevPages.target(req);
        LoginInitiation.Method method = DevPages.method(req);
        Map<String, String> fields = login.fields(person, pages.course().firstLink(), target);
        resp.setHeader("Cache-Control", "no-store");
        if (method == LoginInitiation.Method.GET) {
            resp.setStatus(302);
            resp.setHeader("Location", login.redirect(fields).toString());
        } else {
            pages.sendAutoPost(req, resp, "dev.autopost.loginHeading", login.loginUrl(), fields);
        }
    }
}
