package org.attentionlesson.lesson.content;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class ContentAssertions {

    private ContentAssertions() {}

    /** Loads the lesson expecting failure; asserts a problem line starts with "file: path" and has the words. */
    static ContentException assertProblem(TinyLesson lesson, String file, String path, String... words) {
        ContentException e = assertThrows(ContentException.class, lesson::load);
        String prefix = path.isEmpty() ? file + ": " : file + ": " + path + ": ";
        boolean found = e.problems().stream()
                .map(ContentProblem::toString)
                .anyMatch(line -> line.startsWith(prefix) && containsAll(line, words));
        assertTrue(
                found,
                () -> "expected a problem starting '" + prefix + "' mentioning " + String.join(", ", words)
                        + " but got:\n" + e.getMessage());
        assertTrue(e.getMessage().contains(prefix), "the exception message lists the problem");
        return e;
    }

    private static boolean containsAll(String line, String... words) {
        for (String word : words) {
            if (!line.contains(word)) {
                return false;
            }
        }
        return true;
    }
}
