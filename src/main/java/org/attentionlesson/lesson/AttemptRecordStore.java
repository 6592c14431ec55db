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

    private static final String SUMMARY =
            "a.id, a.learner_key, a.attempt_number, a.started_at, a.submitted_at, " + "a.score_given, a.score_maximum";
    private static final String LAST_ANSWER = ", CASE WHEN a.submitted_at IS NULL THEN (SELECT MAX(x.committed_at) "
            + "FROM exercise_answer x WHERE x.attempt_id = a.id) END";

    private final Database db;

    AttemptRecordStore(Database db) {
        this.db = db;
    }

    AttemptRecords.Summaries summaries(Access.Scope scope, String lessonId, boolean lastAnswers, int maxRows) {
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

    AttemptRecords.Started started(Access.Scope scope, String lessonId) {
        return db.withConnection(c -> {
            // Grouped, then counted: PostgreSQL hashes the groups, where COUNT(DISTINCT …) would sort the ids.
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*), COALESCE(SUM(o), 0) FROM (SELECT "
                    + "learner_key, MAX(CASE WHEN submitted_at IS NULL THEN 1 ELSE 0 END) AS o FROM exercise_attempt "
                    + "WHERE lesson_id = ? AND anonymous = FALSE" + scope.where("") + " GROUP BY learner_key) t")) {
                Sql.bind(ps, scope.args(new Object[] {lessonId}));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new AttemptRecords.Started(rs.getInt(1), rs.getInt(2));
                }
            }
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
                if (db.isPostgres()) {
                    // PostgreSQL reads a whole large link for a plain IN list (a sequential scan per batch); one
                    // lookup per learner in ix_attempt_learner instead: the learners as an array, each joined
                    // LATERAL to its attempts (OFFSET 0 keeps it a lookup).
                    try (PreparedStatement ps = c.prepareStatement("SELECT " + SUMMARY + LAST_ANSWER
                            + " FROM unnest(CAST(? AS VARCHAR[])) AS u(s) CROSS JOIN LATERAL (SELECT " + SUMMARY
                            + " FROM exercise_attempt a WHERE a.learner_key = u.s AND a.lesson_id = ? AND "
                            + "a.anonymous = FALSE" + scope.where("a") + " OFFSET 0) a")) {
                        Sql.bind(ps, scope.args(new Object[] {c.createArrayOf("varchar", batch.toArray()), lessonId}));
                        read(ps, true, out);
                    }
                    continue;
                }
                // H2: every column of ix_attempt_learner in one row IN list, none compared apart: only so does H2
                // look each learner up in that index instead of reading the whole link per batch.
                boolean link = scope.resourceLinkId() != null;
                String tuple = link ? "(?, ?, ?, ?)" : "(?, ?)";
                try (PreparedStatement ps = c.prepareStatement("SELECT " + SUMMARY + LAST_ANSWER
                        + " FROM exercise_attempt a WHERE "
                        + (link
                                ? "(a.registration_id, a.learner_key, a.resource_link_id, a.lesson_id)"
                                : "(a.registration_id, a.learner_key)")
                        + " IN (" + tuple
                        + (", " + tuple).repeat(batch.size() - 1) + ")" + (link ? "" : " AND a.lesson_id = ?")
                        + " AND a.anonymous = FALSE AND a.deployment_row_id = ? AND "
                        + (scope.contextId() == null ? "a.context_id IS NULL" : "a.context_id = ?"))) {
                    List<Object> values = new ArrayList<>(batch.size() * 4 + 3);
                    for (String key : batch) {
                        values.add(scope.registrationId());
                        values.add(key);
                        if (link) {
                            values.add(scope.resourceLinkId());
                            values.add(lessonId);
                        }
                    }
                    if (!link) {
                        values.add(lessonId);
                    }
                    values.add(scope.deploymentRowId());
                    if (scope.contextId() != null) {
                        values.add(scope.contextId());
                    }
                    Sql.bind(ps, values.toArray());
                    read(ps, true, out);
                }
            }
            return out;
        });
    }

    List<AttemptWork> work(Access.Scope scope, String lessonId, String learnerKey, int maxAttempts) {
        return db.withConnection(c -> {
            List<AttemptWork> out = new ArrayList<>();
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT id, attempt_number, lesson_id, item_ids, started_at, "
                            + "submitted_at, score_given, score_maximum FROM exercise_attempt WHERE learner_key = ? "
                            + (lessonId == null ? "" : "AND lesson_id = ? ") + "AND anonymous = FALSE" + scope.where("")
                            + " ORDER BY lesson_id, attempt_number")) {
                ps.setMaxRows(maxAttempts);
                Sql.bind(
                        ps,
                        scope.args(lessonId == null ? new Object[] {learnerKey} : new Object[] {learnerKey, lessonId}));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long id = rs.getLong(1);
                        out.add(new AttemptWork(
                                id,
                                rs.getInt(2),
                                rs.getString(3),
                                split(rs.getString(4)),
                                Sql.instant(rs.getTimestamp(5)),
                                Sql.instant(rs.getTimestamp(6)),
                                number(rs, 7),
                                number(rs, 8),
                                answers(c, id)));
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
                        out.add(new ClassAnswer(
                                rs.getLong(1),
                                rs.getString(2),
                                Sql.instant(rs.getTimestamp(3)),
                                new AnswerRecord(
                                        rs.getString(4),
                                        rs.getInt(5),
                                        rs.getInt(6),
                                        rs.getBoolean(7),
                                        rs.getBoolean(8),
                                        Sql.instant(rs.getTimestamp(9)))));
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
                    out.add(new AnswerRecord(
                            rs.getString(1),
                            rs.getInt(2),
                            rs.getInt(3),
                            rs.getBoolean(4),
                            rs.getBoolean(5),
                            Sql.instant(rs.getTimestamp(6))));
                }
            }
        }
        return out;
    }

    private static void read(PreparedStatement ps, boolean lastAnswers, List<AttemptSummary> out) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new AttemptSummary(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getInt(3),
                        Sql.instant(rs.getTimestamp(4)),
                        Sql.instant(rs.getTimestamp(5)),
                        number(rs, 6),
                        number(rs, 7),
                        lastAnswers ? Sql.instant(rs.getTimestamp(8)) : null));
            }
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
