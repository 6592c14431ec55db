package org.attentionlesson.lti;

/**
 * The checks of one LTI message type (docs/lti.md §3 step 12), run after the checks every id_token gets
 * ({@link IdTokenChecks}) and before the subject's (step 13).
 */
interface MessageValidator {
    /** The message type this validator checks ({@code lti:message_type}, LTI Core 1.3 §5.1.1). */
    MessageType type();

    /**
     * Checks the claims this message type requires; returns what the launch context keeps of them as JSON (the deep
     * linking settings, the reviewed user), or null.
     */
    String check(IdTokenChecks.Token token, LaunchValidator.LoginState login);
}
