package org.attentionlesson.lesson;

import java.util.random.RandomGenerator;
import org.attentionlesson.App;
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

    public static void install(App app) {
        LessonCatalog catalog = new ContentLoader(new ServletContextContentSource(app.servletContext())).load();
        Lessons lessons = new Lessons(catalog);
        int pairsPerAttempt = Integer.parseInt(app.param("attention.pairsPerAttempt",
                String.valueOf(AttemptPlanner.DEFAULT_PAIRS_PER_ATTEMPT)));
        ExerciseService exercise = new ExerciseService(new AttemptStore(app.db()), catalog, app.clock(),
                RandomGenerator::getDefault, pairsPerAttempt);
        FlashcardService cards = new FlashcardService(app.db(), app.clock());

        app.addServlet("lesson", new LessonPageServlet(app.launchSession(), lessons, new LessonPages(app.templates())),
                "/lesson");
        app.addServlet("exerciseApi", new ExerciseApiServlet(app.launchSession(), lessons, exercise),
                "/api/exercise/*");
        app.addServlet("flashcardApi", new FlashcardApiServlet(app.launchSession(), lessons, cards),
                "/api/flashcards", "/api/flashcards/*");
    }
}
