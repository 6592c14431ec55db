package org.attentionlesson.deeplinking;

import com.nimbusds.jose.jwk.RSAKey;
import jakarta.servlet.http.HttpServlet;
import java.time.Clock;
import java.util.function.Supplier;
import org.attentionlesson.grading.GradingSettings;
import org.attentionlesson.lti.LaunchService;
import org.attentionlesson.lti.LaunchSession;
import org.attentionlesson.lti.Registrations;
import org.attentionlesson.store.Database;
import org.attentionlesson.web.Templates;

/**
 * Deep linking: the picker at {@code /deep-linking} and its signed response, plus the launch listener that binds a
 * deep-linked activity's grade policy to the resource link the platform made (LTI Deep Linking 2.0).
 */
public final class DeepLinkingModule {
    private final HttpServlet picker;
    private final LaunchService.LaunchListener binding;

    public DeepLinkingModule(
            Database db,
            Clock clock,
            Supplier<RSAKey> signingKey,
            LaunchSession session,
            Templates templates,
            Registrations registrations,
            String launchUrl,
            GradingSettings gradingSettings) {
        Activities activities = new Activities(db);
        DeepLinkingResponse responses = new DeepLinkingResponse(signingKey, clock);
        this.binding = new ActivityBinding(activities, gradingSettings);
        this.picker =
                new DeepLinkingServlet(session, templates, registrations, activities, responses, launchUrl, clock);
    }

    /** {@code /deep-linking}: the activity picker a deep linking request opens. */
    public HttpServlet picker() {
        return picker;
    }

    /** Runs inside each launch's transaction: a launch of a deep-linked activity binds its grade policy. */
    public LaunchService.LaunchListener launchBinding() {
        return binding;
    }
}
