package org.attentionlesson.lesson.content;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads and validates {@code flashcards.yaml}. */
final class FlashcardFile {

    static final int MIN_CARDS = 10;

    private FlashcardFile() {}

    static Optional<List<Flashcard>> read(JsonNode root, Problems problems) {
        int before = problems.count();
        Optional<JsonNode> cards = problems.mapping(root, "").flatMap(r -> problems.list(r, "", "cards"));
        if (cards.isEmpty()) {
            return Optional.empty();
        }
        if (cards.get().size() < MIN_CARDS) {
            problems.add("cards", "has " + cards.get().size() + " cards, at least " + MIN_CARDS + " are needed");
        }
        List<Flashcard> result = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < cards.get().size(); i++) {
            String path = Problems.at("cards", i);
            Optional<JsonNode> card = problems.mapping(cards.get().get(i), path);
            if (card.isEmpty()) {
                continue;
            }
            Optional<String> id = problems.id(card.get(), path, "id");
            Optional<String> front = problems.text(card.get(), path, "front");
            Optional<String> back = problems.text(card.get(), path, "back");
            if (id.isPresent()) {
                Integer earlier = seen.putIfAbsent(id.get(), i);
                if (earlier != null) {
                    problems.add(path + ".id", "'" + id.get() + "' is already used by cards[" + earlier + "]");
                }
            }
            if (id.isPresent() && front.isPresent() && back.isPresent()) {
                result.add(new Flashcard(id.get(), front.get(), back.get()));
            }
        }
        return problems.count() == before ? Optional.of(result) : Optional.empty();
    }
}
