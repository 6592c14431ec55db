package org.attentionlesson.grading;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.attentionlesson.lesson.AttemptScores;
import org.attentionlesson.lti.LaunchFacts;
import org.attentionlesson.store.Database;
import org.attentionlesson.store.Sql;

/**
 * The outbox's intake: turns each {@code grade_event} into exactly one {@code grade_outbox} row (unique key on the
 * event), applying the activity's grade policy in the launch's deployment and fixing the score timestamp. One intake
 * runs at a time: a JVM lock on H2 (one node), a transaction-scoped advisory lock on PostgreSQL (many nodes).
 *
 * <p>Progress reports (attempt started or in progress: AGS 2.0 Score service, activityProgress Started / InProgress
 * with gradingProgress NotReady, https://www.imsglobal.org/spec/lti-ags/v2p0#score-publish-service) go out only while
 * the learner has no submitted score at the activity: a score without {@code scoreGiven} clears the gradebook cell,
 * so a later attempt's start must never follow a completed one. Every row's timestamp is a whole second after the
 * learner's previous row at the activity (docs/lti.md §5), so a platform that keeps the newest keeps the final score
 * even when a progress row still in flight arrives after it. "What this learner already has" is looked up in the
 * event's deployment: link ids are unique only within a deployment (LTI Core 1.3 §5.3.5).
 */
final class OutboxIntake {
    private static final long INTAKE_LOCK = 0x67726164L; // "grad": serialises intake across nodes on PostgreSQL
    private static final String SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score";
    static final String COMPLETED = "COMPLETED";
    static final String REPLACED = "Replaced by a newer score before it was sent.";
    private static final int INSERT_ROWS = 64;
    private static final String INSERT = "INSERT INTO grade_outbox (grade_event_id, registration_id, subject, "
            + "resource_link_id, launch_id, attempt_number, score_given, score_maximum, score_timestamp, submitted_at, "
            + "ags_lineitems, ags_lineitem, ags_scopes, link_title, regrade, status, tries, next_attempt_at, give_up_at, "
            + "last_error, created_at, finished_at, deployment_row_id, context_id, progress) VALUES ";

    /** Where intake reads what grade events do not carry: launches (lti) and submitted attempts (lesson). */
    record Sources(LaunchFacts launches, AttemptScores scores) {}

    record Event(
            long id,
            long registrationId,
            String subject,
            String link,
            String launchId,
            double given,
            double maximum,
            Instant created,
            int attemptNumber,
            Instant submittedAt,
            String lineitems,
            String lineitem,
            String scopes,
            String linkTitle,
            Long deployment,
            String contextId,
            String progress) {
        boolean finalScore() {
            return COMPLETED.equals(progress);
        }
    }

    private final Database db;
    private final Clock clock;
    private final GradingSettings settings;
    private final Duration giveUpAfter;
    private final Sources sources;
    private final Object h2IntakeLock = new Object();
    private volatile long intakeFloor;
    private volatile long intakeHigh;

