package org.attentionlesson.lti;

/**
 * {@code LtiResourceLinkRequest} (LTI Core 1.3 §5.3, docs/lti.md §3 step 12): a non-empty
 * {@code resource_link.id}, and a {@code target_link_uri} equal to the one the login was started for and belonging
 * to this tool (the login's value was not signed; this one is, LTI Core 1.3 §5.1.1 and §5.3.3).
 */
final class ResourceLinkRequestValidator implements MessageValidator {
    private final OidcLogin login;

    ResourceLinkRequestValidator(OidcLogin login) {
        this.login = login;
    }

    @Override
    public MessageType type() {
        return MessageType.RESOURCE_LINK;
    }

    @Override
    public String check(IdTokenChecks.Token token, LaunchValidator.LoginState state) {
        if (OidcLogin.blank(token.resourceLinkId())) {
            throw LaunchError.RESOURCE_LINK_MISSING.exception();
        }
        String targetLinkUri = token.targetLinkUri();
        if (OidcLogin.blank(targetLinkUri)) {
            throw LaunchError.TARGET_LINK_MISSING.exception();
        }
        if (!targetLinkUri.equals(state.targetLinkUri()) || !login.isOurLaunchUrl(targetLinkUri)) {
            throw LaunchError.TARGET_LINK_MISMATCH.exception("target_link_uri=" + OidcLogin.clip(targetLinkUri));
        }
        return null;
    }
}
