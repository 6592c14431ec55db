package org.attentionlesson.lesson;

import jakarta.servlet.http.HttpServlet;
import java.time.Clock;
import java.util.random.RandomGenerator;
import org.attentionlesson.lesson.content.LessonCatalog;
import org.attentionlesson.lesson.scoring.AttemptPlanner;
import org.attentionlesson.lti.LaunchFacts;
import org.attentionlesson.lti.LaunchSession;
import org.attentionlesson.store.Database;
import org.attentionlesson.web.Settings;
import org.attentionlesson.web.Templates;

/**
 * The lesson feature: the lesson page and the exercise and flashcard APIs, on content the root loaded and checked
 * once at start-up (a broken file stops start-up with the file and field named). The root maps the servlets.
 */
public final class LessonModule {
    private final HttpServlet page;
    private final HttpServlet exerciseApi;
    private final HttpServlet flashcardApi;

    public LessonModule(
            Database db,
            Clock clock,
            LessonCatalog catalog,
            LaunchSession session,
            Templates templates,
            Settings settings,
            AttemptStore attempts,
            LaunchFacts launches,
            ActivityRules rules,
            AttemptListener listener) {
        Lessons lessons = new Lessons(catalog);
        int pairsPerAttempt = settings.optional("attention.pairsPerAttempt")
                .map(Integer::parseInt)
                .orElse(AttemptPlanner.DEFAULT_PAIRS_PER_ATTEMPT);
        ExerciseService exercise = new ExerciseService(
                attempts, catalog, clock, RandomGenerator::getDefault, pairsPerAttempt, launches, rules, listener);
        FlashcardService cards = new FlashcardService(db, clock);
        this.page = new LessonPageServlet(session, lessons, new LessonPages(templates));
        this.exerciseApi = new ExerciseApiServlet(session, lessons, exercise);
        this.flashcardApi = new FlashcardApiServlet(session, lessons, cards);
    }

    /** {@code /lesson}: the lesson a launch opened. */
    public HttpServlet page() {
        return page;
    }

    /** {@code /api/exercise/*}: attempts, answers and submission. */
    public HttpServlet exerciseApi() {
        return exerciseApi;
    }

    /** {@code /api/flashcards}: the learner's deck. */
    public HttpServlet flashcardApi() {
        return flashcardApi;
    }
}
