package org.attentionlesson.devplatform;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /dev}: the course page, with one-click launches for every person, framed or in a new window. */
final class CoursePageServlet extends HttpServlet {
    private final DevPages pages;

    CoursePageServlet(DevPages pages) {
        this.pages = pages;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        LoginInitiation.Method method = DevPages.method(req);
        DevCourse course = pages.course();
        List<Map<String, Object>> people = new ArrayList<>();
        for (DevPerson p : course.people()) {
            people.add(Map.of("id", p.id(), "name", p.name(), "instructor", p.isInstructor()));
        }
        Map<String, Object> model = new HashMap<>();
        model.put("base", req.getContextPath());
        model.put("course", course);
        model.put("link", course.firstLink());
        model.put("people", people);
        model.put("method", DevPages.wire(method));
        pages.send(resp, "course.ftlh", model);
    }
}
