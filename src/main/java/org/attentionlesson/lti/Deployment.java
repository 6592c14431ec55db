package org.attentionlesson.lti;

/** One install of a registration; its {@code deploymentId} is the platform's opaque string (≤ 255 chars). */
public record Deployment(long id, long registrationId, String deploymentId, String name, Status status) {
    /**
     * {@code REFUSED}: seen in a launch while {@code attention.unknownDeployments=reject}, refused, and listed in the
     * admin console for approval (then {@code ACTIVE}). A refused deployment stays refused whatever the policy.
     */
    public enum Status {
        ACTIVE,
        DISABLED,
        REFUSED
    }
}
