package org.attentionlesson.lesson.content;

/** Two twin items; {@code first} is the one that comes first in the exercise file. */
public record ItemPair(String id, ExerciseItem first, ExerciseItem second) {}
