package org.attentionlesson.deeplinking;

import java.time.Instant;
import org.attentionlesson.grading.GradePolicy;

/**
 * An activity added to a course by deep linking: its id is the content item's {@code custom.activity}.
 * {@code attemptLimit} is the attempts a learner may start, null for unlimited.
 */
public record Activity(
        String id,
        long registrationId,
        long deploymentRowId,
        String launchId,
        String title,
        double points,
        GradePolicy policy,
        Integer attemptLimit,
        Presentation presentation,
        String createdBy,
        Instant createdAt) {}
