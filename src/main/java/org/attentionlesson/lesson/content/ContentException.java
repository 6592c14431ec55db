package org.attentionlesson.lesson.content;

import java.util.List;
import java.util.stream.Collectors;

/** Content failed validation; the message lists every problem found, one per line. */
public final class ContentException extends RuntimeException {

    private final List<ContentProblem> problems;

    public ContentException(List<ContentProblem> problems) {
        super(describe(problems));
        this.problems = List.copyOf(problems);
    }

    public List<ContentProblem> problems() {
        return problems;
    }

    private static String describe(List<ContentProblem> problems) {
        String noun = problems.size() == 1 ? "problem" : "problems";
        return "Lesson content is invalid (" + problems.size() + " " + noun + "):\n"
                + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n"));
    }
}
