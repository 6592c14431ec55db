package org.attentionlesson.instructor;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.attentionlesson.access.Access;
import org.attentionlesson.lesson.Lessons;
import org.attentionlesson.lesson.content.Lesson;
import org.attentionlesson.lti.LaunchContext;
import org.attentionlesson.lti.LaunchSession;
import org.attentionlesson.web.Messages;
import org.attentionlesson.web.Templates;

/**
 * {@code GET /instructor/class?lt=…}: how each student and the class did at the launch's resource link, for staff
 * of that link only ({@link Access.Need#STAFF_OF_LINK}: a learner gets 403 NOT_INSTRUCTOR, a launch without a
 * resource link 400 NO_RESOURCE_LINK; rows of other deployments and courses are never read).
 */
public final class ClassResultsServlet extends HttpServlet {
    private final Access access;
    private final Templates templates;
    private final Lessons lessons;
    private final ClassResults results;

    public ClassResultsServlet(LaunchSession session, Templates templates, Lessons lessons, ClassResults results) {
        this.access = new Access(session);
        this.templates = templates;
        this.lessons = lessons;
        this.results = results;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Access.Grant grant = access.require(req, Access.Need.STAFF_OF_LINK);
        LaunchContext launch = grant.launch();
        Lesson lesson = lessons.forLaunch(launch);
        ClassResults.Report report = results.forLink(grant.scope(), lesson);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("launchToken", LaunchSession.tokenOf(req));
        model.put("activity", launch.resourceLinkTitle() == null ? lesson.title() : launch.resourceLinkTitle());
        model.put("students", report.students());
        model.put("items", report.items());
        model.put("truncated", report.truncated());
        templates.send(resp, 200, "instructor/class.ftlh", model, Messages.parseLocale(launch.locale()));
    }
}
