package org.attentionlesson.lesson;

import org.attentionlesson.lti.LaunchContext;

/**
 * Whose work this is: the platform registration, the person (the launch's subject) and the placement (the
 * resource link). An anonymous launch has no subject; its work is keyed to that launch and never graded.
 */
public record Learner(
        long registrationId, String key, boolean anonymous, String subject, String resourceLinkId, String launchId) {

    public static Learner of(LaunchContext launch) {
        boolean anonymous = launch.anonymous();
        String key = anonymous ? "launch:" + launch.id() : launch.subject();
        String link = launch.resourceLinkId() == null ? "" : launch.resourceLinkId();
        return new Learner(launch.registrationId(), key, anonymous, launch.subject(), link, launch.id());
    }
}
