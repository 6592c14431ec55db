package org.attentionlesson.lesson.content;

/** A noun phrase the pronoun might refer to: tokens {@code spanStart..spanEnd} (inclusive), with a head word. */
public record Candidate(String id, String label, int spanStart, int spanEnd, int head) {

    public boolean covers(int tokenIndex) {
        return tokenIndex >= spanStart && tokenIndex <= spanEnd;
    }
}
