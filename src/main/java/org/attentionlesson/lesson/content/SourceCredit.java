package org.attentionlesson.lesson.content;

import java.util.List;

/** The curriculum a lesson follows, with the attribution its licence asks for. */
public record SourceCredit(
        String title,
        String lecture,
        List<String> authors,
        String courseUrl,
        String codeUrl,
        String license,
        String attribution,
        String note) {

    public SourceCredit {
        authors = List.copyOf(authors);
    }
}
