package org.attentionlesson.devplatform;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.attentionlesson.web.Templates;
import org.attentionlesson.web.ToolException;

/** What the dev LMS's page servlets share: rendering under {@code templates/dev/}, and reading a person or choice. */
final class DevPages {
    private final Templates templates;
    private final DevCourse course;

    DevPages(Templates templates, DevCourse course) {
        this.templates = templates;
        this.course = course;
    }

    DevCourse course() {
        return course;
    }

    void send(HttpServletResponse resp, String template, Map<String, ?> model) throws IOException {
        templates.send(resp, 200, "dev/" + template, model, Locale.ENGLISH);
    }

    /** An auto-submitting form page (LTI's usual way to POST across the browser), e.g. login or launch. */
    void sendAutoPost(
            HttpServletRequest req,
            HttpServletResponse resp,
            String headingKey,
            String action,
            Map<String, String> fields)
            throws IOException {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("base", req.getContextPath());
        model.put("headingKey", headingKey);
        model.put("action", action);
        model.put("fields", fields);
        send(resp, "autopost.ftlh", model);
    }

    DevPerson person(HttpServletRequest req) {
        String id = req.getParameter("user");
        if (id == null || id.isBlank()) {
            throw ToolException.badRequest("DEV_USER_MISSING", "Choose a person to launch as (?user=student-ada).");
        }
        return course.person(id)
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

    static DocumentTarget target(HttpServletRequest req) {
        String t = req.getParameter("target");
        if (t == null || t.isBlank()) {
            return DocumentTarget.WINDOW;
        }
        return DocumentTarget.fromWire(t)
                .orElseThrow(() -> ToolException.badRequest("DEV_TARGET_UNKNOWN", "target must be iframe or window."));
    }

    static String wire(LoginInitiation.Method method) {
        return method.name().toLowerCase(Locale.ROOT);
    }
}
