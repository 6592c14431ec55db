package org.attentionlesson.lesson.content;

import java.util.List;
import java.util.Map;

/**
 * One sentence of the pronoun-attention exercise. Token indices are positions in {@link #tokens()}.
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
        Map<String, String> whyNot) {

    public ExerciseItem {
        tokens = List.copyOf(tokens);
        candidates = List.copyOf(candidates);
        accepted = List.copyOf(accepted);
        cue = List.copyOf(cue);
        weights = List.copyOf(weights);
        whyNot = Map.copyOf(whyNot);
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
