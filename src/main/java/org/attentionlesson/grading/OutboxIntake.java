package org.attentionlesson.grading;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.attentionlesson.store.Database;
import org.attentionlesson.store.Sql;

/**
 * The outbox's intake: turns each {@code grade_event} into exactly one {@code grade_outbox} row (unique key on the
 * event), applying the activity's grade policy in the launch's deployment and fixing the score timestamp. One intake
 * runs at a time: a JVM lock on H2 (one node), a transaction-scoped advisory lock on PostgreSQL (many nodes).
 */
final class OutboxIntake {
    private static final long INTAKE_LOCK = 0x67726164L; // "grad": serialises intake across nodes on PostgreSQL
    private static final String SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score";

    private final Database db;
    private final Clock clock;
    private final GradingSettings settings;
    private final Duration giveUpAfter;
    private final Object h2IntakeLock = new Object();
    private volatile long intakeFloor;
    private volatile long intakeHigh;

    OutboxIntake(Database db, Clock clock, GradingSettings settings, Duration giveUpAfter) {
        this.db = db;
        this.clock = clock;
        this.settings = settings;
        this.giveUpAfter = giveUpAfter;
    }

    /** Creates outbox rows for grade events that have none yet (at most {@code limit}), looking as far as {@code scan}. */
    int run(int limit, GradeOutbox.Scan scan) {
        if (db.isPostgres()) {
            return intakeLocked(limit, scan);
        }
        synchronized (h2IntakeLock) { // H2 runs one node: the JVM lock is enough
            return intakeLocked(limit, scan);
        }
    }

