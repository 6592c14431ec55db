package org.attentionlesson.lesson.content;

/** A retrieval card: the front is a question to answer in your head, the back a short answer. */
public record Flashcard(String id, String front, String back) {}
