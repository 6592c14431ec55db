package org.attentionlesson.instructor;

import org.attentionlesson.App;
import org.attentionlesson.grading.GradingModule;
import org.attentionlesson.lesson.Lessons;
import org.attentionlesson.lesson.ServletContextContentSource;
import org.attentionlesson.lesson.content.ContentLoader;

/** Wires the instructor's class results page ({@code /instructor/class}, its CSV and the NRPS roster behind it). */
public final class InstructorModule {
    private InstructorModule() {
    }

    public static void install(App app, GradingModule.Grading grading) {
        app.addServlet("instructorGrades", new GradeDeliveryServlet(app.launchSession(), app.templates(),
                grading.outbox(), grading.settings(), grading.worker(), new LearnerNames(app.db()))
                .withReposts(grading.reposts()), "/instructor/grades");
        Lessons lessons = new Lessons(new ContentLoader(new ServletContextContentSource(app.servletContext())).load());
        app.addServlet("instructorClass", new ClassResultsServlet(app.launchSession(), app.templates(), lessons,
                new ClassResults(app.db()), new ClassRoster(app.db()), org.attentionlesson.nrps.NrpsModule.install(app),
                new StudentWork(app.db())), "/instructor/class", "/instructor/class/*");
    }
}
