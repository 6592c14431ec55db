package org.attentionlesson.devplatform;

/**
 * What the dev LMS means to launch, carried through the tool's login as {@code lti_message_hint} and read back at
 * the authorization endpoint: who, which message type, which link, shown where.
 */
public record MessageHint(String userId, String messageType, String resourceLinkId, DocumentTarget documentTarget) {
    public static final String RESOURCE_LINK_REQUEST = "LtiResourceLinkRequest";

    public static MessageHint resourceLink(String userId, String resourceLinkId, DocumentTarget target) {
        return new MessageHint(userId, RESOURCE_LINK_REQUEST, resourceLinkId, target);
    }
}