    private int intakeLocked(int limit, GradeOutbox.Scan scan) {
        long floor = switch (scan) {
            case FULL -> 0;
            case RECENT -> intakeFloor;
            case NEW -> intakeHigh;
        };
        int[] made = {0};
        long[] highest = {0};
        long maxSeen = db.inTransaction(c -> {
            if (db.isPostgres()) {
                try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                    ps.setLong(1, INTAKE_LOCK);
                    ps.execute();
                }
            }
            // The highest event id now (events other nodes took in count too, so the floors keep moving).
            try (PreparedStatement ps = c.prepareStatement("SELECT MAX(id) FROM grade_event");
                    ResultSet rs = ps.executeQuery()) {
                highest[0] = rs.next() ? rs.getLong(1) : 0;
            }
            List<Object[]> events = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT ge.id, ge.registration_id, ge.subject, "
                    + "ge.resource_link_id, ge.launch_id, ge.score_given, ge.score_maximum, ge.created_at, "
                    + "a.attempt_number, a.submitted_at, lc.ags_lineitems, lc.ags_lineitem, lc.ags_scopes, "
                    + "lc.resource_link_title, lc.deployment_row_id, lc.context_id FROM grade_event ge JOIN exercise_attempt a ON a.id = ge.attempt_id "
                    + "LEFT JOIN launch_context lc ON lc.id = ge.launch_id WHERE ge.id > ? AND NOT EXISTS "
                    + "(SELECT 1 FROM grade_outbox o WHERE o.grade_event_id = ge.id) ORDER BY ge.id LIMIT ?")) {
                Sql.bind(ps, floor, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        events.add(new Object[] {rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getDouble(6), rs.getDouble(7), Sql.instant(rs.getTimestamp(8)),
                                rs.getInt(9), Sql.instant(rs.getTimestamp(10)), rs.getString(11), rs.getString(12),
                                rs.getString(13), rs.getString(14), (Long) rs.getObject(15, Long.class), rs.getString(16)});
                    }
                }
            }
            long max = floor;
            java.util.Map<String, GradePolicy> policies = new java.util.HashMap<>();
            for (Object[] e : events) {
                insertFromEvent(c, e, policies);
                made[0]++;
                max = Math.max(max, (Long) e[0]);
            }
            return max;
        });
        // Below the highest id every event has its row, unless the scan stopped at the limit.
        long high = made[0] < limit ? Math.max(maxSeen, highest[0]) : maxSeen;
        intakeHigh = Math.max(intakeHigh, high);
        // Events commit out of id order under concurrency: the RECENT scan keeps a safety margin below the highest id.
        intakeFloor = Math.max(intakeFloor, high - 2_000);
        return made[0];
    }

    private void insertFromEvent(Connection c, Object[] e, java.util.Map<String, GradePolicy> policies)
            throws SQLException {
        long eventId = (Long) e[0];
        long registrationId = (Long) e[1];
        String subject = (String) e[2];
        String link = (String) e[3];
        double given = (Double) e[5];
        Instant created = (Instant) e[7];
        Instant submittedAt = e[9] == null ? created : (Instant) e[9];
        String lineitems = (String) e[10];
        String lineitem = (String) e[11];
        String scopes = (String) e[12];
        Instant now = clock.instant();

        // Policy and timestamp look at what this person already has for this activity.
        Double best = null;
        boolean any = false;
        boolean anyPending = false;
        Instant lastTimestamp = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT MAX(CASE WHEN status IN ('PENDING','DELIVERED') "
                + "THEN score_given END), SUM(CASE WHEN status IN ('PENDING','DELIVERED','FAILED','SUPERSEDED') THEN 1 "
                + "ELSE 0 END), MAX(score_timestamp), SUM(CASE WHEN status = 'PENDING' THEN 1 ELSE 0 END) "
                + "FROM grade_outbox WHERE registration_id = ? AND subject = ? AND resource_link_id = ?")) {
            Sql.bind(ps, registrationId, subject, link);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    double b = rs.getDouble(1);
                    best = rs.wasNull() ? null : b;
                    any = rs.getLong(2) > 0;
                    lastTimestamp = Sql.instant(rs.getTimestamp(3));
                    anyPending = rs.getLong(4) > 0;
                }
            }
        }
        Instant timestamp = created.truncatedTo(ChronoUnit.MILLIS);
        if (lastTimestamp != null && timestamp.isBefore(lastTimestamp.plusSeconds(1))) {
            // Moodle compares whole seconds and treats an equal timestamp as older (docs/lti.md §5).
            timestamp = lastTimestamp.plusSeconds(1);
        }
        boolean agsPresent = (lineitems != null || lineitem != null) && scopes != null
                && List.of(scopes.trim().split("\\s+")).contains(SCORE_SCOPE);
        OutboxStatus status;
        String note = null;
        if (!agsPresent) {
            status = OutboxStatus.LOCAL_ONLY;
            note = "The launch carried no grade service (or no score scope): recorded in the tool only.";
        } else {
            // One look-up per activity and intake batch, not one per score.
            // The activity's settings in the launch's deployment (LTI Core 1.3 §5.3.5).
            Long deployment = (Long) e[14];
            String key = registrationId + "\n" + deployment + "\n" + link;
            GradePolicy policy = policies.get(key);
            if (policy == null) {
                policy = settings.policy(c, registrationId, deployment, link);
                policies.put(key, policy);
            }
            if (policy == GradePolicy.AVERAGE) {
                given = GradeReposts.average(c, registrationId, deployment, subject, link, (Double) e[6]);
            }
            if (policy.sends(given, best, any)) {
                status = OutboxStatus.PENDING;
            } else {
                status = OutboxStatus.SKIPPED;
                note = "Not sent: the grade policy is " + policy.name().toLowerCase() + " attempt"
                        + (policy == GradePolicy.BEST ? " and this score is not better." : ".");
            }
        }
        long id;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO grade_outbox (grade_event_id, registration_id, "
                + "subject, resource_link_id, launch_id, attempt_number, score_given, score_maximum, score_timestamp, "
                + "submitted_at, ags_lineitems, ags_lineitem, ags_scopes, link_title, regrade, status, tries, "
                + "next_attempt_at, give_up_at, last_error, created_at, finished_at, deployment_row_id, context_id) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            Sql.bind(ps, eventId, registrationId, subject, link, e[4], e[8], given, e[6], timestamp, submittedAt,
                    lineitems, lineitem, scopes, e[13], false, status, 0, now, now.plus(giveUpAfter), note, now,
                    status == OutboxStatus.PENDING ? null : now, e[14], e[15]);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
            }
        }
        if (status == OutboxStatus.PENDING && anyPending) {
            // The newer score is the one that counts: older rows still waiting need not go out at all.
            try (PreparedStatement ps = c.prepareStatement("UPDATE grade_outbox SET status = 'SUPERSEDED', "
                    + "finished_at = ?, last_error = ? WHERE registration_id = ? AND subject = ? AND resource_link_id = ? "
                    + "AND status = 'PENDING' AND id < ?")) {
                Sql.bind(ps, now, "Replaced by a newer score before it was sent.", registrationId, subject, link, id);
                ps.executeUpdate();
            }
        }
    }
}
