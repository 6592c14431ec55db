package org.attentionlesson.instructor;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.attentionlesson.access.Access;
import org.attentionlesson.lti.LaunchContext;
import org.attentionlesson.lti.LaunchSession;
import org.attentionlesson.lti.MessageType;
import org.attentionlesson.web.Json;
import org.attentionlesson.web.Messages;
import org.attentionlesson.web.ReadableTime;
import org.attentionlesson.web.Templates;
import org.attentionlesson.web.ToolException;

/**
 * {@code GET /review?lt=…}: where an {@code LtiSubmissionReviewRequest} lands (LTI Submission Review 1.0). The
 * platform's gradebook sends an instructor here to see what {@code lti:for_user} did: that learner's attempts at the
 * resource link, read-only. The link comes from the launch's {@code resource_link} claim, or else from the line item
 * the review was opened from. Staff of the launch's deployment and course only ({@link Access}).
 */
public final class SubmissionReviewServlet extends HttpServlet {
    private final Access access;
    private final Templates templates;
    private final SubmissionReview review;
    private final LearnerNames names;

    public SubmissionReviewServlet(
            LaunchSession session, Templates templates, SubmissionReview review, LearnerNames names) {
        this.access = new Access(session);
        this.templates = templates;
        this.review = review;
        this.names = names;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Access.Grant grant = access.require(req, Access.Need.STAFF_OF_PLACE);
        LaunchContext launch = grant.launch();
        if (launch.messageType() != MessageType.SUBMISSION_REVIEW) {
            throw ToolException.badRequest(
                    "NOT_SUBMISSION_REVIEW",
                    "This page shows a student's work when opened from your course's gradebook.");
        }
        JsonNode forUser = Json.parse(
                        launch.deepLinkingSettingsJson() == null ? "{}" : launch.deepLinkingSettingsJson())
                .path("for_user");
        String userId = forUser.path("user_id").asText("");
        if (userId.isBlank()) {
            throw ToolException.badRequest("FOR_USER_MISSING", "Your course did not say whose work to show.");
        }
        String link = launch.resourceLinkId() != null
                ? launch.resourceLinkId()
                : review.resourceLinkOfLineItem(
                                launch.registrationId(),
                                launch.deploymentRowId(),
                                launch.ags().lineitem())
                        .orElse(null);

        Map<String, Object> model = new LinkedHashMap<>();
        model.put("userName", launch.displayName() == null ? "" : launch.displayName());
        model.put("courseTitle", launch.contextTitle() == null ? "" : launch.contextTitle());
        model.put("role", launch.roleLabel());
        model.put("learnerId", userId);
        // The name the platform sent with for_user, else the one from the learner's own latest launch here.
        String learnerName = learnerName(forUser);
        if (learnerName.isBlank()) {
            String launched = names.of(launch.registrationId(), userId);
            learnerName = launched == null ? "" : launched;
        }
        model.put("learnerName", learnerName);
        java.util.Locale locale = Messages.parseLocale(launch.locale());
        model.put("activity", launch.resourceLinkTitle() == null ? "" : launch.resourceLinkTitle());
        model.put("linkKnown", link != null);
        List<Map<String, Object>> attempts = new ArrayList<>();
        if (link != null) {
            // Only the reviewer's own deployment and course (Access): link ids are unique only within a deployment.
            Access.Scope scope = new Access.Scope(
                    grant.scope().registrationId(),
                    grant.scope().deploymentRowId(),
                    grant.scope().contextId(),
                    link);
            for (SubmissionReview.AttemptRow a : review.attempts(scope, userId)) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("number", a.number());
                m.put("submitted", a.submitted());
                m.put("startedAt", ReadableTime.of(a.startedAt(), locale));
                m.put("submittedAt", ReadableTime.of(a.submitted() ? a.submittedAt() : null, locale));
                m.put("total", fmt(a.scoreGiven()));
                m.put("maximum", fmt(a.scoreMaximum()));
                List<Map<String, Object>> items = new ArrayList<>();
                for (SubmissionReview.ItemRow i : a.items()) {
                    Map<String, Object> im = new LinkedHashMap<>();
                    im.put("id", i.itemId());
                    im.put("sentence", i.sentence());
                    im.put("pronoun", i.pronoun());
                    im.put("answered", i.answered());
                    im.put("chosen", i.chosen());
                    im.put("antecedentCorrect", i.antecedentCorrect());
                    im.put("cue", i.cue());
                    im.put("cueCorrect", i.cueCorrect());
                    im.put("points", fmt(i.points()));
                    im.put("maxPoints", fmt(i.maxPoints()));
                    items.add(im);
                }
                m.put("items", items);
                attempts.add(m);
            }
        }
        model.put("attempts", attempts);
        templates.send(resp, 200, "review/attempts.ftlh", model, locale);
    }

    private static String learnerName(JsonNode forUser) {
        String name = forUser.path("name").asText("");
        if (name.isBlank()) {
            name = (forUser.path("given_name").asText("") + " "
                            + forUser.path("family_name").asText(""))
                    .trim();
        }
        return name;
    }

    private static String fmt(double x) {
        return x == Math.rint(x) ? String.valueOf((long) x) : String.format(java.util.Locale.ROOT, "%.1f", x);
    }
}
