package org.attentionlesson.lti;

import java.util.Map;
import org.attentionlesson.web.Json;

/**
 * {@code LtiDeepLinkingRequest} (Deep Linking 2.0 §4.4, docs/lti.md §3 step 12 and §7): the
 * {@code deep_linking_settings} claim with a {@code deep_link_return_url}; the settings are kept with the launch for
 * the reply.
 */
final class DeepLinkingRequestValidator implements MessageValidator {
    @Override
    public MessageType type() {
        return MessageType.DEEP_LINKING;
    }

    @Override
    public String check(IdTokenChecks.Token token, LaunchValidator.LoginState state) {
        Map<String, Object> settings = token.claims().object(LaunchValidator.DL + "deep_linking_settings");
        if (settings == null || OidcLogin.blank(Claims.str(settings, "deep_link_return_url", "deep_link_return_url"))) {
            throw LaunchError.DEEP_LINKING_SETTINGS_MISSING.exception();
        }
        return Json.write(settings);
    }
}
