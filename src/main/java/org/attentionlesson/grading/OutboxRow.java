package org.attentionlesson.grading;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * One score on its way to the platform (table {@code grade_outbox}); {@code deploymentRowId} is null only for rows from
 * before the tool kept it whose launch is gone.
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
        Long deploymentRowId) {

    public List<String> scopes() {
        return agsScopes == null || agsScopes.isBlank() ? List.of() : Arrays.asList(agsScopes.trim().split("\\s+"));
    }
}
