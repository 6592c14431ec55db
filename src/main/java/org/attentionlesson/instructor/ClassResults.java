package org.attentionlesson.instructor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.attentionlesson.access.Access;
import org.attentionlesson.lesson.AttemptRecords;
import org.attentionlesson.lesson.content.Exercise;
import org.attentionlesson.lesson.content.ExerciseItem;
import org.attentionlesson.lesson.content.ItemPair;
import org.attentionlesson.lesson.content.Lesson;
import org.attentionlesson.store.Database;

/**
 * How the class did at one resource link's exercise (docs/exercise.md, "The instructor's view"): per committed item the share
 * right, the share that found the cue, the most chosen wrong word, pair consistency, the median time, and the class attention map (how often the class chose each
 * word as the antecedent and as the cue, beside the reference weights). Read-only; only the link's rows are read
 * (its registration, deployment and course: access.Access), and at most {@link #MAX_ROWS} of each kind.
 */
public final class ClassResults {
    /** Upper bound on the rows read per query, so one huge link cannot exhaust memory; the page says when it bites. */
    static final int MAX_ROWS = 50_000;

    /** One word of an item's sentence in the class attention map; shares are whole percentages of the answers. */
    public record WordRow(
            int index,
            String word,
            boolean pronoun,
            boolean answer,
            boolean cue,
            int antecedentCount,
            int antecedentPercent,
            int cueCount,
            int cuePercent,
            int weightPercent) {}

    /** One item somebody committed, with the class's numbers. */
    public record ItemRow(
            String itemId,
            int number,
            String sentence,
            String pronoun,
            int answers,
            int rightCount,
            int rightPercent,
            int cueCount,
            int cuePercent,
            String wrongWord,
            int wrongWordCount,
            int pairs,
            int pairsConsistent,
            Integer pairPercent,
            Long medianSeconds,
            List<WordRow> words) {}

    /** The items part of the page: per item numbers, and whether a bound cut the reading short. */
    public record Report(List<ItemRow> items, List<PairRow> pairs, boolean truncated) {}

    /**
     * One pair of twin items: of the attempts that answered both, how many got both antecedents right, only the
     * first, only the second, or neither. Only one right is the sign of guessing (docs/exercise.md, "Items: minimal pairs").
     */
    public record PairRow(
            String pairId,
            String firstId,
            String firstSentence,
            String secondId,
            String secondSentence,
            int attempts,
            int bothRight,
            int onlyFirst,
            int onlySecond,
            int neither,
            Integer bothPercent,
            Integer onlyOnePercent) {}

    private record Answer(
            long attemptId,
            String learnerKey,
            String itemId,
            int antecedent,
            int cue,
            boolean antecedentCorrect,
            boolean cueCorrect,
            Instant startedAt,
            Instant committedAt) {}

    private static final java.time.format.DateTimeFormatter WHEN = java.time.format.DateTimeFormatter.ofPattern(
                    "yyyy-MM-dd HH:mm 'UTC'")
            .withZone(java.time.ZoneOffset.UTC);

    private final AttemptRecords attempts;

    public ClassResults(AttemptRecords attempts) {
        this.attempts = attempts;
    }

    public ClassResults(Database db) {
        this(new AttemptRecords(db));
    }

    /** The report for {@code lesson} at the resource link; answers of {@code staff} are not the class's. */
    public Report forLink(Access.Scope scope, Lesson lesson, Set<String> staff) {
        AttemptRecords.ClassAnswers read = attempts.classAnswers(scope, lesson.id(), MAX_ROWS);
        List<Answer> answers = new ArrayList<>(read.answers().size());
        for (AttemptRecords.ClassAnswer a : read.answers()) {
            if (!staff.contains(a.learnerKey())) {
                AttemptRecords.AnswerRecord x = a.answer();
                answers.add(new Answer(
                        a.attemptId(),
                        a.learnerKey(),
                        x.itemId(),
                        x.antecedentIndex(),
                        x.cueIndex(),
                        x.antecedentCorrect(),
                        x.cueCorrect(),
                        a.attemptStartedAt(),
                        x.committedAt()));
            }
        }
        return new Report(items(lesson.exercise(), answers), pairs(lesson.exercise(), answers), read.truncated());
    }

    // ------------------------------------------------------------------ items

