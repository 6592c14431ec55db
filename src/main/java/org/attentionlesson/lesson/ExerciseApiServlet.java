package org.attentionlesson.lesson;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.attentionlesson.access.Access;
import org.attentionlesson.lesson.content.Lesson;
import org.attentionlesson.lti.LaunchContext;
import org.attentionlesson.lti.LaunchSession;
import org.attentionlesson.web.Json;
import org.attentionlesson.web.ToolException;

/**
 * The exercise's JSON API under {@code /api/exercise/}; every call carries the launch token
 * ({@code Authorization: Bearer …}).
 *
 * <pre>
 * GET  /api/exercise/rules                      the activity's settings: attempts allowed, which attempt counts
 * GET  /api/exercise/attempts/latest            the latest attempt (200), or {"status": "none"} (200) before the
 *                                               first: an empty result, not an error
 * POST /api/exercise/attempts                   resume the open attempt, or start a new one (200); past the
 *                                               attempt limit 409 ATTEMPT_LIMIT_REACHED
 * GET  /api/exercise/attempts/{id}              one of the caller's attempts
 * PUT  /api/exercise/attempts/{id}/items/{item} commit {"antecedent": i, "cue": j}; returns the item + reveal
 * POST /api/exercise/attempts/{id}/submit       submit a fully committed attempt; returns it with its grade
 * </pre>
 */
public final class ExerciseApiServlet extends HttpServlet {
    private static final Pattern ATTEMPT = Pattern.compile("/attempts/([^/]+)");
    /** The latest attempt of someone who has none yet. */
    static final java.util.Map<String, String> NO_ATTEMPT = java.util.Map.of("status", "none");

    private static final Pattern ITEM = Pattern.compile("/attempts/([^/]+)/items/([^/]+)");
    private static final Pattern SUBMIT = Pattern.compile("/attempts/([^/]+)/submit");

    /** The body of a commit: token positions in the item's sentence. */
    public record CommitRequest(Integer antecedent, Integer cue) {}

    private final Access access;
    private final Lessons lessons;
    private final ExerciseService exercise;

    public ExerciseApiServlet(LaunchSession session, Lessons lessons, ExerciseService exercise) {
        this.access = new Access(session);
        this.lessons = lessons;
        this.exercise = exercise;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        LaunchContext launch = access.require(req, Access.Need.OWN_WORK).launch();
        Learner learner = Learner.of(launch);
        String path = req.getPathInfo() == null ? "/" : req.getPathInfo();
        String method = req.getMethod();
        Matcher m;
        if (path.equals("/rules")) {
            requireMethod(method, "GET");
            Json.send(
                    resp, 200, exercise.rules(learner, lessons.forLaunch(launch).id()));
        } else if (path.equals("/attempts/latest")) {
            requireMethod(method, "GET");
            Lesson lesson = lessons.forLaunch(launch);
            Object latest =
                    exercise.latest(learner, lesson.id()).map(a -> (Object) a).orElse(NO_ATTEMPT);
            Json.send(resp, 200, latest);
        } else if (path.equals("/attempts") || path.equals("/attempts/")) {
            requireMethod(method, "POST");
            Json.send(
                    resp, 200, exercise.start(learner, lessons.forLaunch(launch).id()));
        } else if ((m = ITEM.matcher(path)).matches()) {
            requireMethod(method, "PUT");
            CommitRequest body = Json.read(req, CommitRequest.class);
            if (body.antecedent() == null || body.cue() == null) {
                throw ToolException.badRequest(
                        "ANSWER_INCOMPLETE",
                        "Send both the word the pronoun refers to (antecedent) and the word that decided it (cue).");
            }
            Json.send(
                    resp,
                    200,
                    exercise.commit(learner, attemptId(m.group(1)), m.group(2), body.antecedent(), body.cue()));
        } else if ((m = SUBMIT.matcher(path)).matches()) {
            requireMethod(method, "POST");
            Json.send(resp, 200, exercise.submit(learner, attemptId(m.group(1))));
        } else if ((m = ATTEMPT.matcher(path)).matches()) {
            requireMethod(method, "GET");
            Json.send(resp, 200, exercise.view(learner, attemptId(m.group(1))));
        } else {
            throw ToolException.notFound("NOT_FOUND", "There is no such exercise call.");
        }
    }

    private static void requireMethod(String actual, String expected) {
        if (!expected.equals(actual)) {
            throw new ToolException(405, "METHOD_NOT_ALLOWED", "Use " + expected + " for this call.");
        }
    }

    private static long attemptId(String raw) {
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw ToolException.notFound("ATTEMPT_NOT_FOUND", "There is no such attempt of yours.");
        }
    }
}
