package org.attentionlesson.lesson.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The project's own content/ folder, as shipped. */
class RealContentTest {

    static final String ATTRIBUTION =
            "© Alexander Amini and Ava Amini, MIT 6.S191: Introduction to Deep Learning, IntroToDeepLearning.com";

    static Lesson lesson;

    @BeforeAll
    static void load() {
        LessonCatalog catalog = new ContentLoader(new DirectoryContentSource(Path.of("content"))).load();
        lesson = catalog.require("attention-in-brief");
    }

    @Test
    void theContentFolderLoadsWithoutProblems() {
        LessonCatalog catalog = new ContentLoader(new DirectoryContentSource(Path.of("content"))).load();
        assertEquals(1, catalog.lessons().size());
    }

    @Test
    void theReferencesCarryTheSourceAttributionExactly() {
        assertEquals(ATTRIBUTION, lesson.references().source().attribution());
    }

    @Test
    void theFrontMatterDescribesLessonThreeOfTen() {
        assertEquals("Attention and transformers, in brief", lesson.title());
        assertEquals(3, lesson.lessonNumber());
        assertEquals(10, lesson.lessonCount());
        assertEquals(8, lesson.readMinutes());
        assertEquals(10, lesson.practiceMinutes());
        assertEquals(4, lesson.objectives().size());
    }

    @Test
    void everySectionHasOneInlinedFigureAndNoDirectiveIsLeft() {
        assertEquals(4, lesson.sections().size());
        for (Section section : lesson.sections()) {
            assertEquals(1, section.html().split("<figure class=\"lesson-figure\"><div class=\"figure-pan", -1).length - 1,
                    section.title());
        }
        assertFalse(lesson.bodyHtml().contains("::figure"));
    }

    @Test
    void theBodyIsAboutEightMinutesOfReading() {
        String text = lesson.sections().stream().map(Section::html).collect(Collectors.joining(" "))
                .replaceAll("(?s)<svg.*?</svg>", " ").replaceAll("(?s)<details class=\"figure-words\">.*?</details>", " ")
                .replaceAll("<[^>]+>", " ");
        int words = text.strip().split("\\s+").length;
        assertTrue(words >= 1300 && words <= 1700, "body has " + words + " words");
    }

    @Test
    void theExerciseHasAReserveBeyondSixPairs() {
        assertTrue(lesson.exercise().pairs().size() >= 10);
        assertTrue(lesson.exercise().items().size() >= 20);
    }

    @Test
    void atLeastThreePairsPutTheCueTenOrMoreTokensFromThePronoun() {
        long far = lesson.exercise().pairs().stream()
                .filter(p -> p.first().cue().stream().allMatch(c -> Math.abs(c - p.first().pronoun()) >= 10))
                .count();
        assertTrue(far >= 3, "only " + far + " long-distance pairs");
    }

    @Test
    void thePronounsVary() {
        Set<String> pronouns = lesson.exercise().items().stream()
                .map(i -> ExerciseFile.bare(i.pronounToken())).collect(Collectors.toSet());
        assertTrue(pronouns.containsAll(Set.of("it", "they", "she", "he")), pronouns.toString());
    }

    @Test
    void thereAreAtLeastTwelveFlashcards() {
        assertTrue(lesson.flashcards().size() >= 12);
    }

    @Test
    void theReferenceWeightsPutTheAnswerFirstTheCueNextAndTheOtherCandidateBelowTheCue() {
        for (ExerciseItem item : lesson.exercise().items()) {
            double answer = item.weights().get(item.answerCandidate().head());
            double cue = item.cue().stream().mapToDouble(item.weights()::get).max().orElseThrow();
            Candidate other = item.candidates().stream().filter(c -> !c.id().equals(item.answer())).findFirst()
                    .orElseThrow();
            double otherWeight = item.weights().get(other.head());
            assertTrue(answer > cue && cue > otherWeight, item.id());
        }
    }
}
