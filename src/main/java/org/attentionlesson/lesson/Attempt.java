package org.attentionlesson.lesson;

import java.time.Instant;
import java.util.List;

/**
 * One exercise attempt as stored: the planned items in the order shown, and when and how it was submitted. The
 * deployment and course are the launch's (null only for attempts from before the tool kept them whose launch is gone).
 */
public record Attempt(
        long id,
        long registrationId,
        String learnerKey,
        boolean anonymous,
        String resourceLinkId,
        String lessonId,
        int number,
        List<String> pairIds,
        List<String> itemIds,
        Instant startedAt,
        Instant submittedAt,
        Double scoreGiven,
        Double scoreMaximum,
        Long deploymentRowId,
        String contextId) {

    public Attempt {
        pairIds = List.copyOf(pairIds);
        itemIds = List.copyOf(itemIds);
    }

    public boolean submitted() {
        return submittedAt != null;
    }

    public boolean belongsTo(Learner learner) {
        return registrationId == learner.registrationId()
                && learnerKey.equals(learner.key())
                && resourceLinkId.equals(learner.resourceLinkId());
    }
}
