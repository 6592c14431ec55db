package org.attentionlesson.deeplinking;

import java.time.Instant;
import org.attentionlesson.grading.GradePolicy;

/** An activity added to a course by deep linking: its id is the content item's {@code custom.activity}. */
public record Activity(String id, long registrationId, long deploymentRowId, String launchId, String title,
        double points, GradePolicy policy, Presentation presentation, String createdBy, Instant createdAt) {
}
