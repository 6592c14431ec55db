package org.attentionlesson.devplatform;

import java.util.function.Function;

/** The tool's OIDC authentication request to {@code /dev/auth}, GET query or POST form (Security Framework 1.0 §5.1.1.2). */
public record AuthenticationRequest(
        String scope,
        String responseType,
        String responseMode,
        String prompt,
        String clientId,
        String redirectUri,
        String loginHint,
        String ltiMessageHint,
        String state,
        String nonce) {

    public static AuthenticationRequest from(Function<String, String> param) {
        return new AuthenticationRequest(
                param.apply("scope"),
                param.apply("response_type"),
                param.apply("response_mode"),
                param.apply("prompt"),
                param.apply("client_id"),
                param.apply("redirect_uri"),
                param.apply("login_hint"),
                param.apply("lti_message_hint"),
                param.apply("state"),
                param.apply("nonce"));
    }
}
