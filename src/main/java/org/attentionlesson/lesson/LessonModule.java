package org.attentionlesson.lesson;

import java.util.random.RandomGenerator;
import org.attentionlesson.App;
import org.attentionlesson.lti.LaunchFacts;
import org.attentionlesson.lesson.content.ContentLoader;
import org.attentionlesson.lesson.content.LessonCatalog;
import org.attentionlesson.lesson.scoring.AttemptPlanner;

/**
 * Wires the lesson feature: content loaded and validated once at start-up (a broken file stops start-up with the
 * file and field named), the lesson page, and the exercise and flashcard APIs.
 */
public final class LessonModule {
    private LessonModule() {
    }

    /** {@code rules} and {@code listener} come from grading; {@code launches} from lti (the root wires them). */
    public static void install(App app, AttemptStore attempts, LaunchFacts launches, ActivityRules rules,
            AttemptListener listener) {
        LessonCatalog catalog = new ContentLoader(new ServletContextContentSource(app.servletContext())).load();
        Lessons lessons = new Lessons(catalog);
        int pairsPerAttempt = Integer.parseInt(app.param("attention.pairsPerAttempt",
                String.valueOf(AttemptPlanner.DEFAULT_PAIRS_PER_ATTEMPT)));
        ExerciseService exercise = new ExerciseService(attempts, catalog, app.clock(), RandomGenerator::getDefault,
                pairsPerAttempt, launches, rules, listener);
        FlashcardService cards = new FlashcardService(app.db(), app.clock());

        app.addServlet("lesson", new LessonPageServlet(app.launchSession(), app.templates(), lessons), "/lesson");
        app.addServlet("exerciseApi", new ExerciseApiServlet(app.launchSession(), lessons, exercise),
                "/api/exercise/*");
        app.addServlet("flashcardApi", new FlashcardApiServlet(app.launchSession(), lessons, cards),
                "/api/flashcards", "/api/flashcards/*");
    }
}