    OutboxIntake(Database db, Clock clock, GradingSettings settings, Duration giveUpAfter, Sources sources) {
        this.db = db;
        this.clock = clock;
        this.settings = settings;
        this.giveUpAfter = giveUpAfter;
        this.sources = sources;
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
            List<Event> events = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT ge.id, ge.registration_id, ge.subject, "
                    + "ge.resource_link_id, ge.launch_id, ge.score_given, ge.score_maximum, ge.created_at, "
                    + "ge.attempt_number, ge.submitted_at, ge.ags_lineitems, ge.ags_lineitem, ge.ags_scopes, "
                    + "ge.link_title, ge.deployment_row_id, ge.context_id, ge.progress FROM grade_event ge "
                    + "WHERE ge.id > ? AND NOT EXISTS (SELECT 1 FROM grade_outbox o WHERE o.grade_event_id = ge.id) "
                    + "ORDER BY ge.id LIMIT ?")) {
                Sql.bind(ps, floor, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int number = rs.getInt(9);
                        events.add(withLaunch(new Event(
                                rs.getLong(1),
                                rs.getLong(2),
                                rs.getString(3),
                                rs.getString(4),
                                rs.getString(5),
                                rs.getDouble(6),
                                rs.getDouble(7),
                                Sql.instant(rs.getTimestamp(8)),
                                rs.wasNull() ? 0 : number,
                                Sql.instant(rs.getTimestamp(10)),
                                rs.getString(11),
                                rs.getString(12),
                                rs.getString(13),
                                rs.getString(14),
                                rs.getObject(15, Long.class),
                                rs.getString(16),
                                rs.getString(17))));
                    }
                }
            }
            long max = floor;
            for (Event e : events) {
                max = Math.max(max, e.id());
            }
            if (!events.isEmpty()) {
                insertAll(c, events);
            }
            made[0] = events.size();
            return max;
        });
        // Below the highest id every event has its row, unless the scan stopped at the limit.
        long high = made[0] < limit ? Math.max(maxSeen, highest[0]) : maxSeen;
        intakeHigh = Math.max(intakeHigh, high);
        // Events commit out of id order under concurrency: the RECENT scan keeps a safety margin below the highest id.
        intakeFloor = Math.max(intakeFloor, high - 2_000);
        return made[0];
    }

    /**
     * An event written without the launch's facts (by a node from before they were kept) takes them from the launch,
     * while lti still knows it.
     */
    private Event withLaunch(Event e) {
        if (e.deployment() != null || sources.launches() == null) {
            return e;
        }
        Optional<LaunchFacts.Facts> f = sources.launches().of(e.launchId());
        if (f.isEmpty()) {
            return e;
        }
        LaunchFacts.Facts l = f.get();
        return new Event(
                e.id(),
                e.registrationId(),
                e.subject(),
                e.link(),
                e.launchId(),
                e.given(),
                e.maximum(),
                e.created(),
                e.attemptNumber(),
                e.submittedAt(),
                l.agsLineitems(),
                l.agsLineitem(),
                l.agsScopesText(),
                l.resourceLinkTitle(),
                l.deploymentRowId(),
                l.contextId(),
                e.progress());
    }

    /** An outbox row decided by this batch, written with the batch's other rows in one JDBC batch. */
    static final class NewRow {
        final Event event;
        final double given;
        final Instant timestamp;
        OutboxStatus status;
        String note;

        NewRow(Event event, double given, Instant timestamp, OutboxStatus status, String note) {
            this.event = event;
            this.given = given;
            this.timestamp = timestamp;
            this.status = status;
            this.note = note;
        }
    }

    private static IntakeHistory.Activity activity(Event e) {
        return new IntakeHistory.Activity(e.registrationId(), e.deployment(), e.subject(), e.link());
    }

    /**
     * Decides and writes the rows of one batch of events, in event order: what each learner already has at the
     * activity is read once for the whole batch ({@link IntakeHistory}) and updated in memory as each row is
     * decided, rows written before the batch that a newer row replaces are marked in one JDBC batch, and the new
     * rows are written by multi-row inserts.
     */
    private void insertAll(Connection c, List<Event> events) throws SQLException {
        Instant now = clock.instant();
        IntakeHistory history = new IntakeHistory();
        List<IntakeHistory.Activity> activities = new ArrayList<>(events.size());
        for (Event e : events) {
            activities.add(activity(e));
        }
        history.load(c, activities);
        Map<String, GradePolicy> policies = new HashMap<>();
        List<NewRow> made = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            made.add(decide(c, events.get(i), history.of(activities.get(i)), policies, now));
        }
        history.supersedeWritten(c, now);
        Instant giveUp = now.plus(giveUpAfter);
        // Multi-row inserts of 64, 32, … rows: one statement per chunk, and only a handful of statement texts.
        for (int from = 0; from < made.size(); ) {
            int n = Math.min(INSERT_ROWS, Integer.highestOneBit(made.size() - from));
            List<Object> args = new ArrayList<>(n * 25);
            for (NewRow r : made.subList(from, from + n)) {
                Event e = r.event;
                java.util.Collections.addAll(
                        args,
                        e.id(),
                        e.registrationId(),
                        e.subject(),
                        e.link(),
                        e.launchId(),
                        e.attemptNumber(),
                        r.given,
                        e.maximum(),
                        r.timestamp,
                        e.submittedAt() == null ? e.created() : e.submittedAt(),
                        e.lineitems(),
                        e.lineitem(),
                        e.scopes(),
                        e.linkTitle(),
                        false,
                        r.status,
                        0,
                        now,
                        giveUp,
                        r.note,
                        now,
                        r.status == OutboxStatus.PENDING ? null : now,
                        e.deployment(),
                        e.contextId(),
                        e.progress());
            }
            try (PreparedStatement ps = c.prepareStatement(INSERT
                    + String.join(
                            ", ",
                            java.util.Collections.nCopies(
                                    n,
                                    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                                            + "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")))) {
                Sql.bind(ps, args.toArray());
                ps.executeUpdate();
            }
            from += n;
        }
    }

    /** The row for one event, given what the learner has at the activity so far; updates that. */
    private NewRow decide(Connection c, Event e, IntakeHistory.Rows had, Map<String, GradePolicy> policies, Instant now)
            throws SQLException {
        double given = e.given();
        Instant timestamp = e.created().truncatedTo(ChronoUnit.MILLIS);
        if (had.lastTimestamp != null && timestamp.isBefore(had.lastTimestamp.plusSeconds(1))) {
            // Moodle compares whole seconds and treats an equal timestamp as older (docs/lti.md §5).
            timestamp = had.lastTimestamp.plusSeconds(1);
        }
        boolean agsPresent = (e.lineitems() != null || e.lineitem() != null)
                && e.scopes() != null
                && List.of(e.scopes().trim().split("\\s+")).contains(SCORE_SCOPE);
        OutboxStatus status;
        String note = null;
        if (!e.finalScore()) {
            given = 0;
            if (had.anyFinal) {
                status = OutboxStatus.SKIPPED;
                note = "Not sent: a submitted score is on record, and a progress report would clear it.";
            } else if (!agsPresent) {
                status = OutboxStatus.SKIPPED;
                note = "Not sent: the launch carried no grade service (or no score scope).";
            } else {
                status = OutboxStatus.PENDING;
            }
        } else if (!agsPresent) {
            status = OutboxStatus.LOCAL_ONLY;
            note = "The launch carried no grade service (or no score scope): recorded in the tool only.";
        } else {
            // One look-up per activity and intake batch, not one per score.
            // The activity's settings in the launch's deployment (LTI Core 1.3 §5.3.5).
            String key = e.registrationId() + "\n" + e.deployment() + "\n" + e.link();
            GradePolicy policy = policies.get(key);
            if (policy == null) {
                policy = settings.policy(c, e.registrationId(), e.deployment(), e.link());
                policies.put(key, policy);
            }
            if (policy == GradePolicy.AVERAGE) {
                given = GradeReposts.average(
                        sources.scores().of(c, e.registrationId(), e.deployment(), e.subject(), e.link()), e.maximum());
            }
            if (policy.sends(given, had.best(), had.counted)) {
                status = OutboxStatus.PENDING;
            } else {
                status = OutboxStatus.SKIPPED;
                note = "Not sent: the grade policy is " + policy.name().toLowerCase() + " attempt"
                        + (policy == GradePolicy.BEST ? " and this score is not better." : ".");
            }
        }
        NewRow row = new NewRow(e, given, timestamp, status, note);
        had.lastTimestamp = timestamp; // at least a second after every earlier row's
        if (e.finalScore()) {
            had.anyFinal = true;
        }
        if (status == OutboxStatus.PENDING) {
            // The newer report is the one that counts: older rows still waiting (an earlier score, or the attempt's
            // progress) need not go out at all.
            if (had.pendingWritten) {
                had.supersedeWritten = true;
                had.pendingWritten = false;
            }
            for (NewRow older : had.pendingHere) {
                older.status = OutboxStatus.SUPERSEDED;
                older.note = REPLACED;
            }
            had.pendingHere.clear();
            had.pendingHere.add(row);
            had.bestPending = e.finalScore() ? given : null;
            had.counted |= e.finalScore();
        }
        return row;
    }
}
