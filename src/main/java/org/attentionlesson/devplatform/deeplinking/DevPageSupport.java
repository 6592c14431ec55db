package org.attentionlesson.devplatform.deeplinking;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.attentionlesson.devplatform.DevPerson;
import org.attentionlesson.devplatform.LoginInitiation;
import org.attentionlesson.web.Templates;
import org.attentionlesson.web.ToolException;

/** What the deep linking servlets of the dev LMS share: reading a person and the login method, sending a login. */
final class DevPageSupport {
    private DevPageSupport() {}

    static DevPerson person(DevDeepLinking dl, HttpServletRequest req) {
        String id = req.getParameter("user");
        if (id == null || id.isBlank()) {
            throw ToolException.badRequest("DEV_USER_MISSING", "Choose a person (?user=teacher-alan).");
        }
        return dl.course()
                .person(id)
                .orElseThrow(() -> ToolException.badRequest(
                        "DEV_USER_UNKNOWN",
                        "The dev LMS has no person with that id. Pick one on the course page at /dev."));
    }

    static LoginInitiation.Method method(HttpServletRequest req) {
        String m = req.getParameter("method");
        if (m == null || m.isBlank() || m.equals("get")) {
            return LoginInitiation.Method.GET;
        }
        if (m.equals("post")) {
            return LoginInitiation.Method.POST;
        }
        throw ToolException.badRequest("DEV_METHOD_UNKNOWN", "method must be get or post.");
    }

    static String wire(LoginInitiation.Method method) {
        return method.name().toLowerCase(Locale.ROOT);
    }

    /** Login initiation at the tool: a 302 (GET, like Canvas) or an auto-submitting form (POST, like Moodle). */
    static void sendLogin(
            HttpServletRequest req,
            HttpServletResponse resp,
            Templates templates,
            LoginInitiation login,
            LoginInitiation.Method method,
            Map<String, String> fields,
            String headingKey)
            throws IOException {
        resp.setHeader("Cache-Control", "no-store");
        if (method == LoginInitiation.Method.GET) {
            resp.setStatus(302);
            resp.setHeader("Location", login.redirect(fields).toString());
            return;
        }
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("base", req.getContextPath());
        model.put("headingKey", headingKey);
        model.put("action", login.loginUrl());
        model.put("fields", fields);
        templates.send(resp, 200, "dev/autopost.ftlh", model, Locale.ENGLISH);
    }
}
