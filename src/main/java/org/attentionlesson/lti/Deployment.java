package org.attentionlesson.lti;

/** One install of a registration; its {@code deploymentId} is the platform's opaque string (≤ 255 chars). */
public record Deployment(long id, long registrationId, String deploymentId, String name, Status status) {
    public enum Status { ACTIVE, DISABLED }
}
