package org.attentionlesson.lesson.content;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The exercise items of one lesson, in file order, and the pairs marked as warm-ups: pairs that one word's meaning
 * settles (a cat does not bark), shown first in an attempt before the pairs where both readings are natural, and
 * the retired pairs, kept so that attempts which showed them still display, never chosen again.
 */
public record Exercise(List<ExerciseItem> items, Set<String> warmups, Set<String> retired) {

    public Exercise {
        items = List.copyOf(items);
        warmups = Set.copyOf(warmups);
        retired = Set.copyOf(retired);
    }

    public Exercise(List<ExerciseItem> items) {
        this(items, Set.of(), Set.of());
    }

    /** The twin pairs, ordered by where their first member appears in the file. */
    public List<ItemPair> pairs() {
        Map<String, List<ExerciseItem>> byPair = new LinkedHashMap<>();
        for (ExerciseItem item : items) {
            byPair.computeIfAbsent(item.pair(), k -> new ArrayList<>()).add(item);
        }
        List<ItemPair> pairs = new ArrayList<>();
        byPair.forEach((id, members) -> {
            if (members.size() == 2) {
                pairs.add(new ItemPair(id, members.get(0), members.get(1)));
            }
        });
        return List.copyOf(pairs);
    }

    public Optional<ExerciseItem> find(String itemId) {
        return items.stream().filter(i -> i.id().equals(itemId)).findFirst();
    }

    public ExerciseItem item(String itemId) {
        return find(itemId).orElseThrow(() -> new IllegalArgumentException("No exercise item " + itemId));
    }

    public ExerciseItem twinOf(ExerciseItem item) {
        return item(item.twin());
    }
}
