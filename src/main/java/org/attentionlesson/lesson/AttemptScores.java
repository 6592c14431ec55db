package org.attentionlesson.lesson;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * The submitted scores of known learners, for whoever computes a grade from them (grading's policies). Reads
 * through the caller's connection so it can join the caller's transaction.
 */
public final class AttemptScores {
    /** One submitted attempt of a learner ({@code learnerKey} is the launch's subject). */
    public record Submitted(
            String learnerKey, int attemptNumber, double scoreGiven, double scoreMaximum, Instant submittedAt) {}

    private final AttemptStore store;

    public AttemptScores(AttemptStore store) {
        this.store = store;
    }

    /** Every learner's submitted attempts at the link in the deployment, by learner then attempt; at most {@code maxRows}. */
    public List<Submitted> atLink(
            Connection c, long registrationId, long deploymentRowId, String resourceLinkId, int maxRows)
            throws SQLException {
        return store.submitted(c, registrationId, deploymentRowId, resourceLinkId, maxRows);
    }

    /** One learner's submitted attempts at the link in the deployment ({@code null}: unknown), oldest first. */
    public List<Submitted> of(
            Connection c, long registrationId, Long deploymentRowId, String subject, String resourceLinkId)
            throws SQLException {
        return store.submittedBy(c, registrationId, deploymentRowId, subject, resourceLinkId);
    }
}
