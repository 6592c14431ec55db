package org.attentionlesson.lesson;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.attentionlesson.lesson.scoring.ItemScore;
import org.attentionlesson.store.Database;
import org.attentionlesson.store.ReadCache;
import org.attentionlesson.store.Sql;

/**
 * JDBC for {@code exercise_attempt} and {@code exercise_answer} (V2 migration). A learner's attempts are numbered per
 * deployment: the same link id in two deployments is two activities (LTI Core 1.3 §5.3.5).
 */
public final class AttemptStore {
    private static final String COLUMNS = "id, registration_id, learner_key, anonymous, resource_link_id, lesson_id, "
            + "attempt_number, pair_ids, item_ids, started_at, submitted_at, score_given, score_maximum, deployment_row_id, "
            + "context_id";
    private static final String SAME_DEPLOYMENT = " AND deployment_row_id = ?";
    private static final String NO_DEPLOYMENT = " AND deployment_row_id IS NULL";

    private final Database db;
    /** How many learners started at each scope lately, as the class page counts them (see {@link #records}). */
    private final ReadCache<AttemptRecords.StartedKey, AttemptRecords.Started> counts;

    public AttemptStore(Database db) {
        this(db, Duration.ZERO);
    }

    /**
     * @param summaryLifetime how long this node reuses a scope's count of learners who started
     *     ({@link AttemptRecords#started}); its own attempts clear it at once, other nodes' show when it ages out
     */
    public AttemptStore(Database db, Duration summaryLifetime) {
        this.db = db;
        this.counts = new ReadCache<>(summaryLifetime, 256);
    }

    /** The attempts' read side, sharing this node's memory of the counts per scope. */
    public AttemptRecords records() {
        return new AttemptRecords(db, counts);
    }

    /**
     * An attempt in the registration's context was started or submitted, and its transaction has committed: counts
     * this node remembers there are read again.
     */
    public void committed(long registrationId, String contextId) {
        counts.changed(AttemptRecords.group(registrationId, contextId));
    }

    public Database db() {
        return db;
    }

