package org.attentionlesson.grading;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.attentionlesson.access.Access;
import org.attentionlesson.store.Database;
import org.attentionlesson.store.Sql;

/**
 * The durable grade outbox. The lesson's submit transaction writes a {@code grade_event}; {@link #intake} turns each
 * one into exactly one {@code grade_outbox} row (unique key on the event), applying the grade policy and fixing the
 * score timestamp. {@link #claim} leases due rows to one node at a time ({@code FOR UPDATE SKIP LOCKED} on
 * PostgreSQL); every outcome is written back only by the lease holder, in batches ({@link OutboxLeases}).
 */
public final class GradeOutbox {
    static final String COLUMNS = "id, grade_event_id, registration_id, subject, resource_link_id, launch_id, "
            + "attempt_number, score_given, score_maximum, score_timestamp, submitted_at, ags_lineitems, ags_lineitem, "
            + "ags_scopes, link_title, regrade, status, tries, next_attempt_at, give_up_at, lease_token, "
            + "last_http_status, last_error, created_at, finished_at, deployment_row_id, progress";
    /** Rows that carry a submitted score, not an attempt's progress (V20). */
    private static final String FINAL_SCORE = " AND progress = 'COMPLETED'";
    /**
     * "The row is still pending", written so that H2 looks the row up by its primary key: with a plain
     * {@code status = 'PENDING'} next to {@code id = ?}, H2 plans a prepared statement on ix_outbox_due and walks
     * every pending row for each update (PostgreSQL picks the primary key either way).
     */
    private static final String STILL_PENDING = "COALESCE(status, '') = 'PENDING'";

    private final Database db;
    private final Clock clock;
    private final Duration giveUpAfter;
    private final OutboxIntake intake;
    private final OutboxLeases leases;

    /** {@code launches} and {@code scores}: what intake reads from lti and lesson (their public APIs). */
    public GradeOutbox(
            Database db,
            Clock clock,
            GradingSettings settings,
            Duration giveUpAfter,
            org.attentionlesson.lti.LaunchFacts launches,
            org.attentionlesson.lesson.AttemptScores scores) {
        this.db = db;
        this.clock = clock;
        this.giveUpAfter = giveUpAfter;
        this.intake = new OutboxIntake(db, clock, settings, giveUpAfter, new OutboxIntake.Sources(launches, scores));
        this.leases = new OutboxLeases(db, clock);
    }

    public Database db() {
        return db;
    }

    /** How far back {@link #intake} looks for grade events without an outbox row. */
    public enum Scan {
        /** Only events above the highest id seen so far: cheap, run at every poll. */
        NEW,
        /** Also the last 2,000 ids below it, for events that committed out of id order (every few seconds). */
        RECENT,
        /** Every event (start-up and now and then). */
        FULL
    }

    /**
     * Creates outbox rows for grade events that have none yet (at most {@code limit}); returns how many.
     *
     * @param full scan every event, not only those after the recent floor (start-up and now and then)
     */
    public int intake(int limit, boolean full) {
        return intake(limit, full ? Scan.FULL : Scan.RECENT);
    }

    /** Creates outbox rows for grade events that have none yet (at most {@code limit}), looking as far as {@code scan}. */
    public int intake(int limit, Scan scan) {
        return intake.run(limit, scan);
    }

    /** Leases up to {@code limit} due rows, oldest due first, to {@code owner} for {@code lease} (one statement). */
    public List<OutboxRow> claim(String owner, int limit, Duration lease) {
        return leases.claim(owner, limit, lease);
    }

    /** Gives back the leases of rows that were claimed but never sent (shutdown): due again at once for any node. */
    public int release(java.util.Collection<OutboxRow> rows) {
        return leases.release(rows);
    }

    /**
     * What became of one try of a leased row, to be written back by {@link #record}: a final status (delivered or
     * failed), or {@code status} null for "try again at {@code nextAttemptAt}".
     */
    public record Outcome(
            OutboxRow row,
            OutboxStatus status,
            int httpStatus,
            String note,
            Instant nextAttemptAt,
            boolean countsAsTry) {}

    /** The platform took the score (or already had it: 409). */
    public Outcome deliveredOutcome(OutboxRow row, int httpStatus, String note) {
        return new Outcome(row, OutboxStatus.DELIVERED, httpStatus, note, null, true);
    }

    public Outcome failedOutcome(OutboxRow row, int httpStatus, String reason) {
        return new Outcome(row, OutboxStatus.FAILED, httpStatus, reason, null, true);
    }

    /** The next try after {@code delay}, or failed when that would pass the row's give-up time. */
    public Outcome retryOutcome(OutboxRow row, int httpStatus, String reason, Duration delay, boolean countsAsTry) {
        Instant next = clock.instant().plus(delay);
        if (countsAsTry && next.isAfter(row.giveUpAt())) {
            return failedOutcome(row, httpStatus, "Gave up after " + (row.tries() + 1) + " tries: " + reason);
        }
        return new Outcome(row, null, httpStatus, reason, next, countsAsTry);
    }

    /**
     * Writes outcomes back in one transaction, in batches ({@link OutboxLeases#record}). Each applies only while the
     * row is still pending under the caller's lease, so a node whose lease ran out can never overwrite the result of
     * the node that took the row over. Returns, per outcome, whether it applied.
     */
    public boolean[] record(List<Outcome> outcomes) {
        return leases.record(outcomes);
    }

