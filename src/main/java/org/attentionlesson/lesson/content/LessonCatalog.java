package org.attentionlesson.lesson.content;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Every lesson that loaded, in lesson_number order. */
public record LessonCatalog(List<Lesson> lessons) {

    public LessonCatalog {
        lessons = lessons.stream()
                .sorted(Comparator.comparingInt(Lesson::lessonNumber))
                .toList();
    }

    public Optional<Lesson> find(String lessonId) {
        return lessons.stream().filter(l -> l.id().equals(lessonId)).findFirst();
    }

    public Lesson require(String lessonId) {
        return find(lessonId).orElseThrow(() -> new IllegalArgumentException("No lesson " + lessonId));
    }
}
