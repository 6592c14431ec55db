package org.attentionlesson.lesson.scoring;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.attentionlesson.lesson.content.Exercise;
import org.attentionlesson.lesson.content.ItemPair;

/** Chooses which pairs an attempt shows and in what order. */
public final class AttemptPlanner {

    /** Four pairs (eight items): what fits the practice's ten minutes with the flashcards (docs/timing.md). */
    public static final int DEFAULT_PAIRS_PER_ATTEMPT = 4;
    /** One warm-up pair per this many pairs in an attempt. */
    static final int WARMUP_EVERY = 4;

    private AttemptPlanner() {}

    /**
     * Plans an attempt of {@code pairsPerAttempt} pairs (or all pairs, if the exercise has fewer).
     * Pairs the student has not seen come first, chosen at random; if there are not enough, the rest are
     * taken from {@code pairsSeen} in its iteration order, which callers give oldest first (a
     * {@link java.util.LinkedHashSet} in the order the pairs were seen). The first member of every pair is
     * shown first, then the second members in a shuffled order that differs from the first half when it
     * can, and no item is ever directly followed by its twin.
     */
    public static AttemptPlan plan(
            Exercise exercise, Set<String> pairsSeen, RandomGenerator random, int pairsPerAttempt) {
        if (pairsPerAttempt < 1) {
            throw new IllegalArgumentException("pairsPerAttempt must be at least 1, was " + pairsPerAttempt);
        }
        Map<String, ItemPair> pairs = new LinkedHashMap<>();
        exercise.pairs().stream()
                .filter(p -> !exercise.retired().contains(p.id()))
                .forEach(p -> pairs.put(p.id(), p));
        int wanted = Math.min(pairsPerAttempt, pairs.size());

        // Unseen pairs first, as always; among them, a few warm-ups (one per four pairs, when the exercise marks any)
        // are taken first and open the attempt, before the pairs where both readings are natural.
        Set<String> warm = exercise.warmups();
        int wantedWarm = warm.isEmpty() || wanted < 3 ? 0 : Math.max(1, wanted / WARMUP_EVERY);
        List<String> unseenWarm = new ArrayList<>();
        List<String> unseenRest = new ArrayList<>();
        for (String id : pairs.keySet()) {
            if (!pairsSeen.contains(id)) {
                (warm.contains(id) ? unseenWarm : unseenRest).add(id);
            }
        }
        shuffle(unseenWarm, random);
        shuffle(unseenRest, random);
        List<String> chosen = new ArrayList<>(unseenWarm.subList(0, Math.min(wantedWarm, unseenWarm.size())));
        List<String> fill = new ArrayList<>(unseenRest);
        fill.addAll(unseenWarm.subList(chosen.size(), unseenWarm.size()));
        fill.addAll(pairsSeen.stream().filter(pairs::containsKey).toList());
        for (String id : fill) {
            if (chosen.size() == wanted) {
                break;
            }
            if (!chosen.contains(id)) {
                chosen.add(id);
            }
        }
        shuffle(chosen, random);
        chosen.sort(java.util.Comparator.comparing(id -> !warm.contains(id)));

        List<String> secondOrder = secondHalfOrder(chosen, random);
        List<String> items = new ArrayList<>();
        chosen.forEach(id -> items.add(pairs.get(id).first().id()));
        secondOrder.forEach(id -> items.add(pairs.get(id).second().id()));
        return new AttemptPlan(chosen, items);
    }

    /** A shuffled order of the pairs whose first element is not the pair that ends the first half. */
    private static List<String> secondHalfOrder(List<String> firstOrder, RandomGenerator random) {
        int n = firstOrder.size();
        if (n <= 2) {
            // With one pair the twins must touch; with two, only the same order keeps them apart.
            return firstOrder;
        }
        List<String> order = new ArrayList<>(firstOrder);
        shuffle(order, random);
        boolean twinAtSeam = order.get(0).equals(firstOrder.get(n - 1));
        if (twinAtSeam || order.equals(firstOrder)) {
            // Rotating by one always differs from the first order and starts with its second pair.
            order = new ArrayList<>(firstOrder.subList(1, n));
            order.add(firstOrder.get(0));
        }
        return order;
    }

    private static void shuffle(List<String> list, RandomGenerator random) {
        for (int i = list.size() - 1; i > 0; i--) {
            Collections.swap(list, i, random.nextInt(i + 1));
        }
    }
}