    /**
     * "Retry now": a failed or waiting row goes out again at once, with a fresh give-up time. It is marked as a
     * re-send (Canvas: not a new submission). Only a row inside {@code scope} (Access); null = any row, for the
     * admin console alone.
     */
    public boolean retryNow(long id, Access.Scope scope) {
        Instant now = clock.instant();
        return db.withConnection(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("UPDATE grade_outbox SET status = 'PENDING', regrade = TRUE, "
                            + "next_attempt_at = ?, give_up_at = ?, finished_at = NULL, lease_token = NULL, lease_owner = NULL, "
                            + "lease_until = NULL WHERE id = ? AND status IN ('FAILED', 'PENDING')" + where(scope))) {
                Sql.bind(ps, args(scope, now, now.plus(giveUpAfter), id));
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Where row {@code id} stands, if it lies inside {@code scope} (Access); null = any row (admin console). */
    public Optional<OutboxStatus> statusOf(long id, Access.Scope scope) {
        return db.withConnection(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT status FROM grade_outbox WHERE id = ?" + where(scope))) {
                Sql.bind(ps, args(scope, id));
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next()
                            ? Optional.of(OutboxStatus.valueOf(rs.getString(1)))
                            : Optional.<OutboxStatus>empty();
                }
            }
        });
    }

    /**
     * The row that decides what the student's gradebook shows, newest first; skipped/superseded rows excluded. Only
     * the launch's deployment: the same link id in another deployment is another activity (LTI Core 1.3 §5.3.5).
     */
    public Optional<OutboxRow> latestFor(
            long registrationId, long deploymentRowId, String subject, String resourceLinkId) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM grade_outbox WHERE "
                    + "registration_id = ? AND deployment_row_id = ? AND subject = ? AND resource_link_id = ? AND "
                    + "status NOT IN ('SKIPPED', 'SUPERSEDED')" + FINAL_SCORE + " ORDER BY id DESC LIMIT 1")) {
                Sql.bind(ps, registrationId, deploymentRowId, subject, resourceLinkId);
                List<OutboxRow> r = rows(ps);
                return r.isEmpty() ? Optional.<OutboxRow>empty() : Optional.of(r.get(0));
            }
        });
    }

    /** Whether a submitted score of this person in the deployment waits for intake (the worker has not seen it yet). */
    public boolean hasUnseenEvent(long registrationId, long deploymentRowId, String subject, String resourceLinkId) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM grade_event ge WHERE "
                    + "ge.registration_id = ? AND ge.deployment_row_id = ? AND ge.subject = ? AND ge.resource_link_id = ? "
                    + "AND ge.progress = 'COMPLETED' AND NOT EXISTS "
                    + "(SELECT 1 FROM grade_outbox o WHERE o.grade_event_id = ge.id)")) {
                Sql.bind(ps, registrationId, deploymentRowId, subject, resourceLinkId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1) > 0;
                }
            }
        });
    }

    /**
     * Rows an instructor or admin should look at: failed ones, and waiting ones that have failed at least once.
     * Only rows inside {@code scope} (Access); null = every institution's, for the admin console alone.
     */
    public List<OutboxRow> problems(Access.Scope scope, int limit) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM grade_outbox WHERE "
                    + "(status = 'FAILED' OR (status = 'PENDING' AND tries > 0))" + FINAL_SCORE + where(scope)
                    + " ORDER BY id DESC LIMIT " + Math.max(1, limit))) {
                Sql.bind(ps, args(scope));
                return rows(ps);
            }
        });
    }

    /**
     * Count of scores per status inside {@code scope} (null = all, the admin console), for the summaries. Progress
     * reports (Started, InProgress) are deliveries too, but not scores: they are not counted.
     */
    public java.util.Map<OutboxStatus, Long> counts(Access.Scope scope) {
        return db.withConnection(c -> {
            java.util.Map<OutboxStatus, Long> out = new java.util.EnumMap<>(OutboxStatus.class);
            for (OutboxStatus s : OutboxStatus.values()) {
                out.put(s, 0L);
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT status, COUNT(*) FROM grade_outbox WHERE 1 = 1"
                    + FINAL_SCORE + where(scope) + " GROUP BY status")) {
                Sql.bind(ps, args(scope));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(OutboxStatus.valueOf(rs.getString(1)), rs.getLong(2));
                    }
                }
            }
            return out;
        });
    }

    static List<OutboxRow> rows(PreparedStatement ps) throws SQLException {
        List<OutboxRow> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long ge = rs.getLong(2);
                Long gradeEvent = rs.wasNull() ? null : ge;
                int hs = rs.getInt(22);
                Integer httpStatus = rs.wasNull() ? null : hs;
                out.add(new OutboxRow(
                        rs.getLong(1),
                        gradeEvent,
                        rs.getLong(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getInt(7),
                        rs.getDouble(8),
                        rs.getDouble(9),
                        Sql.instant(rs.getTimestamp(10)),
                        Sql.instant(rs.getTimestamp(11)),
                        rs.getString(12),
                        rs.getString(13),
                        rs.getString(14),
                        rs.getString(15),
                        rs.getBoolean(16),
                        OutboxStatus.valueOf(rs.getString(17)),
                        rs.getInt(18),
                        Sql.instant(rs.getTimestamp(19)),
                        Sql.instant(rs.getTimestamp(20)),
                        rs.getString(21),
                        httpStatus,
                        rs.getString(23),
                        Sql.instant(rs.getTimestamp(24)),
                        Sql.instant(rs.getTimestamp(25)),
                        rs.getObject(26, Long.class),
                        rs.getString(27)));
            }
        }
        return out;
    }

    /** Narrows a query to the scope Access granted; null = no narrowing (the admin console). */
    private static String where(Access.Scope scope) {
        return scope == null ? "" : scope.where("");
    }

    private static Object[] args(Access.Scope scope, Object... before) {
        return scope == null ? before : scope.args(before);
    }
}