    /** The learner's latest attempt at the lesson in the deployment ({@code null}: unknown), submitted or not. */
    public Optional<Attempt> latest(Connection c, Learner learner, Long deploymentRowId, String lessonId)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM exercise_attempt "
                + "WHERE registration_id = ? AND learner_key = ? AND resource_link_id = ? AND lesson_id = ?"
                + (deploymentRowId == null ? NO_DEPLOYMENT : SAME_DEPLOYMENT)
                + " ORDER BY attempt_number DESC FETCH FIRST 1 ROWS ONLY")) {
            Sql.bind(
                    ps,
                    args(deploymentRowId, learner.registrationId(), learner.key(), learner.resourceLinkId(), lessonId));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(attempt(rs)) : Optional.empty();
            }
        }
    }

    /** Reads an attempt; {@code forUpdate} locks its row until the transaction ends. */
    public Optional<Attempt> find(Connection c, long attemptId, boolean forUpdate) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM exercise_attempt WHERE id = ?" + (forUpdate ? " FOR UPDATE" : ""))) {
            Sql.bind(ps, attemptId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(attempt(rs)) : Optional.empty();
            }
        }
    }

    /** The pairs of every earlier attempt, oldest first (what the planner calls "seen"). */
    public Set<String> pairsSeen(Connection c, Learner learner, Long deploymentRowId, String lessonId)
            throws SQLException {
        Set<String> seen = new LinkedHashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT pair_ids FROM exercise_attempt "
                + "WHERE registration_id = ? AND learner_key = ? AND resource_link_id = ? AND lesson_id = ?"
                + (deploymentRowId == null ? NO_DEPLOYMENT : SAME_DEPLOYMENT) + " ORDER BY attempt_number")) {
            Sql.bind(
                    ps,
                    args(deploymentRowId, learner.registrationId(), learner.key(), learner.resourceLinkId(), lessonId));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    seen.addAll(split(rs.getString(1)));
                }
            }
        }
        return seen;
    }

    /** The deployment and course come from the launch (lti): instructor views are scoped by them (access.Access). */
    public Attempt insert(
            Connection c,
            Learner learner,
            Long deploymentRowId,
            String contextId,
            String lessonId,
            int number,
            List<String> pairIds,
            List<String> itemIds,
            Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO exercise_attempt (registration_id, learner_key, "
                        + "anonymous, resource_link_id, lesson_id, attempt_number, launch_id, pair_ids, item_ids, started_at, "
                        + "deployment_row_id, context_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                new String[] {"id"})) {
            Sql.bind(
                    ps,
                    learner.registrationId(),
                    learner.key(),
                    learner.anonymous(),
                    learner.resourceLinkId(),
                    lessonId,
                    number,
                    learner.launchId(),
                    String.join(",", pairIds),
                    String.join(",", itemIds),
                    now,
                    deploymentRowId,
                    contextId);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return new Attempt(
                        keys.getLong(1),
                        learner.registrationId(),
                        learner.key(),
                        learner.anonymous(),
                        learner.resourceLinkId(),
                        lessonId,
                        number,
                        pairIds,
                        itemIds,
                        now,
                        null,
                        null,
                        null,
                        deploymentRowId,
                        contextId);
            }
        }
    }

    /** Committed answers in commit order, by item id. */
    public Map<String, CommittedAnswer> answers(Connection c, long attemptId) throws SQLException {
        Map<String, CommittedAnswer> answers = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT item_id, antecedent_index, cue_index, "
                + "antecedent_correct, cue_correct, committed_at FROM exercise_answer WHERE attempt_id = ? "
                + "ORDER BY committed_at, item_id")) {
            Sql.bind(ps, attemptId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ItemScore score = new ItemScore(
                            rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getBoolean(4), rs.getBoolean(5));
                    answers.put(score.itemId(), new CommittedAnswer(attemptId, score, Sql.instant(rs.getTimestamp(6))));
                }
            }
        }
        return answers;
    }

    public void insertAnswer(Connection c, long attemptId, ItemScore score, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO exercise_answer (attempt_id, item_id, "
                + "antecedent_index, cue_index, antecedent_correct, cue_correct, points, committed_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            Sql.bind(
                    ps,
                    attemptId,
                    score.itemId(),
                    score.antecedentIndex(),
                    score.cueIndex(),
                    score.antecedentCorrect(),
                    score.cueCorrect(),
                    score.points(),
                    now);
            ps.executeUpdate();
        }
    }

    /** Marks the attempt submitted with its score; false when it already was. */
    public boolean markSubmitted(Connection c, long attemptId, double scoreGiven, double scoreMaximum, Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE exercise_attempt SET submitted_at = ?, score_given = ?, "
                + "score_maximum = ? WHERE id = ? AND submitted_at IS NULL")) {
            Sql.bind(ps, now, scoreGiven, scoreMaximum, attemptId);
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * The submitted, non-anonymous attempts at a link in one deployment, by learner and attempt number (what a grade
     * policy is computed from); at most {@code maxRows}.
     */
    public List<AttemptScores.Submitted> submitted(
            Connection c, long registrationId, long deploymentRowId, String resourceLinkId, int maxRows)
            throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT learner_key, attempt_number, score_given, score_maximum, "
                        + "submitted_at FROM exercise_attempt WHERE registration_id = ? AND deployment_row_id = ? "
                        + "AND resource_link_id = ? AND anonymous = FALSE AND submitted_at IS NOT NULL AND score_maximum > 0 "
                        + "ORDER BY learner_key, attempt_number")) {
            ps.setMaxRows(maxRows);
            Sql.bind(ps, registrationId, deploymentRowId, resourceLinkId);
            return submittedRows(ps);
        }
    }

    /** One learner's submitted attempts at a link in a deployment ({@code null}: unknown), oldest first. */
    public List<AttemptScores.Submitted> submittedBy(
            Connection c, long registrationId, Long deploymentRowId, String learnerKey, String resourceLinkId)
            throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT learner_key, attempt_number, score_given, score_maximum, "
                        + "submitted_at FROM exercise_attempt WHERE registration_id = ? AND learner_key = ? "
                        + "AND resource_link_id = ? AND anonymous = FALSE AND submitted_at IS NOT NULL"
                        + (deploymentRowId == null ? NO_DEPLOYMENT : SAME_DEPLOYMENT) + " ORDER BY attempt_number")) {
            Sql.bind(ps, args(deploymentRowId, registrationId, learnerKey, resourceLinkId));
            return submittedRows(ps);
        }
    }

    private static List<AttemptScores.Submitted> submittedRows(PreparedStatement ps) throws SQLException {
        List<AttemptScores.Submitted> out = new java.util.ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new AttemptScores.Submitted(
                        rs.getString(1),
                        rs.getInt(2),
                        rs.getDouble(3),
                        rs.getDouble(4),
                        Sql.instant(rs.getTimestamp(5))));
            }
        }
        return out;
    }

    private static Object[] args(Long deploymentRowId, Object... before) {
        if (deploymentRowId == null) {
            return before;
        }
        Object[] out = Arrays.copyOf(before, before.length + 1);
        out[before.length] = deploymentRowId;
        return out;
    }

    private static Attempt attempt(ResultSet rs) throws SQLException {
        double given = rs.getDouble(12);
        Double scoreGiven = rs.wasNull() ? null : given;
        double max = rs.getDouble(13);
        Double scoreMax = rs.wasNull() ? null : max;
        return new Attempt(
                rs.getLong(1),
                rs.getLong(2),
                rs.getString(3),
                rs.getBoolean(4),
                rs.getString(5),
                rs.getString(6),
                rs.getInt(7),
                split(rs.getString(8)),
                split(rs.getString(9)),
                Sql.instant(rs.getTimestamp(10)),
                Sql.instant(rs.getTimestamp(11)),
                scoreGiven,
                scoreMax,
                rs.getObject(14, Long.class),
                rs.getString(15));
    }

    private static List<String> split(String csv) {
        return csv == null || csv.isEmpty() ? List.of() : Arrays.asList(csv.split(","));
    }
}
