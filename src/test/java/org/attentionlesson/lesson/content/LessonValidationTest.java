package org.attentionlesson.lesson.content;

import static org.attentionlesson.lesson.content.ContentAssertions.assertProblem;
import static org.attentionlesson.lesson.content.TinyLesson.FLASHCARDS;
import static org.attentionlesson.lesson.content.TinyLesson.LESSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LessonValidationTest {

    private final TinyLesson lesson = new TinyLesson();

    @Test
    void rendersTheBodyWithSectionsAndTheFigureInlined() {
        Lesson loaded = lesson.load().require("tiny");
        assertEquals(
                List.of("first-idea", "second-idea"),
                loaded.sections().stream().map(Section::id).toList());
        assertTrue(loaded.sections().get(0).html().contains("<figure class=\"lesson-figure\"><div class=\"figure-pan"));
        assertTrue(loaded.bodyHtml().contains("<h2 id=\"first-idea\">First idea</h2>"));
        assertEquals("<p>An opening paragraph.</p>\n", loaded.introHtml());
        assertEquals(TinyLesson.ATTRIBUTION, loaded.references().source().attribution());
    }

    @Test
    void rejectsAMissingTitle() {
        lesson.front.remove("title");
        assertProblem(lesson, LESSON, "title", "is required");
    }

    @Test
    void rejectsReadMinutesThatAreNotPositive() {
        lesson.front.put("read_minutes", 0);
        assertProblem(lesson, LESSON, "read_minutes", "positive whole number");
    }

    @Test
    void rejectsPracticeMinutesGivenAsText() {
        lesson.front.put("practice_minutes", "ten");
        assertProblem(lesson, LESSON, "practice_minutes", "must be a whole number");
    }

    @Test
    void rejectsEmptyObjectives() {
        lesson.front.put("objectives", List.of());
        assertProblem(lesson, LESSON, "objectives", "at least one objective");
    }

    @Test
    void rejectsAMissingAttribution() {
        lesson.source.remove("attribution");
        assertProblem(lesson, LESSON, "references.source.attribution", "is required");
    }

    @Test
    void rejectsAReferenceUrlThatIsNotHttps() {
        lesson.source.put("course_url", "introtodeeplearning.com");
        assertProblem(lesson, LESSON, "references.source.course_url", "https://");
    }

    @Test
    void rejectsAnIdThatDiffersFromTheFolder() {
        lesson.front.put("id", "other");
        assertProblem(lesson, LESSON, "id", "must match the lesson's folder name 'tiny'");
    }

    @Test
    void rejectsALessonWithoutFrontMatter() {
        lesson.extraFiles.put("lessons/tiny/lesson.md", "# Just markdown\n");
        assertProblem(lesson, LESSON, "", "must start with YAML front matter");
    }

    @Test
    void rejectsRawHtmlInTheMarkdown() {
        lesson.body = "Intro.\n\n## Part\n\n<div>raw</div>\n\nAnd <b>inline</b>.\n";
        assertProblem(lesson, LESSON, "body", "raw HTML is not allowed");
    }

    @Test
    void rejectsAFigureWithNoFile() {
        lesson.body = lesson.body.replace("::figure dot", "::figure missing");
        assertProblem(lesson, LESSON, "body", "'::figure missing' has no file figures/missing.svg");
    }

    @Test
    void rejectsAFigureDirectiveGluedToAParagraph() {
        lesson.body = lesson.body.replace("\n\n::figure dot", "\n::figure dot");
        assertProblem(lesson, LESSON, "body", "must stand alone");
    }

    @Test
    void discoversASecondLessonByItsFolderAndOrdersByLessonNumber() {
        TinyLesson second = new TinyLesson();
        lesson.front.put("lesson_number", 2);
        second.front.put("id", "another");
        Map<String, String> files = new java.util.HashMap<>(lesson.files());
        second.files().forEach((path, text) -> files.put(path.replace("lessons/tiny/", "lessons/another/"), text));
        LessonCatalog catalog = new ContentLoader(new MapContentSource(files)).load();
        assertEquals(
                List.of("another", "tiny"),
                catalog.lessons().stream().map(Lesson::id).toList());
        assertFalse(catalog.find("missing").isPresent());
    }

    @Test
    void rejectsTooFewFlashcards() {
        lesson.cards.subList(9, 10).clear();
        assertProblem(lesson, FLASHCARDS, "cards", "has 9 cards, at least 10");
    }

    @Test
    void rejectsDuplicateFlashcardIds() {
        lesson.cards.get(4).put("id", "card-1");
        assertProblem(lesson, FLASHCARDS, "cards[4].id", "already used by cards[0]");
    }

    @Test
    void rejectsAFlashcardWithAnEmptyBack() {
        lesson.cards.get(2).put("back", " ");
        assertProblem(lesson, FLASHCARDS, "cards[2].back", "must not be empty");
    }

    @Test
    void rejectsAMissingFlashcardsFile() {
        lesson.extraFiles.put("lessons/tiny/flashcards.yaml", null);
        assertProblem(lesson, FLASHCARDS, "", "file is missing");
    }
}
