package org.attentionlesson.lesson;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import org.attentionlesson.access.Access;
import org.attentionlesson.lesson.AttemptRecords.AnswerRecord;
import org.attentionlesson.lesson.AttemptRecords.AttemptSummary;
import org.attentionlesson.lesson.AttemptRecords.AttemptWork;
import org.attentionlesson.lesson.AttemptRecords.ClassAnswer;
import org.attentionlesson.store.Database;
import org.attentionlesson.store.Sql;

/** The SQL behind {@link AttemptRecords}: reads of exercise_attempt and exercise_answer, IN lists bounded. */
final class AttemptRecordStore {
    /** Learners per IN list. */
    static final int BATCH = 200;
    private static final String SUMMARY = "a.id, a.learner_key, a.attempt_number, a.started_at, a.submitted_at, "
            + "a.score_given, a.score_maximum";
    private static final String LAST_ANSWER = ", CASE WHEN a.submitted_at IS NULL THEN (SELECT MAX(x.committed_at) "
            + "FROM exercise_answer x WHERE x.attempt_id = a.id) END";

    private final Database db;

    AttemptRecordStore(Database db) {
        this.db = db;
    }

    AttemptRecords.Summaries summaries(Access.Scope scope, String lessonId, boolean lastAnswers,
            int maxRows) {
        return db.withConnection(c -> {
            List<AttemptSummary> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + SUMMARY + (lastAnswers ? LAST_ANSWER : "")
                    + " FROM exercise_attempt a WHERE a.lesson_id = ? AND a.anonymous = FALSE" + scope.where("a"))) {
                ps.setMaxRows(maxRows);
                Sql.bind(ps, scope.args(new Object[] {lessonId}));
                read(ps, lastAnswers, out);
            }
            return new AttemptRecords.Summaries(out, out.size() >= maxRows);
        });
    }

    List<AttemptSummary> summariesOf(Access.Scope scope, String lessonId, Collection<String> learnerKeys) {
        List<String> all = List.copyOf(new LinkedHashSet<>(learnerKeys));
        List<AttemptSummary> out = new ArrayList<>();
        if (all.isEmpty()) {
            return out;
        }
        return db.withConnection(c -> {
            for (int from = 0; from < all.size(); from += BATCH) {
                List<String> batch = all.subList(from, Math.min(all.size(), from + BATCH));
                // (registration_id, learner_key) IN (…) and no separate registration_id = ?: H2 then looks each
                // learner up in ix_attempt_learner instead of reading the whole link per batch.
                try (PreparedStatement ps = c.prepareStatement("SELECT " + SUMMARY + LAST_ANSWER
                        + " FROM exercise_attempt a WHERE (a.registration_id, a.learner_key) IN (" + "(?, ?)"
                        + ", (?, ?)".repeat(batch.size() - 1) + ") AND a.lesson_id = ? AND a.anonymous = FALSE"
                        + InRegistration.where(scope, "a"))) {
                    Object[] values = new Object[batch.size() * 2 + 1];
                    for (int i = 0; i < batch.size(); i++) {
                        values[2 * i] = scope.registrationId();
                        values[2 * i + 1] = batch.get(i);
                    }
                    values[values.length - 1] = lessonId;
                    Sql.bind(ps, InRegistration.args(scope, values));
                    read(ps, true, out);
                }
            }
            return out;
        });
    }

    List<AttemptWork> work(Access.Scope scope, String lessonId, String learnerKey, int maxAttempts) {
        return db.withConnection(c -> {
            List<AttemptWork> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, attempt_number, lesson_id, item_ids, started_at, "
                    + "submitted_at, score_given, score_maximum FROM exercise_attempt WHERE learner_key = ? "
                    + (lessonId == null ? "" : "AND lesson_id = ? ") + "AND anonymous = FALSE" + scope.where("")
                    + " ORDER BY lesson_id, attempt_number")) {
                ps.setMaxRows(maxAttempts);
                Sql.bind(ps, scope.args(lessonId == null ? new Object[] {learnerKey}
                        : new Object[] {learnerKey, lessonId}));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long id = rs.getLong(1);
                        out.add(new AttemptWork(id, rs.getInt(2), rs.getString(3), split(rs.getString(4)),
                                Sql.instant(rs.getTimestamp(5)), Sql.instant(rs.getTimestamp(6)), number(rs, 7),
                                number(rs, 8), answers(c, id)));
                    }
                }
            }
            return out;
        });
    }

    AttemptRecords.ClassAnswers classAnswers(Access.Scope scope, String lessonId, int maxRows) {
        return db.withConnection(c -> {
            List<ClassAnswer> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT a.id, a.learner_key, a.started_at, x.item_id, "
                    + "x.antecedent_index, x.cue_index, x.antecedent_correct, x.cue_correct, x.committed_at "
                    + "FROM exercise_answer x JOIN exercise_attempt a ON a.id = x.attempt_id WHERE a.lesson_id = ?"
                    + scope.where("a") + " ORDER BY a.id, x.committed_at")) {
                ps.setMaxRows(maxRows);
                Sql.bind(ps, scope.args(new Object[] {lessonId}));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new ClassAnswer(rs.getLong(1), rs.getString(2), Sql.instant(rs.getTimestamp(3)),
                                new AnswerRecord(rs.getString(4), rs.getInt(5), rs.getInt(6), rs.getBoolean(7),
                                        rs.getBoolean(8), Sql.instant(rs.getTimestamp(9)))));
                    }
                }
            }
            return new AttemptRecords.ClassAnswers(out, out.size() >= maxRows);
        });
    }

    private static List<AnswerRecord> answers(Connection c, long attemptId) throws SQLException {
        List<AnswerRecord> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT item_id, antecedent_index, cue_index, "
                + "antecedent_correct, cue_correct, committed_at FROM exercise_answer WHERE attempt_id = ? "
                + "ORDER BY committed_at")) {
            Sql.bind(ps, attemptId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new AnswerRecord(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getBoolean(4),
                            rs.getBoolean(5), Sql.instant(rs.getTimestamp(6))));
                }
            }
        }
        return out;
    }

    private static void read(PreparedStatement ps, boolean lastAnswers, List<AttemptSummary> out) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new AttemptSummary(rs.getLong(1), rs.getString(2), rs.getInt(3),
                        Sql.instant(rs.getTimestamp(4)), Sql.instant(rs.getTimestamp(5)), number(rs, 6), number(rs, 7),
                        lastAnswers ? Sql.instant(rs.getTimestamp(8)) : null));
            }
        }
    }

    /** A scope's conditions but the registration's, for queries that fix the registration in a row IN list. */
    static final class InRegistration {
        private InRegistration() {
        }

        static String where(Access.Scope scope, String alias) {
            String p = alias.isEmpty() ? "" : alias + ".";
            return " AND " + p + "deployment_row_id = ? AND "
                    + (scope.contextId() == null ? p + "context_id IS NULL" : p + "context_id = ?")
                    + (scope.resourceLinkId() == null ? "" : " AND " + p + "resource_link_id = ?");
        }

        static Object[] args(Access.Scope scope, Object[] before) {
            List<Object> all = new ArrayList<>(Arrays.asList(before));
            all.add(scope.deploymentRowId());
            if (scope.contextId() != null) {
                all.add(scope.contextId());
            }
            if (scope.resourceLinkId() != null) {
                all.add(scope.resourceLinkId());
            }
            return all.toArray();
        }
    }

    private static Double number(ResultSet rs, int column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    private static List<String> split(String s) {
        return s == null || s.isBlank() ? List.of() : Arrays.asList(s.split(","));
    }
}
