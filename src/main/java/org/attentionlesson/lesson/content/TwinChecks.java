package org.attentionlesson.lesson.content;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The checks of {@code exercise.yaml} that look at several items at once: ids that would hint at an answer, and
 * each pair of twins (they name each other, differ exactly at their cue positions, keep pronoun and candidates,
 * and flip the answer). Items are checked one by one in {@link ExerciseFile} first.
 */
final class TwinChecks {
    private TwinChecks() {}

    /**
     * Item and pair ids travel to the browser before the item is answered, so they must not give the answer away:
     * no candidate's words and no cue word (of the item or its twin) may appear in them.
     */
    static void checkIds(List<ExerciseItem> items, Map<String, Integer> indexById, Problems problems) {
        Map<String, ExerciseItem> byId = new HashMap<>();
        items.forEach(i -> byId.put(i.id(), i));
        for (ExerciseItem item : items) {
            Set<String> telling = new HashSet<>();
            for (ExerciseItem one : new ExerciseItem[] {item, byId.get(item.twin())}) {
                if (one == null) {
                    continue;
                }
                one.cue()
                        .forEach(i -> telling.add(ExerciseFile.bare(one.tokens().get(i))));
                one.candidates().forEach(c -> {
                    telling.add(ExerciseFile.bare(one.tokens().get(c.head())));
                    telling.add(c.id().toLowerCase(Locale.ROOT));
                });
            }
            telling.remove("");
            for (String field : new String[] {"id", "pair"}) {
                String value = field.equals("id") ? item.id() : item.pair();
                for (String part : value.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
                    if (telling.contains(part)) {
                        problems.add(
                                Problems.at("items", indexById.get(item.id())) + "." + field,
                                "'" + value
                                        + "' names '" + part
                                        + "', a candidate or cue word: ids reach the browser before "
                                        + "the answer, so they must not hint at it");
                    }
                }
            }
        }
    }

    static void checkTwins(List<ExerciseItem> items, Map<String, Integer> indexById, Problems problems) {
        Map<String, ExerciseItem> byId = new HashMap<>();
        items.forEach(i -> byId.put(i.id(), i));
        Map<String, Integer> pairSizes = new HashMap<>();
        for (ExerciseItem item : items) {
            pairSizes.merge(item.pair(), 1, Integer::sum);
        }
        for (ExerciseItem item : items) {
            String path = Problems.at("items", indexById.get(item.id()));
            if (pairSizes.get(item.pair()) != 2) {
                problems.add(
                        path + ".pair",
                        "pair '" + item.pair() + "' must have exactly two items, found " + pairSizes.get(item.pair()));
            }
            if (!indexById.containsKey(item.twin())) {
                problems.add(path + ".twin", "no item has the id '" + item.twin() + "'");
                continue;
            }
            ExerciseItem twin = byId.get(item.twin());
            if (twin == null) {
                continue; // the twin has problems of its own, already reported
            }
            if (!twin.twin().equals(item.id())) {
                problems.add(
                        path + ".twin",
                        "'" + twin.id() + "' names '" + twin.twin() + "' as its twin, not '" + item.id() + "'");
                continue;
            }
            if (!twin.pair().equals(item.pair())) {
                problems.add(
                        path + ".pair", "'" + item.pair() + "' differs from its twin's pair '" + twin.pair() + "'");
            }
            // Report each pair's comparisons once, on the item that comes first in the file.
            if (indexById.get(item.id()) > indexById.get(twin.id())) {
                continue;
            }
            compareTwins(item, twin, path, problems);
        }
    }

    private static void compareTwins(ExerciseItem item, ExerciseItem twin, String path, Problems problems) {
        if (item.tokens().size() != twin.tokens().size()) {
            problems.add(
                    path + ".tokens",
                    "has " + item.tokens().size() + " tokens but its twin '" + twin.id() + "' has "
                            + twin.tokens().size());
            return;
        }
        Set<Integer> differ = new TreeSet<>();
        for (int t = 0; t < item.tokens().size(); t++) {
            if (!item.tokens().get(t).equals(twin.tokens().get(t))
                    || !item.before().get(t).equals(twin.before().get(t))
                    || !item.after().get(t).equals(twin.after().get(t))) {
                differ.add(t);
            }
        }
        if (!differ.equals(new TreeSet<>(item.cue()))) {
            problems.add(path + ".cue", "is " + new TreeSet<>(item.cue()) + " but the twins differ at " + differ);
        }
        if (!differ.equals(new TreeSet<>(twin.cue()))) {
            problems.add(
                    path + ".twin",
                    "the twin '" + twin.id() + "' has cue " + new TreeSet<>(twin.cue()) + " but the twins differ at "
                            + differ);
        }
        if (item.pronoun() != twin.pronoun()) {
            problems.add(path + ".pronoun", "is " + item.pronoun() + " but the twin's is " + twin.pronoun());
        }
        if (!item.candidates().equals(twin.candidates())) {
            problems.add(
                    path + ".candidates",
                    "must be the same words (ids, labels, spans, heads) as in the twin '" + twin.id() + "'");
        }
        if (item.answer().equals(twin.answer())) {
            problems.add(path + ".answer", "'" + item.answer() + "' is also the twin's answer; the cue must flip it");
        }
    }
}
