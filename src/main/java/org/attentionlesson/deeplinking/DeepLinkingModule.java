package org.attentionlesson.deeplinking;

import org.attentionlesson.App;
import org.attentionlesson.grading.GradingSettings;
import org.attentionlesson.instructor.SubmissionReview;
import org.attentionlesson.instructor.SubmissionReviewServlet;
import org.attentionlesson.lesson.ServletContextContentSource;
import org.attentionlesson.lesson.content.ContentLoader;

/**
 * Wires the two launches an LMS sends an instructor on besides the lesson itself: deep linking (the picker at
 * {@code /deep-linking} and its signed response, plus the launch listener that binds a deep-linked activity's grade
 * policy to the resource link the platform made) and submission review ({@code /review}, a learner's attempts).
 */
public final class DeepLinkingModule {
    private DeepLinkingModule() {
    }

    public static void install(App app, GradingSettings settings) {
        Activities activities = new Activities(app.db());
        DeepLinkingResponse responses = new DeepLinkingResponse(() -> app.toolKeys().signingKey(), app.clock());
        app.launchService().addListener(new ActivityBinding(activities, settings));
        app.addServlet("deepLinking", new DeepLinkingServlet(app.launchSession(), app.templates(), app.registrations(),
                activities, responses, app.config().url("/lti/launch"), app.clock()), "/deep-linking");

        // The lesson module keeps its catalog to itself; the review page reads item sentences from its own copy.
        SubmissionReview review = new SubmissionReview(app.db(),
                new ContentLoader(new ServletContextContentSource(app.servletContext())).load());
        app.addServlet("submissionReview", new SubmissionReviewServlet(app.launchSession(), app.templates(), review,
                new org.attentionlesson.instructor.LearnerNames(app.db())),
                "/review");
    }
}
