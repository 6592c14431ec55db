package org.attentionlesson.instructor;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.attentionlesson.lesson.Lessons;
import org.attentionlesson.lesson.content.Lesson;
import org.attentionlesson.lti.LaunchContext;
import org.attentionlesson.lti.LaunchSession;
import org.attentionlesson.web.Messages;
import org.attentionlesson.web.Templates;
import org.attentionlesson.web.ToolException;

/**
 * {@code GET /instructor/class?lt=…}: how each student and the class did at the launch's resource link, for an
 * instructor launch only (a learner gets 403 NOT_INSTRUCTOR).
 */
public final class ClassResultsServlet extends HttpServlet {
    private final LaunchSession session;
    private final Templates templates;
    private final Lessons lessons;
    private final ClassResults results;

    public ClassResultsServlet(LaunchSession session, Templates templates, Lessons lessons, ClassResults results) {
        this.session = session;
        this.templates = templates;
        this.lessons = lessons;
        this.results = results;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        LaunchContext launch = session.requireInstructor(req);
        if (launch.resourceLinkId() == null) {
            throw ToolException.badRequest("NO_RESOURCE_LINK",
                    "Open this page from an activity in your course: it shows that activity's results.");
        }
        Lesson lesson = lessons.forLaunch(launch);
        ClassResults.Report report = results.forLink(launch.registrationId(), launch.resourceLinkId(), lesson);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("launchToken", LaunchSession.tokenOf(req));
        model.put("activity", launch.resourceLinkTitle() == null ? lesson.title() : launch.resourceLinkTitle());
        model.put("students", report.students());
        model.put("items", report.items());
        model.put("truncated", report.truncated());
        templates.send(resp, 200, "instructor/class.ftlh", model, Messages.parseLocale(launch.locale()));
    }
}
