package org.attentionlesson.lesson;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.attentionlesson.lti.LaunchContext;
import org.attentionlesson.lti.LaunchSession;
import org.attentionlesson.web.Messages;
import org.attentionlesson.web.Templates;

/** {@code GET /lesson?lt=…}: the page a student or instructor lands on after a resource-link launch. */
public final class LessonPageServlet extends HttpServlet {
    private final LaunchSession session;
    private final Templates templates;

    public LessonPageServlet(LaunchSession session, Templates templates) {
        this.session = session;
        this.templates = templates;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        LaunchContext launch = session.require(req);
        Map<String, Object> model = new HashMap<>();
        model.put("userName", launch.displayName() == null ? "" : launch.displayName());
        model.put("courseTitle", launch.contextTitle() == null ? "" : launch.contextTitle());
        model.put("role", launch.roleLabel());
        model.put("launchToken", LaunchSession.tokenOf(req));
        templates.send(resp, 200, "launch.ftlh", model, Messages.parseLocale(launch.locale()));
    }
}
