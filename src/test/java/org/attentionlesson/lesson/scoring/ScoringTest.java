package org.attentionlesson.lesson.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.attentionlesson.lesson.content.Candidate;
import org.attentionlesson.lesson.content.ExerciseItem;
import org.junit.jupiter.api.Test;

class ScoringTest {

    /** "The fox chased the hen because it was hungry." — the fox; cue "hungry." at 8; "the fox" spans 0..1. */
    static final ExerciseItem FOX = new ExerciseItem(
            "fox-hungry",
            "fox",
            "fox-slow",
            List.of("The", "fox", "chased", "the", "hen", "because", "it", "was", "hungry."),
            6,
            List.of(new Candidate("fox", "the fox", 0, 1, 1), new Candidate("hen", "the hen", 3, 4, 4)),
            "fox",
            List.of(0, 1),
            List.of(8),
            List.of(0.05, 0.5, 0.05, 0.05, 0.1, 0.05, 0.05, 0.05, 0.1),
            "Hungry hunters chase.",
            Map.of());

    @Test
    void anAcceptedAntecedentEarnsOnePoint() {
        ItemScore score = Scoring.score(FOX, 1, 2);
        assertTrue(score.antecedentCorrect());
        assertEquals(1.0, score.points());
    }

    @Test
    void everyAcceptedTokenOfTheAnswerCounts() {
        assertEquals(1.0, Scoring.score(FOX, 0, 2).points());
    }

    @Test
    void aCueTokenEarnsHalfAPointOnItsOwn() {
        ItemScore score = Scoring.score(FOX, 4, 8);
        assertTrue(score.cueCorrect());
        assertEquals(0.5, score.points());
    }

    @Test
    void bothRightEarnsTheMaximumOfOneAndAHalf() {
        assertEquals(ItemScore.MAX_POINTS, Scoring.score(FOX, 1, 8).points());
        assertEquals(1.5, ItemScore.MAX_POINTS);
    }

    @Test
    void wrongAnswersScoreZeroAndNeverBelow() {
        assertEquals(0.0, Scoring.score(FOX, 4, 2).points());
    }

    @Test
    void rejectsAnAntecedentOutsideTheSentence() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Scoring.score(FOX, 9, 8));
        assertTrue(e.getMessage().contains("antecedent index 9 is outside the sentence"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Scoring.score(FOX, -1, 8));
    }

    @Test
    void rejectsACueOutsideTheSentence() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Scoring.score(FOX, 1, 42));
        assertTrue(e.getMessage().contains("cue index 42"), e.getMessage());
    }

    @Test
    void rejectsThePronounAsEitherChoice() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Scoring.score(FOX, 6, 8));
        assertTrue(e.getMessage().contains("is the pronoun"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Scoring.score(FOX, 1, 6));
    }

    @Test
    void theGradeIsPointsOverOneAndAHalfPerItem() {
        List<ItemScore> scores = List.of(
                Scoring.score(FOX, 1, 8), Scoring.score(FOX, 1, 2), Scoring.score(FOX, 4, 8), Scoring.score(FOX, 4, 2));
        AttemptGrade grade = Scoring.grade(scores, 4);
        assertEquals(3.0, grade.points());
        assertEquals(6.0, grade.maxPoints());
        assertEquals(0.5, grade.fraction());
    }

    @Test
    void uncommittedItemsCountAsZeroInTheGrade() {
        AttemptGrade grade = Scoring.grade(List.of(Scoring.score(FOX, 1, 8)), 12);
        assertEquals(1.5 / 18, grade.fraction(), 1e-12);
    }
}
