package org.attentionlesson.devplatform;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.attentionlesson.devplatform.deeplinking.DeepLinkedLink;

/**
 * {@code GET /dev}: the course page, with one-click launches for every person, framed or in a new window, and the
 * instructor's "add an activity" (deep linking) with the links it added.
 */
final class CoursePageServlet extends HttpServlet {
    private final DevPages pages;
    private final Supplier<List<DeepLinkedLink>> deepLinked;

    CoursePageServlet(DevPages pages, Supplier<List<DeepLinkedLink>> deepLinked) {
        this.pages = pages;
        this.deepLinked = deepLinked;
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
        model.put(
                "instructors",
                course.people().stream().filter(DevPerson::isInstructor).toList());
        model.put("deepLinked", deepLinked.get());
        String dl = req.getParameter("dl");
        model.put("dlNotice", "added".equals(dl) ? "dl.dev.added" : "cancelled".equals(dl) ? "dl.dev.cancelled" : "");
        pages.send(resp, "course.ftlh", model);
    }
}
