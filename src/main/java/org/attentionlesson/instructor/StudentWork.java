package org.attentionlesson.instructor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.attentionlesson.access.Access;
import org.attentionlesson.lesson.AttemptRecords;
import org.attentionlesson.lesson.AttemptRecords.AnswerRecord;
import org.attentionlesson.lesson.content.Exercise;
import org.attentionlesson.lesson.content.ExerciseItem;
import org.attentionlesson.store.Database;

/**
 * One student's work at a resource link, for the class page's drill-down: each attempt, and in it each item by its
 * sentence with the word chosen, whether it was right, whether the cue was found, and the time taken (from the
 * attempt's start or the previous answer to this one). Items not answered yet are listed as such.
 */
public final class StudentWork {
    /** One item of an attempt; {@code chosen}, {@code cue} and {@code seconds} are null when not answered. */
    public record ItemRow(
            String itemId,
            String sentence,
            String pronoun,
            String chosen,
            boolean correct,
            String cue,
            boolean foundCue,
            Long seconds) {
        public boolean answered() {
            return chosen != null;
        }
    }

    /** One attempt; {@code scorePercent} only once submitted. */
    public record AttemptRow(
            int number, Instant startedAt, Instant submittedAt, Integer scorePercent, List<ItemRow> items) {}

    private final AttemptRecords records;

    public StudentWork(AttemptRecords records) {
        this.records = records;
    }

    public StudentWork(Database db) {
        this(new AttemptRecords(db));
    }

    public List<AttemptRow> attempts(Access.Scope scope, String lessonId, String subject, Exercise exercise) {
        List<AttemptRow> out = new ArrayList<>();
        for (AttemptRecords.AttemptWork w : records.work(scope, lessonId, subject, 1_000)) {
            Map<String, AnswerRecord> byItem = new LinkedHashMap<>();
            for (AnswerRecord a : w.answers()) { // in commit order
                byItem.put(a.itemId(), a);
            }
            double max = w.scoreMaximum() == null ? 0 : w.scoreMaximum();
            Integer pct = w.submittedAt() == null || max <= 0
                    ? null
                    : (int) Math.round(100 * (w.scoreGiven() == null ? 0 : w.scoreGiven()) / max);
            out.add(new AttemptRow(
                    w.number(),
                    w.startedAt(),
                    w.submittedAt(),
                    pct,
                    items(exercise, w.itemIds(), byItem, w.startedAt())));
        }
        return out;
    }

    private static List<ItemRow> items(
            Exercise exercise, List<String> planned, Map<String, AnswerRecord> answers, Instant started) {
        Map<String, Long> seconds = new LinkedHashMap<>();
        Instant previous = started;
        for (AnswerRecord a : answers.values()) { // in commit order
            if (previous != null && a.committedAt() != null) {
                seconds.put(
                        a.itemId(),
                        Math.max(0, Duration.between(previous, a.committedAt()).toSeconds()));
            }
            previous = a.committedAt();
        }
        List<String> order = new ArrayList<>(planned);
        answers.keySet().stream().filter(id -> !order.contains(id)).forEach(order::add);
        List<ItemRow> rows = new ArrayList<>();
        for (String id : order) {
            Optional<ExerciseItem> item = exercise.find(id);
            String sentence = item.map(ExerciseItem::sentence).orElse(id);
            String pronoun = item.map(ExerciseItem::pronounToken).orElse("");
            AnswerRecord a = answers.get(id);
            rows.add(
                    a == null
                            ? new ItemRow(id, sentence, pronoun, null, false, null, false, null)
                            : new ItemRow(
                                    id,
                                    sentence,
                                    pronoun,
                                    token(item, a.antecedentIndex()),
                                    a.antecedentCorrect(),
                                    token(item, a.cueIndex()),
                                    a.cueCorrect(),
                                    seconds.get(id)));
        }
        return rows;
    }

    private static String token(Optional<ExerciseItem> item, int index) {
        return item.filter(i -> index >= 0 && index < i.tokens().size())
                .map(i -> i.tokens().get(index))
                .orElse("#" + index);
    }
}
