package org.attentionlesson.grading;

/** Where a grade_outbox row stands. */
public enum OutboxStatus {
    /** Waiting for (another) try. */
    PENDING,
    /** The platform took it (or answered 409: it already had this or a newer score). */
    DELIVERED,
    /** A newer score for the same person and activity replaced it before it went out. */
    SUPERSEDED,
    /** The grade policy decided not to send it (e.g. not better than the best). */
    SKIPPED,
    /** The launch had no AGS endpoint (or no score scope): kept in the tool only. */
    LOCAL_ONLY,
    /** Given up: a permanent refusal, or the give-up time passed. Listed for instructors with its reason. */
    FAILED
}
