package org.attentionlesson.lti;

import java.util.Optional;

/** The LTI message types this tool handles (LTI Core 1.3 §5.1.1, Deep Linking 2.0, Submission Review 1.0). */
public enum MessageType {
    RESOURCE_LINK("LtiResourceLinkRequest"),
    DEEP_LINKING("LtiDeepLinkingRequest"),
    SUBMISSION_REVIEW("LtiSubmissionReviewRequest");

    private final String wireName;

    MessageType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<MessageType> fromWire(String value) {
        for (MessageType t : values()) {
            if (t.wireName.equals(value)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
