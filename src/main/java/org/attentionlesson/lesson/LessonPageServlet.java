package org.attentionlesson.lesson;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.attentionlesson.lesson.content.Lesson;
import org.attentionlesson.lti.LaunchContext;
import org.attentionlesson.lti.LaunchSession;
import org.attentionlesson.web.Json;
import org.attentionlesson.web.Messages;
import org.attentionlesson.web.Templates;

/**
 * {@code GET /lesson?lt=…}: the lesson page a student or instructor lands on after a resource-link launch. The
 * lesson is server-rendered; the exercise and flashcards are ES modules that call the JSON APIs with the launch
 * token, which the page carries in {@code data-launch-token}.
 */
public final class LessonPageServlet extends HttpServlet {
    private static final Set<String> RTL = Set.of("ar", "he", "fa", "ur", "yi", "ps", "dv", "ku");
    private static final String[] SCRIPT_PREFIXES = {"exercise.", "cards."};

    private final LaunchSession session;
    private final Templates templates;
    private final Lessons lessons;

    public LessonPageServlet(LaunchSession session, Templates templates, Lessons lessons) {
        this.session = session;
        this.templates = templates;
        this.lessons = lessons;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        LaunchContext launch = session.require(req);
        Locale locale = Messages.parseLocale(launch.locale());
        Lesson lesson = lessons.forLaunch(launch);
        Map<String, Object> model = new HashMap<>();
        model.put("lesson", lesson);
        model.put("userName", launch.displayName() == null ? "" : launch.displayName());
        model.put("courseTitle", launch.contextTitle() == null ? "" : launch.contextTitle());
        model.put("role", launch.roleLabel());
        model.put("instructor", launch.isInstructor());
        model.put("launchToken", LaunchSession.tokenOf(req));
        model.put("dir", RTL.contains(locale.getLanguage()) ? "rtl" : "ltr");
        model.put("scriptMessages", scriptMessages(templates.messages().bundle(locale)));
        templates.send(resp, 200, "lesson/lesson.ftlh", model, locale);
    }

    /** The strings the page's scripts show, as JSON safe to place inside a {@code <script type="application/json">}. */
    static String scriptMessages(Map<String, String> bundle) {
        Map<String, String> picked = new TreeMap<>();
        for (Map.Entry<String, String> e : bundle.entrySet()) {
            for (String prefix : SCRIPT_PREFIXES) {
                if (e.getKey().startsWith(prefix)) {
                    picked.put(e.getKey(), e.getValue());
                }
            }
        }
        return Json.write(picked).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
    }
}
