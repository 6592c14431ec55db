package org.attentionlesson.instructor;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.attentionlesson.access.Access;
import org.attentionlesson.lesson.content.Exercise;
import org.attentionlesson.lesson.content.ExerciseItem;
import org.attentionlesson.store.Database;
import org.attentionlesson.store.Sql;

/**
 * One student's work at a resource link, for the class page's drill-down: each attempt, and in it each item by its
 * sentence with the word chosen, whether it was right, whether the cue was found, and the time taken (from the
 * attempt's start or the previous answer to this one). Items not answered yet are listed as such.
 */
public final class StudentWork {
    /** One item of an attempt; {@code chosen}, {@code cue} and {@code seconds} are null when not answered. */
    public record ItemRow(String itemId, String sentence, String pronoun, String chosen, boolean correct, String cue,
            boolean foundCue, Long seconds) {
        public boolean answered() {
            return chosen != null;
        }
    }

    /** One attempt; {@code scorePercent} only once submitted. */
    public record AttemptRow(int number, Instant startedAt, Instant submittedAt, Integer scorePercent,
            List<ItemRow> items) {
    }

    private record Answer(String itemId, int antecedent, int cue, boolean correct, boolean foundCue, Instant at) {
    }

    private final Database db;

    public StudentWork(Database db) {
        this.db = db;
    }

    public List<AttemptRow> attempts(Access.Scope scope, String lessonId, String subject, Exercise exercise) {
        return db.withConnection(c -> {
            List<AttemptRow> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, attempt_number, item_ids, started_at, submitted_at, "
                    + "score_given, score_maximum FROM exercise_attempt WHERE learner_key = ? AND lesson_id = ? "
                    + "AND anonymous = FALSE" + scope.where("") + " ORDER BY attempt_number");
                    PreparedStatement answers = c.prepareStatement("SELECT item_id, antecedent_index, cue_index, "
                            + "antecedent_correct, cue_correct, committed_at FROM exercise_answer WHERE attempt_id = ? "
                            + "ORDER BY committed_at")) {
                ps.setMaxRows(1_000);
                Sql.bind(ps, scope.args(new Object[] {subject, lessonId}));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Map<String, Answer> byItem = new LinkedHashMap<>();
                        Sql.bind(answers, rs.getLong(1));
                        try (ResultSet a = answers.executeQuery()) {
                            while (a.next()) {
                                byItem.put(a.getString(1), new Answer(a.getString(1), a.getInt(2), a.getInt(3),
                                        a.getBoolean(4), a.getBoolean(5), Sql.instant(a.getTimestamp(6))));
                            }
                        }
                        Instant started = Sql.instant(rs.getTimestamp(4));
                        Instant submitted = Sql.instant(rs.getTimestamp(5));
                        double max = rs.getDouble(7);
                        Integer pct = submitted == null || max <= 0 ? null
                                : (int) Math.round(100 * rs.getDouble(6) / max);
                        out.add(new AttemptRow(rs.getInt(2), started, submitted, pct,
                                items(exercise, split(rs.getString(3)), byItem, started)));
                    }
                }
            }
            return out;
        });
    }

    private static List<ItemRow> items(Exercise exercise, List<String> planned, Map<String, Answer> answers,
            Instant started) {
        Map<String, Long> seconds = new LinkedHashMap<>();
        Instant previous = started;
        for (Answer a : answers.values()) { // in commit order
            if (previous != null && a.at() != null) {
                seconds.put(a.itemId(), Math.max(0, Duration.between(previous, a.at()).toSeconds()));
            }
            previous = a.at();
        }
        List<String> order = new ArrayList<>(planned);
        answers.keySet().stream().filter(id -> !order.contains(id)).forEach(order::add);
        List<ItemRow> rows = new ArrayList<>();
        for (String id : order) {
            Optional<ExerciseItem> item = exercise.find(id);
            String sentence = item.map(ExerciseItem::sentence).orElse(id);
            String pronoun = item.map(ExerciseItem::pronounToken).orElse("");
            Answer a = answers.get(id);
            rows.add(a == null ? new ItemRow(id, sentence, pronoun, null, false, null, false, null)
                    : new ItemRow(id, sentence, pronoun, token(item, a.antecedent()), a.correct(),
                            token(item, a.cue()), a.foundCue(), seconds.get(id)));
        }
        return rows;
    }

    private static String token(Optional<ExerciseItem> item, int index) {
        return item.filter(i -> index >= 0 && index < i.tokens().size()).map(i -> i.tokens().get(index))
                .orElse("#" + index);
    }

    private static List<String> split(String s) {
        return s == null || s.isBlank() ? List.of() : Arrays.asList(s.split(","));
    }
}
