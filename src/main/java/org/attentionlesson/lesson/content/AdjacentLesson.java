package org.attentionlesson.lesson.content;

import java.util.Optional;

/** A neighbouring lesson in the course, by its number. */
public record AdjacentLesson(int lessonNumber, String title, Optional<String> note) {}
