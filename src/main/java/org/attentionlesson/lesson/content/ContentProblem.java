package org.attentionlesson.lesson.content;

/** One thing wrong with one content file: which file, where inside it, and what. */
public record ContentProblem(String file, String path, String message) {

    @Override
    public String toString() {
        return path.isEmpty() ? file + ": " + message : file + ": " + path + ": " + message;
    }
}
