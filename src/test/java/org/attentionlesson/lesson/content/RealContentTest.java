package org.attentionlesson.lesson.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
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
            assertEquals(
                    1,
                    section.html().split("<figure class=\"lesson-figure\"><div class=\"figure-pan", -1).length - 1,
                    section.title());
        }
        assertFalse(lesson.bodyHtml().contains("::figure"));
    }

    @Test
    void theBodyIsAboutEightMinutesOfReading() {
        String text = lesson.sections().stream()
                .map(Section::html)
                .collect(Collectors.joining(" "))
                .replaceAll("(?s)<svg.*?</svg>", " ")
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
                .filter(p -> p.first().cue().stream()
                        .allMatch(c -> Math.abs(c - p.first().pronoun()) >= 10))
                .count();
        assertTrue(far >= 3, "only " + far + " long-distance pairs");
    }

    @Test
    void thePronounsVary() {
        Set<String> pronouns = lesson.exercise().items().stream()
                .map(i -> ExerciseFile.bare(i.pronounToken()))
                .collect(Collectors.toSet());
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
            double cue =
                    item.cue().stream().mapToDouble(item.weights()::get).max().orElseThrow();
            Candidate other = item.candidates().stream()
                    .filter(c -> !c.id().equals(item.answer()))
                    .findFirst()
                    .orElseThrow();
            double otherWeight = item.weights().get(other.head());
            assertTrue(answer > cue && cue > otherWeight, item.id());
        }
    }

    @Test
    void noChoosableWordCarriesPunctuation() {
        for (ExerciseItem item : lesson.exercise().items()) {
            for (String token : item.tokens()) {
                assertTrue(
                        token.matches(
                                "[\\p{L}\\p{N}]+(?:['’-][\\p{L}\\p{N}]+)*(?: [\\p{L}\\p{N}]+(?:['’-][\\p{L}\\p{N}]+)*)*"),
                        item.id() + " has the token '" + token + "'");
            }
        }
    }

    @Test
    void everyPairDiffersOnlyAtItsCuePositionsAndFlipsTheAnswer() {
        for (ItemPair pair : lesson.exercise().pairs()) {
            ExerciseItem a = pair.first();
            ExerciseItem b = pair.second();
            assertEquals(a.tokens().size(), b.tokens().size(), pair.id());
            java.util.Set<Integer> differ = new java.util.TreeSet<>();
            for (int i = 0; i < a.tokens().size(); i++) {
                if (!(a.before().get(i) + a.tokens().get(i) + a.after().get(i))
                        .equals(b.before().get(i)
                                + b.tokens().get(i)
                                + b.after().get(i))) {
                    differ.add(i);
                }
            }
            assertEquals(new java.util.TreeSet<>(a.cue()), differ, pair.id() + ": the twins differ outside the cue");
            assertEquals(new java.util.TreeSet<>(b.cue()), differ, pair.id());
            assertFalse(a.answer().equals(b.answer()), pair.id() + ": the cue must flip the answer");
        }
    }

    @Test
    void noIdThatReachesTheBrowserNamesACandidateOrACue() {
        for (ExerciseItem item : lesson.exercise().items()) {
            ExerciseItem twin = lesson.exercise().twinOf(item);
            for (ExerciseItem one : List.of(item, twin)) {
                for (int i : one.cue()) {
                    assertFalse(
                            item.id().toLowerCase().contains(one.tokens().get(i).toLowerCase()), item.id());
                }
                for (Candidate c : one.candidates()) {
                    assertFalse(
                            item.id().contains(c.id())
                                    || item.id()
                                            .contains(one.tokens().get(c.head()).toLowerCase()),
                            item.id() + " names the candidate " + c.id());
                }
            }
        }
    }

    @Test
    void theAmbiguousHospitalPairIsRetiredAndWarmUpsAreAFew() {
        Exercise exercise = lesson.exercise();
        assertTrue(exercise.retired().contains("visit"));
        long inUse = exercise.pairs().stream()
                .filter(p -> !exercise.retired().contains(p.id()))
                .count();
        assertTrue(exercise.warmups().size() * 3 <= inUse, "warm-ups are a few of " + inUse + " pairs");
    }

    @Test
    void everyFigureDrawsWithTheThemesColourOnly() throws Exception {
        try (var files = java.nio.file.Files.list(Path.of("content/lessons/attention-in-brief/figures"))) {
            for (Path svg : files.toList()) {
                String text = java.nio.file.Files.readString(svg);
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("(fill|stroke)=\"([^\"]*)\"")
                        .matcher(text);
                while (m.find()) {
                    assertTrue(m.group(2).equals("currentColor") || m.group(2).equals("none"), svg + ": " + m.group());
                }
            }
        }
    }
}
