package org.attentionlesson.lesson;

import java.time.Instant;
import org.attentionlesson.lti.LaunchFacts;

/**
 * What the lesson reports about a known learner's attempt to whoever listens ({@link AttemptListener}): that it was
 * started, first answered, or submitted with its score. Anonymous launches report nothing. {@code launch} is the
 * launch the learner acted through, as lti exposes it (its grade service endpoint), null when it is no longer known;
 * {@code deploymentRowId} and {@code contextId} are the attempt's own.
 *
 * @param scoreGiven   the points, null until {@link Progress#COMPLETED}
 * @param scoreMaximum the points possible (the number of items times an item's maximum)
 */
public record AttemptEvent(
        Progress progress,
        long attemptId,
        long registrationId,
        Long deploymentRowId,
        String contextId,
        String resourceLinkId,
        String subject,
        String launchId,
        int attemptNumber,
        Double scoreGiven,
        double scoreMaximum,
        Instant startedAt,
        Instant submittedAt,
        Instant at,
        LaunchFacts.Facts launch) {

    /**
     * Where the attempt stands, in the terms of the AGS 2.0 Score service's {@code activityProgress}
     * (https://www.imsglobal.org/spec/lti-ags/v2p0#activityprogress).
     */
    public enum Progress {
        /** Started, nothing answered yet: activityProgress Started. */
        STARTED,
        /** At least one item answered: activityProgress InProgress. */
        IN_PROGRESS,
        /** Submitted and scored: activityProgress Completed. */
        COMPLETED
    }
}
