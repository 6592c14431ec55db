package org.attentionlesson.lesson.content;

import java.util.List;

/**
 * One lesson: its front matter, its rendered body, its exercise and its flashcards.
 * {@code bodyHtml} is the whole body (headings carry ids); {@code introHtml} is what precedes the first
 * section, and {@code sections} splits the rest by {@code ## } heading. HTML in the markdown is escaped;
 * the only markup injected is each figure's validated SVG, wrapped in {@code <figure class="lesson-figure">}.
 */
public record Lesson(
        String id,
        String title,
        int lessonNumber,
        int lessonCount,
        String phase,
        int readMinutes,
        int practiceMinutes,
        String difficulty,
        String whatYouLearn,
        String whereThisFits,
        List<String> beforeYouStart,
        String aboutTheMath,
        List<String> objectives,
        References references,
        String bodyHtml,
        String introHtml,
        List<Section> sections,
        Exercise exercise,
        List<Flashcard> flashcards) {

    public Lesson {
        beforeYouStart = List.copyOf(beforeYouStart);
        objectives = List.copyOf(objectives);
        sections = List.copyOf(sections);
        flashcards = List.copyOf(flashcards);
    }
}
