package org.attentionlesson.lesson;

import java.time.Instant;
import org.attentionlesson.lesson.scoring.ItemScore;

/** A committed answer to one item of an attempt, with its stored score. */
public record CommittedAnswer(long attemptId, ItemScore score, Instant committedAt) {

    public boolean sameChoice(int antecedentIndex, int cueIndex) {
        return score.antecedentIndex() == antecedentIndex && score.cueIndex() == cueIndex;
    }
}
