package org.attentionlesson.lesson;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Hears about attempts as they start, are first answered and are submitted (grading turns these into AGS score
 * posts). Called inside the lesson's transaction on {@code c}: what the listener writes commits or rolls back with
 * the attempt, and an exception aborts the learner's request.
 */
@FunctionalInterface
public interface AttemptListener {
    AttemptListener NONE = (c, event) -> {};

    void attemptReported(Connection c, AttemptEvent event) throws SQLException;
}
