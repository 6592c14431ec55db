package org.attentionlesson.devplatform;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code GET /dev/course?user=…&method=get|post}: the activity inside the course page, the way Canvas and Moodle's
 * "embed" show it: an iframe whose height follows the tool's {@code lti.frameResize} messages.
 */
final class CourseFrameServlet extends HttpServlet {
    private final DevPages pages;
    private final DevEndpoints endpoints;

    CourseFrameServlet(DevPages pages, DevEndpoints endpoints) {
        this.pages = pages;
        this.endpoints = endpoints;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        DevPerson person = pages.person(req);
        String method = DevPages.wire(DevPages.method(req));
        String user = URLEncoder.encode(person.id(), StandardCharsets.UTF_8);
        Map<String, Object> model = new HashMap<>();
        model.put("base", req.getContextPath());
        model.put("course", pages.course());
        model.put("link", pages.course().firstLink());
        model.put("person", person);
        model.put("instructor", person.isInstructor());
        model.put("method", method);
        model.put("frameSrc", req.getContextPath() + "/dev/start?user=" + user + "&target=iframe&method=" + method);
        model.put("windowHref", req.getContextPath() + "/dev/start?user=" + user + "&target=window&method=" + method);
        model.put("toolOrigin", endpoints.origin());
        // The shared policy has default-src 'none', which also forbids frames: this page frames the tool.
        String csp = resp.getHeader("Content-Security-Policy");
        if (csp != null) {
            resp.setHeader("Content-Security-Policy", csp + "; frame-src 'self' " + endpoints.origin());
        }
        pages.send(resp, "course-frame.ftlh", model);
    }
}
