package org.attentionlesson.lesson;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the exercise API sends. An uncommitted item carries only its words and the pronoun's position: its key,
 * weights, explanation and twin appear (in {@link Reveal}) only once it is committed.
 */
public final class ExerciseViews {
    private ExerciseViews() {}

    public enum Status {
        open,
        submitted
    }

    /**
     * An attempt; {@code points} counts committed items so far; {@code grade} is set once submitted; {@code rules}
     * are the activity's settings as they stand now.
     */
    public record AttemptView(
            long attemptId,
            int number,
            Status status,
            int itemCount,
            int committedCount,
            double points,
            double maxPoints,
            Double grade,
            Instant submittedAt,
            boolean gradeRecorded,
            List<ItemView> items,
            RulesView rules) {}

    /**
     * The activity's settings for this learner: attempts allowed (null: unlimited), which attempt counts (BEST,
     * LATEST, FIRST), how many attempts the learner has started, and whether starting another one is allowed now.
     */
    public record RulesView(Integer attemptLimit, String policy, int attemptsStarted, boolean newAttemptAllowed) {}

    /**
     * One item. {@code tokens} are the choosable words (no punctuation); {@code before} and {@code after} the
     * punctuation around each, for display. The second twin of a pair is {@code locked} until the first one is
     * committed: its words ({@code tokens}, {@code before}, {@code after}) are not sent before then.
     */
    public record ItemView(
            String id,
            int position,
            List<String> tokens,
            List<String> before,
            List<String> after,
            int pronoun,
            boolean committed,
            boolean locked,
            Reveal reveal) {}

    /** The verdict and the solution of one committed item. */
    public record Reveal(
            int chosenAntecedent,
            int chosenCue,
            boolean antecedentCorrect,
            boolean cueCorrect,
            double points,
            double maxPoints,
            String answerLabel,
            List<Integer> accepted,
            List<Integer> cue,
            List<Double> weights,
            String explanation,
            Map<String, String> whyNot,
            List<CandidateView> candidates,
            boolean twinPending,
            Twin twin) {}

    public record CandidateView(String id, String label, int head, int spanStart, int spanEnd) {}

    /** The committed twin: its sentence and where its strongest link went. */
    public record Twin(
            String id,
            List<String> tokens,
            List<String> after,
            int pronoun,
            List<Integer> cue,
            String answerLabel,
            int strongest,
            int ownStrongest) {}
}
