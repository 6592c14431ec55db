package org.attentionlesson.grading;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * One score on its way to the platform (table {@code grade_outbox}); {@code deploymentRowId} is null only for rows from
 * before the tool kept it whose launch is gone. {@code progress} is what the row reports (V20): {@code COMPLETED} for
 * a submitted score, {@code STARTED} or {@code IN_PROGRESS} for an attempt under way (sent without a score).
 */
public record OutboxRow(
        long id,
        Long gradeEventId,
        long registrationId,
        String subject,
        String resourceLinkId,
        String launchId,
        int attemptNumber,
        double scoreGiven,
        double scoreMaximum,
        Instant scoreTimestamp,
        Instant submittedAt,
        String agsLineitems,
        String agsLineitem,
        String agsScopes,
        String linkTitle,
        boolean regrade,
        OutboxStatus status,
        int tries,
        Instant nextAttemptAt,
        Instant giveUpAt,
        String leaseToken,
        Integer lastHttpStatus,
        String lastError,
        Instant createdAt,
        Instant finishedAt,
        Long deploymentRowId,
        String progress) {

    /** Whether the row carries a submitted score (not an attempt's progress). */
    public boolean finalScore() {
        return progress == null || OutboxIntake.COMPLETED.equals(progress);
    }

    public List<String> scopes() {
        return agsScopes == null || agsScopes.isBlank()
                ? List.of()
                : Arrays.asList(agsScopes.trim().split("\\s+"));
    }
}