    /** The per-item numbers from the answers (ordered by attempt, then commit time), items in exercise order. */
    static List<ItemRow> items(Exercise exercise, List<Answer> answers) {
        Map<String, List<Answer>> byItem = new HashMap<>();
        Map<Long, Map<String, Answer>> byAttempt = new HashMap<>();
        Map<String, List<Long>> seconds = new HashMap<>();
        long lastAttempt = -1;
        Instant previous = null;
        for (Answer a : answers) {
            byItem.computeIfAbsent(a.itemId(), k -> new ArrayList<>()).add(a);
            byAttempt.computeIfAbsent(a.attemptId(), k -> new HashMap<>()).put(a.itemId(), a);
            if (a.attemptId() != lastAttempt) {
                lastAttempt = a.attemptId();
                previous = a.startedAt();
            }
            if (previous != null && a.committedAt() != null) {
                seconds.computeIfAbsent(a.itemId(), k -> new ArrayList<>())
                        .add(Math.max(
                                0, Duration.between(previous, a.committedAt()).toSeconds()));
            }
            previous = a.committedAt();
        }
        List<ItemRow> rows = new ArrayList<>();
        int number = 0;
        for (ExerciseItem item : exercise.items()) {
            number++;
            List<Answer> list = byItem.get(item.id());
            if (list == null || list.isEmpty()) {
                continue;
            }
            int n = list.size();
            int right = (int) list.stream().filter(Answer::antecedentCorrect).count();
            int cueRight = (int) list.stream().filter(Answer::cueCorrect).count();
            int[] antecedentCounts = new int[item.tokens().size()];
            int[] cueCounts = new int[item.tokens().size()];
            int[] wrongCounts = new int[item.tokens().size()];
            for (Answer a : list) {
                count(antecedentCounts, a.antecedent());
                count(cueCounts, a.cue());
                if (!a.antecedentCorrect()) {
                    count(wrongCounts, a.antecedent());
                }
            }
            int wrongIndex = -1;
            for (int i = 0; i < wrongCounts.length; i++) {
                if (wrongCounts[i] > 0 && (wrongIndex < 0 || wrongCounts[i] > wrongCounts[wrongIndex])) {
                    wrongIndex = i;
                }
            }
            // Pair consistency: of the attempts that committed both twins, how many got both antecedents right.
            int pairs = 0;
            int consistent = 0;
            for (Map<String, Answer> attempt : byAttempt.values()) {
                Answer mine = attempt.get(item.id());
                Answer twin = attempt.get(item.twin());
                if (mine != null && twin != null) {
                    pairs++;
                    if (mine.antecedentCorrect() && twin.antecedentCorrect()) {
                        consistent++;
                    }
                }
            }
            List<WordRow> words = new ArrayList<>();
            for (int i = 0; i < item.tokens().size(); i++) {
                double weight = i < item.weights().size() ? item.weights().get(i) : 0;
                words.add(new WordRow(
                        i,
                        item.tokens().get(i),
                        i == item.pronoun(),
                        item.isAccepted(i),
                        item.isCue(i),
                        antecedentCounts[i],
                        share(antecedentCounts[i], n),
                        cueCounts[i],
                        share(cueCounts[i], n),
                        (int) Math.round(weight * 100)));
            }
            rows.add(new ItemRow(
                    item.id(),
                    number,
                    item.sentence(),
                    item.pronounToken(),
                    n,
                    right,
                    share(right, n),
                    cueRight,
                    share(cueRight, n),
                    wrongIndex < 0 ? null : item.tokens().get(wrongIndex),
                    wrongIndex < 0 ? 0 : wrongCounts[wrongIndex],
                    pairs,
                    consistent,
                    pairs == 0 ? null : share(consistent, pairs),
                    median(seconds.getOrDefault(item.id(), List.of())),
                    List.copyOf(words)));
        }
        return rows;
    }

    /** The pair view: per twin pair, the attempts that answered both, by how many of the two they got right. */
    static List<PairRow> pairs(Exercise exercise, List<Answer> answers) {
        Map<Long, Map<String, Answer>> byAttempt = new HashMap<>();
        for (Answer a : answers) {
            byAttempt.computeIfAbsent(a.attemptId(), k -> new HashMap<>()).put(a.itemId(), a);
        }
        List<PairRow> rows = new ArrayList<>();
        for (ItemPair pair : exercise.pairs()) {
            int n = 0;
            int both = 0;
            int first = 0;
            int second = 0;
            for (Map<String, Answer> attempt : byAttempt.values()) {
                Answer a = attempt.get(pair.first().id());
                Answer b = attempt.get(pair.second().id());
                if (a == null || b == null) {
                    continue;
                }
                n++;
                if (a.antecedentCorrect() && b.antecedentCorrect()) {
                    both++;
                } else if (a.antecedentCorrect()) {
                    first++;
                } else if (b.antecedentCorrect()) {
                    second++;
                }
            }
            rows.add(new PairRow(
                    pair.id(),
                    pair.first().id(),
                    pair.first().sentence(),
                    pair.second().id(),
                    pair.second().sentence(),
                    n,
                    both,
                    first,
                    second,
                    n - both - first - second,
                    n == 0 ? null : share(both, n),
                    n == 0 ? null : share(first + second, n)));
        }
        return rows;
    }

    private static void count(int[] counts, int index) {
        if (index >= 0 && index < counts.length) {
            counts[index]++;
        }
    }

    static int share(int part, int whole) {
        return whole == 0 ? 0 : (int) Math.round(100.0 * part / whole);
    }

    static Long median(List<Long> values) {
        if (values.isEmpty()) {
            return null;
        }
        List<Long> sorted = values.stream().sorted().toList();
        int mid = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(mid) : Math.round((sorted.get(mid - 1) + sorted.get(mid)) / 2.0);
    }
}
