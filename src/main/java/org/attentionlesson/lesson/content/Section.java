package org.attentionlesson.lesson.content;

/** One {@code ## } section of a lesson body: its anchor id, plain-text title, and HTML without the heading. */
public record Section(String id, String title, String html) {}
