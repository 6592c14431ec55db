package org.attentionlesson.lesson;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.attentionlesson.lesson.content.Flashcard;

/**
 * One learner's flashcard stack (one stack, due cards first). "Again" puts the card back a few cards later and
 * resets its recalls; "Knew it" puts it further back, and the second successful recall retires it.
 */
public final class FlashcardDeck {
    public static final int AGAIN_GAP = 3;
    public static final int KNEW_GAP = 6;
    public static final int RECALLS_TO_RETIRE = 2;

    /** The stored form: the queue (front first), recall counts, and retired cards. */
    public record State(List<String> queue, Map<String, Integer> recalls, List<String> retired) {}

    private final List<String> queue;
    private final Map<String, Integer> recalls;
    private final List<String> retired;

    private FlashcardDeck(List<String> queue, Map<String, Integer> recalls, List<String> retired) {
        this.queue = queue;
        this.recalls = recalls;
        this.retired = retired;
    }

    public static FlashcardDeck fresh(List<Flashcard> cards) {
        return new FlashcardDeck(
                new ArrayList<>(cards.stream().map(Flashcard::id).toList()), new LinkedHashMap<>(), new ArrayList<>());
    }

    /** Restores a stored deck, dropping cards the content no longer has and adding new ones at the end. */
    public static FlashcardDeck restore(State state, List<Flashcard> cards) {
        List<String> ids = cards.stream().map(Flashcard::id).toList();
        List<String> queue = new ArrayList<>(state.queue() == null ? List.of() : state.queue());
        List<String> retired = new ArrayList<>(state.retired() == null ? List.of() : state.retired());
        queue.retainAll(ids);
        retired.retainAll(ids);
        for (String id : ids) {
            if (!queue.contains(id) && !retired.contains(id)) {
                queue.add(id);
            }
        }
        Map<String, Integer> recalls = new LinkedHashMap<>(state.recalls() == null ? Map.of() : state.recalls());
        recalls.keySet().retainAll(ids);
        return new FlashcardDeck(queue, recalls, retired);
    }

    public State state() {
        return new State(List.copyOf(queue), Map.copyOf(recalls), List.copyOf(retired));
    }

    public Optional<String> current() {
        return queue.isEmpty() ? Optional.empty() : Optional.of(queue.get(0));
    }

    public void again() {
        String card = take();
        recalls.put(card, 0);
        queue.add(Math.min(AGAIN_GAP, queue.size()), card);
    }

    public void knewIt() {
        String card = take();
        int n = recalls.getOrDefault(card, 0) + 1;
        recalls.put(card, n);
        if (n >= RECALLS_TO_RETIRE) {
            retired.add(card);
        } else {
            queue.add(Math.min(KNEW_GAP, queue.size()), card);
        }
    }

    public int recalls(String cardId) {
        return recalls.getOrDefault(cardId, 0);
    }

    public int retiredCount() {
        return retired.size();
    }

    public int total() {
        return queue.size() + retired.size();
    }

    private String take() {
        if (queue.isEmpty()) {
            throw new IllegalStateException("Every card is retired");
        }
        return queue.remove(0);
    }
}
