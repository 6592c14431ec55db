package org.attentionlesson.instructor;

import jakarta.servlet.http.HttpServlet;
import org.attentionlesson.grading.GradingModule;
import org.attentionlesson.lesson.Lessons;
import org.attentionlesson.lesson.content.LessonCatalog;
import org.attentionlesson.lti.LaunchSession;
import org.attentionlesson.nrps.RosterService;
import org.attentionlesson.store.Database;
import org.attentionlesson.web.Templates;

/**
 * What an instructor opens from a launch: the class results page (its CSV and the NRPS roster behind it), the
 * grade deliveries page, and submission review (a learner's attempts, LTI Submission Review launch).
 */
public final class InstructorModule {
    private final HttpServlet classResults;
    private final HttpServlet gradeDeliveries;
    private final HttpServlet submissionReview;

    public InstructorModule(Database db, LessonCatalog catalog, LaunchSession session, Templates templates,
            RosterService roster, GradingModule grading) {
        LearnerNames names = new LearnerNames(db);
        this.classResults = new ClassResultsServlet(session, templates, new Lessons(catalog), new ClassResults(db),
                new ClassRoster(db), roster, new StudentWork(db));
        this.gradeDeliveries = new GradeDeliveryServlet(session, templates, grading.outbox(), grading.settings(),
                grading.worker(), names).withReposts(grading.reposts());
        this.submissionReview = new SubmissionReviewServlet(session, templates, new SubmissionReview(db, catalog),
                names);
    }

    /** {@code /instructor/class}: the class's results, CSV and roster. */
    public HttpServlet classResults() {
        return classResults;
    }

    /** {@code /instructor/grades}: where each score is on its way to the gradebook. */
    public HttpServlet gradeDeliveries() {
        return gradeDeliveries;
    }

    /** {@code /review}: a learner's attempts, opened by a submission review launch. */
    public HttpServlet submissionReview() {
        return submissionReview;
    }
}
