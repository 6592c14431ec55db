package org.attentionlesson.lesson;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import org.attentionlesson.lesson.content.Lesson;
import org.attentionlesson.lti.LaunchContext;
import org.attentionlesson.lti.LaunchSession;
import org.attentionlesson.web.Messages;

/**
 * {@code GET /lesson?lt=…}: the lesson page a student or instructor lands on after a resource-link launch. The
 * lesson is server-rendered ({@link LessonPages}); the exercise and flashcards are ES modules that call the JSON
 * APIs with the launch token, which the page carries in {@code data-launch-token}.
 */
public final class LessonPageServlet extends HttpServlet {
    private final LaunchSession session;
    private final Lessons lessons;
    private final LessonPages pages;

    public LessonPageServlet(LaunchSession session, Lessons lessons, LessonPages pages) {
        this.session = session;
        this.lessons = lessons;
        this.pages = pages;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        LaunchContext launch = session.require(req);
        Locale locale = Messages.parseLocale(launch.locale());
        Lesson lesson = lessons.forLaunch(launch);
        String[] values = {
            launch.displayName() == null ? "" : launch.displayName(),
            launch.contextTitle() == null ? "" : launch.contextTitle(),
            launch.roleLabel(),
            LaunchSession.tokenOf(req),
            launch.documentTarget() == null ? "" : launch.documentTarget(),
            LessonPages.returnUrl(launch.returnUrl())
        };
        byte[] body = pages.render(lesson, locale, launch.isInstructor(), values);
        resp.setStatus(200);
        resp.setContentType("text/html;charset=UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }
}
