package org.attentionlesson.lesson.scoring;

/** An attempt's total: {@code fraction = points / (1.5 × items)}, between 0 and 1. */
public record AttemptGrade(double points, double maxPoints, int items) {

    public double fraction() {
        return maxPoints == 0 ? 0 : points / maxPoints;
    }
}
