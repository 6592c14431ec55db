package org.attentionlesson.instructor;

import jakarta.servlet.http.HttpServlet;
import org.attentionlesson.grading.DeliveryStatus;
import org.attentionlesson.grading.GradingModule;
import org.attentionlesson.lesson.AttemptRecords;
import org.attentionlesson.lesson.Lessons;
import org.attentionlesson.lesson.content.LessonCatalog;
import org.attentionlesson.lti.ContextLearners;
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

    public InstructorModule(
            Database db,
            LessonCatalog catalog,
            LaunchSession session,
            Templates templates,
            RosterService roster,
            GradingModule grading,
            ContextLearners learners,
            AttemptRecords attempts) {
        // What the pages read, each through its owner's API: launches (lti), attempts (lesson), deliveries (grading).
        // The launches' and attempts' read sides come from their owners, which clear the counts they remember for
        // the class page when this node writes (docs/adr/0003-class-summaries.md).
        DeliveryStatus deliveries = new DeliveryStatus(db);
        LearnerNames names = new LearnerNames(learners);
        ClassRoster classRoster = new ClassRoster(learners, attempts, deliveries);
        this.classResults = new ClassResultsServlet(
                session,
                templates,
                new Lessons(catalog),
                new ClassResults(attempts),
                classRoster,
                new NamePages(learners, attempts, classRoster),
                roster,
                new StudentWork(attempts));
        this.gradeDeliveries = grading.deliveriesPage(templates, learners);
        this.submissionReview = new SubmissionReviewServlet(
                session, templates, new SubmissionReview(attempts, deliveries, catalog), names);
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
