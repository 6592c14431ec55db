package org.attentionlesson.grading;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.attentionlesson.store.Sql;

/**
 * What each learner already has at each activity, for one intake batch: read from {@code grade_outbox} in a few
 * statements for the whole batch (one per deployment and 64 learners, on ix_outbox_learner_deployment), then kept up
 * to date in memory while the batch decides its rows in event order, so an event sees the rows of the events before
 * it exactly as if each had been written and read back one by one. An activity is the learner at the link in the
 * event's deployment: link ids are unique only within a deployment (LTI Core 1.3 §5.3.5).
 */
final class IntakeHistory {
    private static final int LEARNERS_PER_READ = 64;

    /** One learner at one activity; {@code deployment} null for rows from before it was kept. */
    record Activity(long registrationId, Long deployment, String subject, String link) {}

    /** The outbox rows of one activity, as far as the policy, the timestamp and superseding need them. */
    static final class Rows {
        /** Best submitted score delivered. */
        Double bestDelivered;
        /** Best submitted score still waiting (written before this batch or decided in it, not superseded). */
        Double bestPending;
        /** A submitted score was sent or meant to be sent (pending, delivered, failed, superseded). */
        boolean counted;
        /** A submitted score is on record, sent or not: no progress report may follow it. */
        boolean anyFinal;

        Instant lastTimestamp;
        /** Rows written before this batch still wait: a newer pending row replaces them. */
        boolean pendingWritten;
        /** This batch replaces the pending rows written before it. */
        boolean supersedeWritten;
        /** Rows of this batch still pending (a newer pending row of the batch replaces them before they are written). */
        final List<OutboxIntake.NewRow> pendingHere = new ArrayList<>(1);

        Double best() {
            if (bestDelivered == null) {
                return bestPending;
            }
            return bestPending == null ? bestDelivered : Math.max(bestDelivered, bestPending);
        }
    }

    private final Map<Activity, Rows> rows = new HashMap<>();

    Rows of(Activity a) {
        return rows.computeIfAbsent(a, k -> new Rows());
    }

    /** Reads what the outbox already holds for these activities (one statement per deployment and 64 learners). */
    void load(Connection c, Collection<Activity> activities) throws SQLException {
        Map<List<Object>, Set<String>> learners = new LinkedHashMap<>();
        for (Activity a : activities) {
            learners.computeIfAbsent(
                            java.util.Arrays.asList(a.registrationId(), a.deployment()), k -> new LinkedHashSet<>())
                    .add(a.subject());
            rows.computeIfAbsent(a, k -> new Rows());
        }
        for (Map.Entry<List<Object>, Set<String>> group : learners.entrySet()) {
            long registration = (Long) group.getKey().get(0);
            Long deployment = (Long) group.getKey().get(1);
            List<String> subjects = new ArrayList<>(group.getValue());
            for (int i = 0; i < subjects.size(); i += LEARNERS_PER_READ) {
                read(
                        c,
                        registration,
                        deployment,
                        subjects.subList(i, Math.min(subjects.size(), i + LEARNERS_PER_READ)));
            }
        }
    }

    private void read(Connection c, long registration, Long deployment, List<String> subjects) throws SQLException {
        List<String> padded = padded(subjects);
        String sql = "SELECT subject, resource_link_id, "
                + "MAX(CASE WHEN status = 'DELIVERED' AND progress = 'COMPLETED' THEN score_given END), "
                + "MAX(CASE WHEN status = 'PENDING' AND progress = 'COMPLETED' THEN score_given END), "
                + "SUM(CASE WHEN status IN ('PENDING','DELIVERED','FAILED','SUPERSEDED') AND progress = 'COMPLETED' "
                + "THEN 1 ELSE 0 END), MAX(score_timestamp), SUM(CASE WHEN status = 'PENDING' THEN 1 ELSE 0 END), "
                + "SUM(CASE WHEN progress = 'COMPLETED' THEN 1 ELSE 0 END) FROM grade_outbox WHERE registration_id = ? "
                + "AND deployment_row_id " + (deployment == null ? "IS NULL" : "= ?") + " AND subject IN ("
                + String.join(",", Collections.nCopies(padded.size(), "?")) + ") GROUP BY subject, resource_link_id";
        List<Object> args = new ArrayList<>();
        args.add(registration);
        if (deployment != null) {
            args.add(deployment);
        }
        args.addAll(padded);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Sql.bind(ps, args.toArray());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Rows r = rows.get(new Activity(registration, deployment, rs.getString(1), rs.getString(2)));
                    if (r == null) {
                        continue; // another activity of the same learner: not in this batch
                    }
                    double delivered = rs.getDouble(3);
                    r.bestDelivered = rs.wasNull() ? null : delivered;
                    double pending = rs.getDouble(4);
                    r.bestPending = rs.wasNull() ? null : pending;
                    r.counted = rs.getLong(5) > 0;
                    r.lastTimestamp = Sql.instant(rs.getTimestamp(6));
                    r.pendingWritten = rs.getLong(7) > 0;
                    r.anyFinal = rs.getLong(8) > 0;
                }
            }
        }
    }

    /**
     * Marks the rows written before this batch that a row of the batch replaces, before the batch's rows are written
     * (so a newer row is never among them). One JDBC batch per form of the activity's condition.
     */
    void supersedeWritten(Connection c, Instant now) throws SQLException {
        for (boolean withDeployment : new boolean[] {true, false}) {
            List<Activity> targets = new ArrayList<>();
            rows.forEach((a, r) -> {
                if (r.supersedeWritten && (a.deployment() != null) == withDeployment) {
                    targets.add(a);
                }
            });
            if (targets.isEmpty()) {
                continue;
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE grade_outbox SET status = 'SUPERSEDED', "
                    + "finished_at = ?, last_error = ? WHERE registration_id = ? AND subject = ? "
                    + "AND resource_link_id = ? AND deployment_row_id " + (withDeployment ? "= ?" : "IS NULL")
                    + " AND status = 'PENDING'")) {
                for (Activity a : targets) {
                    List<Object> args = new ArrayList<>(
                            List.of(now, OutboxIntake.REPLACED, a.registrationId(), a.subject(), a.link()));
                    if (withDeployment) {
                        args.add(a.deployment());
                    }
                    Sql.bind(ps, args.toArray());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    /** Padded with repeats of the last value to a power of two: a handful of statement texts, reused. */
    private static List<String> padded(List<String> values) {
        int size = Integer.highestOneBit(Math.max(1, values.size()));
        if (size < values.size()) {
            size <<= 1;
        }
        List<String> out = new ArrayList<>(size);
        out.addAll(values);
        while (out.size() < size) {
            out.add(values.get(values.size() - 1));
        }
        return out;
    }
}
