package org.attentionlesson.grading;

import java.util.Locale;
import java.util.Optional;

/**
 * Which attempt's score the gradebook holds (activity setting; best by default). Applied when a submitted score
 * enters the outbox, so a policy never posts a worse score over a better one.
 */
public enum GradePolicy {
    /** The highest score so far: a later attempt is sent only when it is strictly better. */
    BEST,
    /** The most recent attempt, better or worse. */
    LATEST,
    /** The first submitted attempt; later ones stay in the tool. */
    FIRST,
    /** The mean of every submitted attempt: each new attempt sends the new mean. */
    AVERAGE;

    public static final GradePolicy DEFAULT = BEST;

    public static Optional<GradePolicy> parse(String s) {
        if (s == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(s.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether a newly submitted score should be sent, given what has already been sent or queued for the same
     * person and activity.
     *
     * @param bestSoFar the highest score already sent or queued, null when none
     * @param anySoFar  whether any score has been sent or queued
     */
    public boolean sends(double score, Double bestSoFar, boolean anySoFar) {
        return switch (this) {
            case BEST -> bestSoFar == null || score > bestSoFar;
            case LATEST -> true;
            case FIRST -> !anySoFar;
            case AVERAGE -> true;
        };
    }
}
