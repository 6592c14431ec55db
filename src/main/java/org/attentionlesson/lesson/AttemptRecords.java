package org.attentionlesson.lesson;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.attentionlesson.access.Access;
import org.attentionlesson.store.Database;
import org.attentionlesson.store.ReadCache;

/**
 * Read-only view of the exercise attempts and their committed answers at a place (access.Access scope), for the
 * instructor's pages: per-attempt summaries for a whole class or for a page of users, one learner's attempts with
 * their answers, and the class's answers for the item statistics. Anonymous attempts are in the class's answers
 * only: they belong to no user the platform could name. What other packages use instead of reading
 * exercise_attempt and exercise_answer.
 */
public final class AttemptRecords {
    /**
     * One attempt. {@code scoreGiven}/{@code scoreMaximum} are set once submitted; {@code lastAnswerAt} (the latest
     * committed answer) only for an open attempt and only when asked for.
     */
    public record AttemptSummary(
            long id,
            String learnerKey,
            int number,
            Instant startedAt,
            Instant submittedAt,
            Double scoreGiven,
            Double scoreMaximum,
            Instant lastAnswerAt) {
        public boolean submitted() {
            return submittedAt != null;
        }
    }

    /** How many learners have attempts at a lesson, and how many of them have an attempt still open. */
    public record Started(int learners, int withOpenAttempt) {}

    /** The attempts read, and whether the bound on rows cut them short. */
    public record Summaries(List<AttemptSummary> attempts, boolean truncated) {}

    /** One committed answer of an attempt. */
    public record AnswerRecord(
            String itemId,
            int antecedentIndex,
            int cueIndex,
            boolean antecedentCorrect,
            boolean cueCorrect,
            Instant committedAt) {}

    /** One attempt of a learner, with the items planned for it and its answers in commit order. */
    public record AttemptWork(
            long id,
            int number,
            String lessonId,
            List<String> itemIds,
            Instant startedAt,
            Instant submittedAt,
            Double scoreGiven,
            Double scoreMaximum,
            List<AnswerRecord> answers) {}

    /** One answer of the class, with its attempt's id, learner and start (answers come ordered by attempt). */
    public record ClassAnswer(long attemptId, String learnerKey, Instant attemptStartedAt, AnswerRecord answer) {}

    /** The class's answers read, and whether the bound cut them short. */
    public record ClassAnswers(List<ClassAnswer> answers, boolean truncated) {}

    /** What a remembered count was read for. */
    record StartedKey(Access.Scope scope, String lessonId) {}

    private final AttemptRecordStore store;
    /** This node's memory of {@link #started}, cleared by its own attempts ({@link AttemptStore#records}). */
    private final ReadCache<StartedKey, Started> counts;

    /** Reads with no memory: every {@link #started} counts in the database. */
    public AttemptRecords(Database db) {
        this(db, new ReadCache<>(Duration.ZERO, 1));
    }

    AttemptRecords(Database db, ReadCache<StartedKey, Started> counts) {
        this.store = new AttemptRecordStore(db);
        this.counts = counts;
    }

    /** The group of scopes an attempt's start or submission clears: its registration's context (every link in it). */
    static int group(long registrationId, String contextId) {
        return ReadCache.group(registrationId, contextId);
    }

    /**
     * Every attempt at {@code lessonId} in the scope (at most {@code maxRows}); {@code lastAnswers}: also read the
     * latest answer time of each open attempt (costlier).
     */
    public Summaries summaries(Access.Scope scope, String lessonId, boolean lastAnswers, int maxRows) {
        return store.summaries(scope, lessonId, lastAnswers, maxRows);
    }

    /**
     * Counted by the database, not read: the learners with an attempt at {@code lessonId} in the scope, and those of
     * them with an attempt not yet submitted (anonymous attempts are nobody's).
     */
    public Started started(Access.Scope scope, String lessonId) {
        // Remembered a few seconds per scope (docs/adr/0003-class-summaries.md): a class page view need not count
        // the whole link's attempts when nobody started or submitted one there since the last view.
        return counts.get(
                new StartedKey(scope, lessonId),
                group(scope.registrationId(), scope.contextId()),
                () -> store.started(scope, lessonId));
    }

    /**
     * Forgets what this node remembers of the attempts in the scope's context: the next {@link #started} counts in
     * the database, so attempts stored by other nodes show at once (the class page's refresh).
     */
    public void forget(Access.Scope scope) {
        counts.changed(group(scope.registrationId(), scope.contextId()));
    }

    /** The attempts of {@code learnerKeys} only (a page of a class), with the open attempts' latest answer time. */
    public List<AttemptSummary> summariesOf(Access.Scope scope, String lessonId, Collection<String> learnerKeys) {
        return store.summariesOf(scope, lessonId, learnerKeys);
    }

    /** One learner's attempts with their answers, by lesson then number; {@code lessonId} null: every lesson. */
    public List<AttemptWork> work(Access.Scope scope, String lessonId, String learnerKey, int maxAttempts) {
        return store.work(scope, lessonId, learnerKey, maxAttempts);
    }

    /**
     * Every committed answer at {@code lessonId} in the scope, anonymous attempts' too, by attempt then commit time
     * (at most maxRows).
     */
    public ClassAnswers classAnswers(Access.Scope scope, String lessonId, int maxRows) {
        return store.classAnswers(scope, lessonId, maxRows);
    }
}
