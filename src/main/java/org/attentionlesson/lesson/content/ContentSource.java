package org.attentionlesson.lesson.content;

import java.util.List;
import java.util.Optional;

/**
 * Where content files come from: the {@code content/} folder on disk in tests, the WAR in production.
 * Paths are relative to the content root and use '/' (e.g. {@code lessons/attention-in-brief/lesson.md}).
 */
public interface ContentSource {

    /**
     * The names of the entries directly inside {@code dir}, relative to it; directories end with '/'.
     * Like {@code ServletContext.getResourcePaths}, but names only. Empty when the directory does not exist.
     */
    List<String> list(String dir);

    /** The file's text as UTF-8, or empty when there is no such file. */
    Optional<String> read(String path);
}
