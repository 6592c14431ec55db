package org.attentionlesson.lesson;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.attentionlesson.lesson.ExerciseViews.CandidateView;
import org.attentionlesson.lesson.ExerciseViews.ItemView;
import org.attentionlesson.lesson.ExerciseViews.Reveal;
import org.attentionlesson.lesson.ExerciseViews.Twin;
import org.attentionlesson.lesson.content.Exercise;
import org.attentionlesson.lesson.content.ExerciseItem;
import org.attentionlesson.lesson.scoring.ItemScore;

/**
 * What a learner sees of one item of an attempt: its words (or nothing while its twin is still open), and once
 * committed the reveal — the answer, the cue, the attention weights and, when both twins are committed, the pair
 * side by side (docs/exercise.md).
 */
final class ItemViews {
    private ItemViews() {}

    static ItemView itemView(
            Attempt attempt, Exercise exercise, ExerciseItem item, Map<String, CommittedAnswer> answers) {
        int position = attempt.itemIds().indexOf(item.id()) + 1;
        CommittedAnswer answer = answers.get(item.id());
        Reveal reveal = answer == null ? null : reveal(exercise, item, answer.score(), answers);
        // The second twin's words would give the first one's answer away (they differ only at the cue): they are
        // sent only once the first twin of the pair is committed.
        int twinPosition = attempt.itemIds().indexOf(item.twin()) + 1;
        boolean locked =
                answer == null && twinPosition > 0 && twinPosition < position && !answers.containsKey(item.twin());
        return locked
                ? new ItemView(item.id(), position, null, null, null, item.pronoun(), false, true, null)
                : new ItemView(
                        item.id(),
                        position,
                        item.tokens(),
                        item.before(),
                        item.after(),
                        item.pronoun(),
                        answer != null,
                        false,
                        reveal);
    }

    private static Reveal reveal(
            Exercise exercise, ExerciseItem item, ItemScore score, Map<String, CommittedAnswer> answers) {
        ExerciseItem twin = exercise.twinOf(item);
        boolean twinCommitted = answers.containsKey(twin.id());
        Twin twinView = twinCommitted
                ? new Twin(
                        twin.id(),
                        twin.tokens(),
                        twin.after(),
                        twin.pronoun(),
                        twin.cue(),
                        twin.answerCandidate().label(),
                        strongest(twin),
                        strongest(item))
                : null;
        Map<String, String> whyNot = new LinkedHashMap<>(item.whyNot());
        List<CandidateView> candidates = item.candidates().stream()
                .map(cand -> new CandidateView(cand.id(), cand.label(), cand.head(), cand.spanStart(), cand.spanEnd()))
                .toList();
        return new Reveal(
                score.antecedentIndex(),
                score.cueIndex(),
                score.antecedentCorrect(),
                score.cueCorrect(),
                score.points(),
                ItemScore.MAX_POINTS,
                item.answerCandidate().label(),
                item.accepted(),
                item.cue(),
                item.weights(),
                item.explanation(),
                whyNot,
                candidates,
                !twinCommitted,
                twinView);
    }

    private static int strongest(ExerciseItem item) {
        int best = 0;
        for (int i = 1; i < item.weights().size(); i++) {
            if (item.weights().get(i) > item.weights().get(best)) {
                best = i;
            }
        }
        return best;
    }
}
