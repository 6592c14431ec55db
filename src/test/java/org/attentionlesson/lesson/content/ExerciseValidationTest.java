package org.attentionlesson.lesson.content;

import static org.attentionlesson.lesson.content.ContentAssertions.assertProblem;
import static org.attentionlesson.lesson.content.TinyLesson.EXERCISE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExerciseValidationTest {

    private final TinyLesson lesson = new TinyLesson();

    @Test
    void aValidExerciseLoadsWithItsPairs() {
        Exercise exercise = lesson.load().require("tiny").exercise();
        assertEquals(12, exercise.items().size());
        assertEquals(6, exercise.pairs().size());
        assertEquals("p1-b", exercise.pairs().get(0).second().id());
    }

    @Test
    void rejectsWeightsThatDoNotSumToOne() {
        lesson.listOf(3, "weights").set(0, 0.0);
        lesson.listOf(3, "weights").set(2, 0.03);
        assertProblem(lesson, EXERCISE, "items[3].weights", "weights sum to 0.930, expected 1.000");
    }

    @Test
    void rejectsANegativeWeight() {
        lesson.listOf(0, "weights").set(0, -0.05);
        lesson.listOf(0, "weights").set(2, 0.15);
        assertProblem(lesson, EXERCISE, "items[0].weights[0]", "must not be negative");
    }

    @Test
    void rejectsOneWeightPerTokenMismatch() {
        lesson.listOf(2, "weights").remove(0);
        assertProblem(lesson, EXERCISE, "items[2].weights", "has 8 weights for 9 tokens");
    }

    @Test
    void rejectsALargestWeightThatIsNotOnAnAcceptedToken() {
        lesson.listOf(0, "weights").set(1, 0.1);
        lesson.listOf(0, "weights").set(4, 0.5);
        assertProblem(lesson, EXERCISE, "items[0].weights", "largest weight is on token 4");
    }

    @Test
    void rejectsAMissingExplanation() {
        lesson.items.get(5).remove("explanation");
        assertProblem(lesson, EXERCISE, "items[5].explanation", "is required");
    }

    @Test
    void rejectsAFieldOfTheWrongType() {
        lesson.items.get(1).put("pronoun", "six");
        assertProblem(lesson, EXERCISE, "items[1].pronoun", "must be a whole number");
    }

    @Test
    void rejectsDuplicateItemIds() {
        lesson.items.get(2).put("id", "p1-a");
        assertProblem(lesson, EXERCISE, "items[2].id", "'p1-a' is already used by items[0]");
    }

    @Test
    void rejectsEmptyTokens() {
        lesson.items.get(0).put("tokens", List.of());
        assertProblem(lesson, EXERCISE, "items[0].tokens", "must not be empty");
    }

    @Test
    void rejectsAPronounIndexOutsideTheTokens() {
        lesson.items.get(0).put("pronoun", 9);
        assertProblem(lesson, EXERCISE, "items[0].pronoun", "outside the tokens");
    }

    @Test
    void rejectsAPronounIndexThatPointsAtANoun() {
        lesson.items.get(0).put("pronoun", 2);
        assertProblem(lesson, EXERCISE, "items[0].pronoun", "'chased' is not a pronoun");
    }

    @Test
    void acceptsAPronounWithPunctuationInAnyCase() {
        for (int i = 0; i < 12; i++) {
            lesson.listOf(i, "tokens").set(6, "It,");
        }
        assertEquals(12, lesson.load().require("tiny").exercise().items().size());
    }

    @Test
    void rejectsAnythingButExactlyTwoCandidates() {
        @SuppressWarnings("unchecked")
        List<Object> candidates = (List<Object>) lesson.items.get(4).get("candidates");
        candidates.add(TinyLesson.candidate("was", "was", 7, 7, 7));
        assertProblem(lesson, EXERCISE, "items[4].candidates", "exactly two candidates, found 3");
    }

    @Test
    void rejectsACandidateSpanOutsideTheTokens() {
        lesson.candidateOf(0, 1).put("span", new ArrayList<>(List.of(3, 12)));
        assertProblem(lesson, EXERCISE, "items[0].candidates[1].span", "outside the tokens");
    }

    @Test
    void rejectsAHeadOutsideItsSpan() {
        lesson.candidateOf(0, 0).put("head", 2);
        assertProblem(lesson, EXERCISE, "items[0].candidates[0].head", "outside the span");
    }

    @Test
    void rejectsACandidateThatOverlapsThePronoun() {
        lesson.candidateOf(0, 1).put("span", new ArrayList<>(List.of(3, 6)));
        assertProblem(lesson, EXERCISE, "items[0].candidates[1].span", "overlaps the pronoun");
    }

    @Test
    void rejectsAnAnswerThatIsNotACandidate() {
        lesson.items.get(0).put("answer", "wolf");
        assertProblem(lesson, EXERCISE, "items[0].answer", "'wolf' is not one of the candidates");
    }

    @Test
    void rejectsAnAcceptedTokenOutsideTheAnswer() {
        lesson.listOf(0, "accepted").add(4);
        assertProblem(lesson, EXERCISE, "items[0].accepted", "index 4 is outside the answer's span");
    }

    @Test
    void rejectsACueOutsideTheTokens() {
        lesson.listOf(0, "cue").add(20);
        assertProblem(lesson, EXERCISE, "items[0].cue", "index 20 is outside the tokens");
    }

    @Test
    void rejectsACueOnThePronoun() {
        lesson.items.get(0).put("cue", new ArrayList<>(List.of(6)));
        assertProblem(lesson, EXERCISE, "items[0].cue", "is the pronoun itself");
    }

    @Test
    void rejectsTwinsThatDoNotNameEachOther() {
        lesson.items.get(1).put("twin", "p2-a");
        assertProblem(lesson, EXERCISE, "items[0].twin", "'p1-b' names 'p2-a' as its twin");
    }

    @Test
    void rejectsATwinThatDoesNotExist() {
        lesson.items.get(0).put("twin", "p9-z");
        assertProblem(lesson, EXERCISE, "items[0].twin", "no item has the id 'p9-z'");
    }

    @Test
    void rejectsTwinsOfDifferentLengths() {
        lesson.listOf(1, "tokens").add("today.");
        lesson.listOf(1, "weights").set(0, 0.03);
        lesson.listOf(1, "weights").add(0.02);
        assertProblem(lesson, EXERCISE, "items[0].tokens", "has 9 tokens but its twin 'p1-b' has 10");
    }

    @Test
    void rejectsACueThatIsNotWhereTheTwinsDiffer() {
        lesson.listOf(1, "tokens").set(2, "followed");
        assertProblem(lesson, EXERCISE, "items[0].cue", "is [8] but the twins differ at [2, 8]");
    }

    @Test
    void rejectsTwinsWithTheSameAnswer() {
        lesson.items.set(1, TinyLesson.item("p1", "b", "a", "slow.", "fox"));
        assertProblem(lesson, EXERCISE, "items[0].answer", "'fox' is also the twin's answer");
    }

    @Test
    void rejectsTwinsWhoseCandidatesAreDifferentWords() {
        lesson.candidateOf(1, 1).put("label", "the chicken");
        assertProblem(lesson, EXERCISE, "items[0].candidates", "same words");
    }

    @Test
    void rejectsFewerThanTwelveItemsAndSixPairs() {
        lesson.items.subList(10, 12).clear();
        ContentException e = assertProblem(lesson, EXERCISE, "items", "has 10 items, at least 12");
        assertTrue(e.getMessage().contains("has 5 pairs, at least 6"));
    }

    @Test
    void rejectsYamlThatDoesNotParse() {
        lesson.exerciseOverride = "items: [unclosed";
        assertProblem(lesson, EXERCISE, "", "is not valid YAML");
    }

    @Test
    void reportsEveryProblemInTheFileAtOnce() {
        lesson.items.get(0).remove("explanation");
        lesson.items.get(7).put("answer", "wolf");
        lesson.listOf(11, "weights").set(0, 0.5);
        ContentException e = assertProblem(lesson, EXERCISE, "items[0].explanation", "is required");
        assertTrue(e.getMessage().contains(EXERCISE + ": items[7].answer"), e.getMessage());
        assertTrue(e.getMessage().contains(EXERCISE + ": items[11].weights"), e.getMessage());
    }

    @Test
    void punctuationIsSplitFromTheWordAndKeptForDisplayOnly() {
        Exercise exercise = lesson.load().require("tiny").exercise();
        ExerciseItem item = exercise.item("p1-a");
        assertEquals("hungry", item.tokens().get(8));
        assertEquals(".", item.after().get(8));
        assertEquals("The fox chased the hen because it was hungry.", item.sentence());
    }

    @Test
    void aPhraseOfSeveralWordsIsOneChoiceAndQuotesStayOutsideIt() {
        for (int i = 0; i < 2; i++) {
            lesson.listOf(i, "tokens").set(2, "“ran after”");
        }
        ExerciseItem item = lesson.load().require("tiny").exercise().item("p1-a");
        assertEquals("ran after", item.tokens().get(2));
        assertEquals("“", item.before().get(2));
        assertEquals("”", item.after().get(2));
    }

    @Test
    void rejectsATokenOfPunctuationAlone() {
        lesson.listOf(0, "tokens").set(5, "—");
        lesson.listOf(1, "tokens").set(5, "—");
        assertProblem(lesson, EXERCISE, "items[0].tokens[5]", "has no word in it");
    }

    @Test
    void rejectsATokenWithDoubleSpaces() {
        lesson.listOf(0, "tokens").set(2, "ran  after");
        assertProblem(lesson, EXERCISE, "items[0].tokens[2]", "words joined by single spaces");
    }

    @Test
    void twinsThatDifferOnlyInPunctuationStillDifferThere() {
        lesson.listOf(1, "tokens").set(4, "hen,");
        assertProblem(lesson, EXERCISE, "items[0].cue", "the twins differ at [4, 8]");
    }

    @Test
    void rejectsAnIdThatNamesTheCueOrACandidate() {
        lesson.items.get(0).put("id", "p1-hungry");
        lesson.items.get(1).put("twin", "p1-hungry");
        assertProblem(lesson, EXERCISE, "items[0].id", "names 'hungry', a candidate or cue word");
    }

    @Test
    void rejectsAWarmUpThatIsNotAPair() {
        lesson.exerciseOverride = TinyLesson.yaml(java.util.Map.of("items", lesson.items, "warmups", List.of("p9")));
        assertProblem(lesson, EXERCISE, "warmups[0]", "'p9' is not a pair of this exercise");
    }

    @Test
    void rejectsRetiringSoManyPairsThatTooFewRemain() {
        lesson.exerciseOverride = TinyLesson.yaml(java.util.Map.of("items", lesson.items, "retired", List.of("p1")));
        assertProblem(lesson, EXERCISE, "retired", "leaves 5 pairs in use, at least 6");
    }
}
