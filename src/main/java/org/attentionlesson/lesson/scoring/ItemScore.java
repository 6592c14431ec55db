package org.attentionlesson.lesson.scoring;

/**
 * The score of one committed item: 1 point for an accepted antecedent, ½ for a cue token,
 * scored independently and never negative.
 */
public record ItemScore(
        String itemId, int antecedentIndex, int cueIndex, boolean antecedentCorrect, boolean cueCorrect) {

    public static final double ANTECEDENT_POINTS = 1.0;
    public static final double CUE_POINTS = 0.5;
    public static final double MAX_POINTS = ANTECEDENT_POINTS + CUE_POINTS;

    public double points() {
        return (antecedentCorrect ? ANTECEDENT_POINTS : 0) + (cueCorrect ? CUE_POINTS : 0);
    }
}
