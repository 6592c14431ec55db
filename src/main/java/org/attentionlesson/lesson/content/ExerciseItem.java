package org.attentionlesson.lesson.content;

import java.util.List;
import java.util.Map;

/**
 * One sentence of the pronoun-attention exercise. Token indices are positions in {@link #tokens()}. A token is a
 * word or an intended multi-word phrase, one choice, with no punctuation: the punctuation written before and after
 * it is kept apart in {@link #before()} and {@link #after()}, for display only.
 * Weights are illustrative reference weights from the pronoun to every token, written by the authors.
 */
public record ExerciseItem(
        String id,
        String pair,
        String twin,
        List<String> tokens,
        int pronoun,
        List<Candidate> candidates,
        String answer,
        List<Integer> accepted,
        List<Integer> cue,
        List<Double> weights,
        String explanation,
        Map<String, String> whyNot,
        List<String> before,
        List<String> after) {

    /** An item whose tokens carry no punctuation. */
    public ExerciseItem(
            String id,
            String pair,
            String twin,
            List<String> tokens,
            int pronoun,
            List<Candidate> candidates,
            String answer,
            List<Integer> accepted,
            List<Integer> cue,
            List<Double> weights,
            String explanation,
            Map<String, String> whyNot) {
        this(
                id,
                pair,
                twin,
                tokens,
                pronoun,
                candidates,
                answer,
                accepted,
                cue,
                weights,
                explanation,
                whyNot,
                blanks(tokens.size()),
                blanks(tokens.size()));
    }

    public ExerciseItem {
        tokens = List.copyOf(tokens);
        candidates = List.copyOf(candidates);
        accepted = List.copyOf(accepted);
        cue = List.copyOf(cue);
        weights = List.copyOf(weights);
        whyNot = Map.copyOf(whyNot);
        before = List.copyOf(before);
        after = List.copyOf(after);
        if (before.size() != tokens.size() || after.size() != tokens.size()) {
            throw new IllegalArgumentException("Item " + id + ": punctuation lists must match the tokens");
        }
    }

    private static List<String> blanks(int n) {
        return java.util.Collections.nCopies(n, "");
    }

    /** The sentence as written, punctuation included. */
    public String sentence() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < tokens.size(); i++) {
            if (i > 0) {
                out.append(' ');
            }
            out.append(before.get(i)).append(tokens.get(i)).append(after.get(i));
        }
        return out.toString();
    }

    public String pronounToken() {
        return tokens.get(pronoun);
    }

    public Candidate answerCandidate() {
        return candidate(answer);
    }

    public Candidate candidate(String candidateId) {
        return candidates.stream()
                .filter(c -> c.id().equals(candidateId))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Item " + id + " has no candidate " + candidateId));
    }

    public boolean isAccepted(int tokenIndex) {
        return accepted.contains(tokenIndex);
    }

    public boolean isCue(int tokenIndex) {
        return cue.contains(tokenIndex);
    }
}
