package org.attentionlesson.lesson.content;

import java.util.List;

/** The lesson's credits and reading: its source, what to watch next, what goes deeper, and neighbours. */
public record References(
        SourceCredit source, List<Reference> watchNext, List<Reference> goingDeeper, List<AdjacentLesson> adjacent) {

    public References {
        watchNext = List.copyOf(watchNext);
        goingDeeper = List.copyOf(goingDeeper);
        adjacent = List.copyOf(adjacent);
    }
}
