package org.attentionlesson.lti;

import java.util.Map;
import org.attentionlesson.web.Json;

/**
 * {@code LtiSubmissionReviewRequest} (Submission Review 1.0 §3, docs/lti.md §3 step 12): the {@code for_user}
 * claim naming whose submission to show, and the AGS endpoint claim of the line item under review; the reviewed
 * user is kept with the launch.
 */
final class SubmissionReviewRequestValidator implements MessageValidator {
    @Override
    public MessageType type() {
        return MessageType.SUBMISSION_REVIEW;
    }

    @Override
    public String check(IdTokenChecks.Token token, LaunchValidator.LoginState state) {
        Map<String, Object> forUser = token.claims().object(LaunchValidator.LTI + "for_user");
        if (forUser == null || OidcLogin.blank(Claims.str(forUser, "user_id", "for_user.user_id"))) {
            throw LaunchError.FOR_USER_MISSING.exception();
        }
        if (token.claims().object(LaunchValidator.AGS + "endpoint") == null) {
            throw LaunchError.CLAIM_INVALID.exception("submission review without ags endpoint");
        }
        return Json.write(Map.of("for_user", forUser));
    }
}
