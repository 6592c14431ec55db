package org.attentionlesson.grading;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import org.attentionlesson.access.Access;
import org.attentionlesson.lti.LaunchContext;
import org.attentionlesson.lti.LaunchSession;
import org.attentionlesson.web.Json;
import org.attentionlesson.web.Messages;
import org.attentionlesson.web.ToolException;

/**
 * {@code GET /api/grade-status} with the launch token ({@code Authorization: Bearer …}): where the caller's score
 * for this activity stands, with a sentence to show them ({@code grading.status.*} messages).
 */
public final class GradeStatusServlet extends HttpServlet {
    private final Access access;
    private final GradeStatus status;
    private final Messages messages;

    public GradeStatusServlet(LaunchSession session, GradeStatus status, Messages messages) {
        this.access = new Access(session);
        this.status = status;
        this.messages = messages;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        LaunchContext launch = access.require(req, Access.Need.OWN_WORK).launch();
        GradeStatus.Found found = status.rowState(launch);
        Locale locale = Messages.parseLocale(launch.locale());
        String message = messages.get(locale, "grading.status." + found.state().name());
        OutboxRow r = found.row();
        Json.send(
                resp,
                200,
                new GradeStatus.View(
                        found.state(),
                        message,
                        r == null ? null : r.attemptNumber(),
                        r == null ? null : r.scoreGiven(),
                        r == null ? null : r.scoreMaximum(),
                        r == null ? null : (r.finishedAt() != null ? r.finishedAt() : r.createdAt())));
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp)
            throws jakarta.servlet.ServletException, IOException {
        if (!"GET".equals(req.getMethod())) {
            throw new ToolException(405, "METHOD_NOT_ALLOWED", "Use GET for this call.");
        }
        super.service(req, resp);
    }
}
