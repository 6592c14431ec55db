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
 * The flashcards' JSON API under {@code /api/flashcards/} (launch token as Bearer).
 *
 * <pre>
 * GET  /api/flashcards                      the deck: totals and the current card's front
 * GET  /api/flashcards/cards/{id}/back      the answer, asked for when the student presses Show answer
 * POST /api/flashcards/cards/{id}/recall    {"result": "again" | "knew"} for the current card; returns the deck
 * POST /api/flashcards/restart              a fresh stack
 * </pre>
 */
public final class FlashcardApiServlet extends HttpServlet {
    private static final Pattern BACK = Pattern.compile("/cards/([^/]+)/back");
    private static final Pattern RECALL = Pattern.compile("/cards/([^/]+)/recall");

    public record RecallRequest(String result) {}

    private final Access access;
    private final Lessons lessons;
    private final FlashcardService cards;

    public FlashcardApiServlet(LaunchSession session, Lessons lessons, FlashcardService cards) {
        this.access = new Access(session);
        this.lessons = lessons;
        this.cards = cards;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        LaunchContext launch = access.require(req, Access.Need.OWN_WORK).launch();
        Learner learner = Learner.of(launch);
        Lesson lesson = lessons.forLaunch(launch);
        String path = req.getPathInfo() == null ? "/" : req.getPathInfo();
        String method = req.getMethod();
        Matcher m;
        if (path.equals("/")) {
            requireMethod(method, "GET");
            Json.send(resp, 200, cards.deck(learner, lesson));
        } else if ((m = BACK.matcher(path)).matches()) {
            requireMethod(method, "GET");
            Json.send(resp, 200, cards.back(lesson, m.group(1)));
        } else if ((m = RECALL.matcher(path)).matches()) {
            requireMethod(method, "POST");
            RecallRequest body = Json.read(req, RecallRequest.class);
            FlashcardService.Recall recall;
            try {
                recall = FlashcardService.Recall.valueOf(String.valueOf(body.result()));
            } catch (IllegalArgumentException e) {
                throw ToolException.badRequest("BAD_RECALL", "Send \"again\" or \"knew\" as the result.");
            }
            Json.send(resp, 200, cards.recall(learner, lesson, m.group(1), recall));
        } else if (path.equals("/restart")) {
            requireMethod(method, "POST");
            Json.send(resp, 200, cards.restart(learner, lesson));
        } else {
            throw ToolException.notFound("NOT_FOUND", "There is no such flashcard call.");
        }
    }

    private static void requireMethod(String actual, String expected) {
        if (!expected.equals(actual)) {
            throw new ToolException(405, "METHOD_NOT_ALLOWED", "Use " + expected + " for this call.");
        }
    }
}
