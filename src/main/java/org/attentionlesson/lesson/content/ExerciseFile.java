package org.attentionlesson.lesson.content;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads and validates {@code exercise.yaml}: each item on its own, then each pair of twins together. */
final class ExerciseFile {

    static final int MIN_ITEMS = 12;
    static final int MIN_PAIRS = 6;
    static final double WEIGHT_TOLERANCE = 0.001;
    static final Set<String> PRONOUNS = Set.of("it", "its", "they", "them", "their", "she", "her", "he", "him", "his");

    /** A token as written: a word, or words joined by single spaces, with punctuation allowed at either end. */
    static final Pattern PHRASE = Pattern.compile("\\S+(?: \\S+)*");
    /**
     * Punctuation before the word (opening quotes, brackets), the word or phrase, punctuation after it (stops,
     * commas, closing quotes). Apostrophes and hyphens inside a word stay part of it.
     */
    static final Pattern PUNCTUATED =
            Pattern.compile("([\\p{Ps}\\p{Pi}\"'¿¡]*)(.*?)([\\p{Po}\\p{Pd}\\p{Pe}\\p{Pf}\"']*)", Pattern.DOTALL);

    private ExerciseFile() {}

    static Optional<Exercise> read(JsonNode root, Problems problems) {
        int before = problems.count();
        Optional<JsonNode> itemsNode = problems.mapping(root, "").flatMap(r -> problems.list(r, "", "items"));
        if (itemsNode.isEmpty()) {
            return Optional.empty();
        }
        JsonNode items = itemsNode.get();
        if (items.size() < MIN_ITEMS) {
            problems.add("items", "has " + items.size() + " items, at least " + MIN_ITEMS + " are needed");
        }

        List<ExerciseItem> valid = new ArrayList<>();
        Map<String, Integer> indexById = new HashMap<>();
        Set<String> pairIds = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            String path = Problems.at("items", i);
            JsonNode node = items.get(i);
            Optional<ExerciseItem> item = problems.mapping(node, path).flatMap(n -> item(n, path, problems));
            JsonNode idNode = node.get("id");
            if (idNode != null && idNode.isTextual()) {
                Integer earlier = indexById.putIfAbsent(idNode.asText(), i);
                if (earlier != null) {
                    problems.add(path + ".id", "'" + idNode.asText() + "' is already used by items[" + earlier + "]");
                    continue;
                }
            }
            JsonNode pairNode = node.get("pair");
            if (pairNode != null && pairNode.isTextual()) {
                pairIds.add(pairNode.asText());
            }
            item.ifPresent(valid::add);
        }
        if (pairIds.size() < MIN_PAIRS) {
            problems.add("items", "has " + pairIds.size() + " pairs, at least " + MIN_PAIRS + " are needed");
        }
        TwinChecks.checkTwins(valid, indexById, problems);
        Set<String> warmups = pairList(root, "warmups", pairIds, problems);
        Set<String> retired = pairList(root, "retired", pairIds, problems);
        Set<String> active = new HashSet<>(pairIds);
        active.removeAll(retired);
        if (active.size() < MIN_PAIRS) {
            problems.add("retired", "leaves " + active.size() + " pairs in use, at least " + MIN_PAIRS + " are needed");
        }
        if (!warmups.isEmpty() && active.stream().allMatch(warmups::contains)) {
            problems.add("warmups", "leaves no pair to weigh: some pairs must not be warm-ups");
        }
        TwinChecks.checkIds(valid, indexById, problems);
        return problems.count() == before ? Optional.of(new Exercise(valid, warmups, retired)) : Optional.empty();
    }

    /** An optional top-level list of pair ids ({@code warmups}, {@code retired}), each naming a pair of the file. */
    private static Set<String> pairList(JsonNode root, String key, Set<String> pairIds, Problems problems) {
        Set<String> result = new HashSet<>();
        JsonNode node = root.get(key);
        if (node == null || node.isNull()) {
            return result;
        }
        problems.textList(root, "", key).ifPresent(ids -> {
            for (int i = 0; i < ids.size(); i++) {
                if (!pairIds.contains(ids.get(i))) {
                    problems.add(Problems.at(key, i), "'" + ids.get(i) + "' is not a pair of this exercise");
                }
                result.add(ids.get(i));
            }
        });
        return result;
    }

    private static Optional<ExerciseItem> item(JsonNode node, String path, Problems problems) {
        int before = problems.count();
        Optional<String> id = problems.id(node, path, "id");
        Optional<String> pair = problems.id(node, path, "pair");
        Optional<String> twin = problems.id(node, path, "twin");
        if (id.isPresent() && twin.isPresent() && id.get().equals(twin.get())) {
            problems.add(path + ".twin", "an item cannot be its own twin");
        }

        Optional<List<String>> tokens = problems.textList(node, path, "tokens");
        if (tokens.isPresent()) {
            if (tokens.get().isEmpty()) {
                problems.add(path + ".tokens", "must not be empty");
                tokens = Optional.empty();
            } else {
                for (int t = 0; t < tokens.get().size(); t++) {
                    String token = tokens.get().get(t);
                    if (!PHRASE.matcher(token).matches()) {
                        problems.add(
                                Problems.at(path + ".tokens", t),
                                "a token is a word, or words joined by " + "single spaces (one choice), found '" + token
                                        + "'");
                    } else if (word(token).isEmpty()) {
                        problems.add(Problems.at(path + ".tokens", t), "'" + token + "' has no word in it");
                    }
                }
            }
        }
        int size = tokens.map(List::size).orElse(-1);

        Optional<Integer> pronoun = problems.integer(node, path, "pronoun");
        if (pronoun.isPresent() && size >= 0) {
            int p = pronoun.get();
            if (p < 0 || p >= size) {
                problems.add(path + ".pronoun", "index " + p + " is outside the tokens (0.." + (size - 1) + ")");
                pronoun = Optional.empty();
            } else if (!PRONOUNS.contains(bare(tokens.get().get(p)))) {
                problems.add(
                        path + ".pronoun", "token " + p + " '" + tokens.get().get(p) + "' is not a pronoun");
            }
        }

        List<Candidate> candidates = candidates(node, path, size, pronoun, problems);
        Optional<String> answer = problems.text(node, path, "answer");
        Optional<Candidate> answerCandidate = Optional.empty();
        if (answer.isPresent() && candidates.size() == 2) {
            answerCandidate =
                    candidates.stream().filter(c -> c.id().equals(answer.get())).findFirst();
            if (answerCandidate.isEmpty()) {
                problems.add(
                        path + ".answer",
                        "'" + answer.get() + "' is not one of the candidates "
                                + candidates.stream().map(Candidate::id).toList());
            }
        }

        Optional<List<Integer>> accepted = problems.integerList(node, path, "accepted");
        if (accepted.isPresent()) {
            if (accepted.get().isEmpty()) {
                problems.add(path + ".accepted", "must list at least one token index");
            } else if (answerCandidate.isPresent()) {
                Candidate a = answerCandidate.get();
                for (int index : accepted.get()) {
                    if (!a.covers(index)) {
                        problems.add(
                                path + ".accepted",
                                "index " + index + " is outside the answer's span [" + a.spanStart() + ", "
                                        + a.spanEnd() + "]");
                    }
                }
                if (!accepted.get().contains(a.head())) {
                    problems.add(path + ".accepted", "must include the answer's head word, index " + a.head());
                }
            }
        }

        Optional<List<Integer>> cue = problems.integerList(node, path, "cue");
        if (cue.isPresent()) {
            if (cue.get().isEmpty()) {
                problems.add(path + ".cue", "must list at least one token index");
            }
            if (new HashSet<>(cue.get()).size() != cue.get().size()) {
                problems.add(path + ".cue", "lists the same index twice");
            }
            for (int index : cue.get()) {
                if (size >= 0 && (index < 0 || index >= size)) {
                    problems.add(path + ".cue", "index " + index + " is outside the tokens (0.." + (size - 1) + ")");
                } else if (pronoun.isPresent() && index == pronoun.get()) {
                    problems.add(path + ".cue", "index " + index + " is the pronoun itself");
                }
            }
        }

        Optional<List<Double>> weights = weights(node, path, size, accepted, problems);
        Optional<String> explanation = problems.text(node, path, "explanation");
        Map<String, String> whyNot = whyNot(node, path, candidates, answer, problems);

        if (problems.count() > before) {
            return Optional.empty();
        }
        List<String> words = new ArrayList<>();
        List<String> opening = new ArrayList<>();
        List<String> closing = new ArrayList<>();
        for (String token : tokens.get()) {
            Matcher m = PUNCTUATED.matcher(token);
            m.matches();
            opening.add(m.group(1));
            words.add(m.group(2));
            closing.add(m.group(3));
        }
        return Optional.of(new ExerciseItem(
                id.get(),
                pair.get(),
                twin.get(),
                words,
                pronoun.get(),
                candidates,
                answer.get(),
                accepted.get(),
                cue.get(),
                weights.get(),
                explanation.get(),
                whyNot,
                opening,
                closing));
    }

    private static List<Candidate> candidates(
            JsonNode node, String path, int size, Optional<Integer> pronoun, Problems problems) {
        Optional<JsonNode> list = problems.list(node, path, "candidates");
        if (list.isEmpty()) {
            return List.of();
        }
        String listPath = path + ".candidates";
        if (list.get().size() != 2) {
            problems.add(
                    listPath,
                    "must have exactly two candidates, found " + list.get().size());
            return List.of();
        }
        List<Candidate> result = new ArrayList<>();
        for (int c = 0; c < 2; c++) {
            String cPath = Problems.at(listPath, c);
            Optional<JsonNode> cNode = problems.mapping(list.get().get(c), cPath);
            if (cNode.isEmpty()) {
                continue;
            }
            int before = problems.count();
            Optional<String> id = problems.id(cNode.get(), cPath, "id");
            Optional<String> label = problems.text(cNode.get(), cPath, "label");
            Optional<List<Integer>> span = problems.integerList(cNode.get(), cPath, "span");
            Optional<Integer> head = problems.integer(cNode.get(), cPath, "head");
            if (span.isPresent()) {
                List<Integer> s = span.get();
                if (s.size() != 2 || s.get(0) > s.get(1)) {
                    problems.add(cPath + ".span", "must be [first, last] token indices, found " + s);
                } else if (size >= 0 && (s.get(0) < 0 || s.get(1) >= size)) {
                    problems.add(cPath + ".span", s + " is outside the tokens (0.." + (size - 1) + ")");
                } else {
                    if (head.isPresent() && (head.get() < s.get(0) || head.get() > s.get(1))) {
                        problems.add(cPath + ".head", "index " + head.get() + " is outside the span " + s);
                    }
                    if (pronoun.isPresent() && pronoun.get() >= s.get(0) && pronoun.get() <= s.get(1)) {
                        problems.add(cPath + ".span", s + " overlaps the pronoun at index " + pronoun.get());
                    }
                }
            }
            if (problems.count() == before) {
                result.add(new Candidate(
                        id.get(), label.get(), span.get().get(0), span.get().get(1), head.get()));
            }
        }
        if (result.size() == 2) {
            Candidate a = result.get(0);
            Candidate b = result.get(1);
            if (a.id().equals(b.id())) {
                problems.add(listPath + "[1].id", "'" + b.id() + "' is already used by the other candidate");
            }
            if (a.spanStart() <= b.spanEnd() && b.spanStart() <= a.spanEnd()) {
                problems.add(listPath + "[1].span", "overlaps the other candidate's span");
            }
            return result;
        }
        return List.of();
    }

    private static Optional<List<Double>> weights(
            JsonNode node, String path, int size, Optional<List<Integer>> accepted, Problems problems) {
        Optional<JsonNode> list = problems.list(node, path, "weights");
        if (list.isEmpty()) {
            return Optional.empty();
        }
        String wPath = path + ".weights";
        List<Double> weights = new ArrayList<>();
        for (int i = 0; i < list.get().size(); i++) {
            JsonNode w = list.get().get(i);
            if (!w.isNumber()) {
                problems.add(Problems.at(wPath, i), "must be a number, found " + Problems.kind(w));
                return Optional.empty();
            }
            if (w.doubleValue() < 0) {
                problems.add(Problems.at(wPath, i), "must not be negative, found " + w.asText());
                return Optional.empty();
            }
            weights.add(w.doubleValue());
        }
        if (size >= 0 && weights.size() != size) {
            problems.add(wPath, "has " + weights.size() + " weights for " + size + " tokens");
            return Optional.empty();
        }
        double sum = weights.stream().mapToDouble(Double::doubleValue).sum();
        if (Math.abs(sum - 1.0) > WEIGHT_TOLERANCE) {
            problems.add(wPath, String.format(Locale.ROOT, "weights sum to %.3f, expected 1.000", sum));
        }
        if (accepted.isPresent() && !weights.isEmpty()) {
            double max = weights.stream().mapToDouble(Double::doubleValue).max().orElse(0);
            boolean onAccepted =
                    accepted.get().stream().anyMatch(i -> i >= 0 && i < weights.size() && weights.get(i) == max);
            if (!onAccepted) {
                int argmax = weights.indexOf(max);
                problems.add(
                        wPath,
                        "the largest weight is on token " + argmax + ", not on an accepted token " + accepted.get());
            }
        }
        return Optional.of(weights);
    }

    private static Map<String, String> whyNot(
            JsonNode node, String path, List<Candidate> candidates, Optional<String> answer, Problems problems) {
        JsonNode value = node.get("why_not");
        if (value == null || value.isNull()) {
            return Map.of();
        }
        String wPath = path + ".why_not";
        if (problems.mapping(value, wPath).isEmpty()) {
            return Map.of();
        }
        Map<String, String> result = new LinkedHashMap<>();
        value.properties().forEach(entry -> {
            String key = entry.getKey();
            boolean wrongCandidate = candidates.stream().anyMatch(c -> c.id().equals(key))
                    && answer.map(a -> !a.equals(key)).orElse(true);
            if (!candidates.isEmpty() && !wrongCandidate) {
                problems.add(wPath + "." + key, "must name a wrong candidate");
            }
            problems.text(entry.getValue(), wPath + "." + key).ifPresent(t -> result.put(key, t));
        });
        return result;
    }

    /** The choosable word of a token, without the punctuation around it. */
    static String word(String token) {
        Matcher m = PUNCTUATED.matcher(token);
        return m.matches() ? m.group(2) : token;
    }

    static String bare(String token) {
        return token.replaceAll("[^\\p{L}']", "").toLowerCase(Locale.ROOT);
    }
}
