package org.attentionlesson.lesson.scoring;

import java.util.Collection;
import org.attentionlesson.lesson.content.ExerciseItem;

/** The exercise's scoring rule (server only; the key never reaches the browser before a commit). */
public final class Scoring {

    private Scoring() {}

    /**
     * Scores one answer: the token chosen as the pronoun's antecedent and the token chosen as the cue.
     *
     * @throws IllegalArgumentException if either index is outside the sentence or is the pronoun itself
     */
    public static ItemScore score(ExerciseItem item, int antecedentIndex, int cueIndex) {
        requireChoosable(item, antecedentIndex, "antecedent");
        requireChoosable(item, cueIndex, "cue");
        return new ItemScore(
                item.id(), antecedentIndex, cueIndex, item.isAccepted(antecedentIndex), item.isCue(cueIndex));
    }

    /**
     * Grades an attempt of {@code itemsInAttempt} items from the scores of the items committed so far;
     * uncommitted items count as zero.
     */
    public static AttemptGrade grade(Collection<ItemScore> scores, int itemsInAttempt) {
        if (itemsInAttempt < scores.size()) {
            throw new IllegalArgumentException(
                    "An attempt of " + itemsInAttempt + " items cannot have " + scores.size() + " scores");
        }
        double points = scores.stream().mapToDouble(ItemScore::points).sum();
        return new AttemptGrade(points, ItemScore.MAX_POINTS * itemsInAttempt, itemsInAttempt);
    }

    private static void requireChoosable(ExerciseItem item, int index, String role) {
        int size = item.tokens().size();
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("The " + role + " index " + index + " is outside the sentence of item "
                    + item.id() + " (0.." + (size - 1) + ")");
        }
        if (index == item.pronoun()) {
            throw new IllegalArgumentException("The " + role + " index " + index + " is the pronoun of item "
                    + item.id() + "; it cannot be chosen");
        }
    }
}
