package org.attentionlesson.grading;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.attentionlesson.store.Database;
import org.attentionlesson.store.Sql;

/**
 * Leases and outcomes of {@code grade_outbox} rows, written in batches: one statement leases a batch of due rows to
 * one node, one statement writes back the outcome of every row that ended the same way under the same lease (for
 * a run of delivered scores: one {@code UPDATE … WHERE id IN (…)}), and a lease given up unused is returned in one
 * statement. Every write is conditional on the row still being pending under the writer's lease, so a node whose
 * lease ran out can never overwrite what the node that took the row over recorded.
 */
final class OutboxLeases {
    /**
     * "The row is still pending", written so that H2 looks rows up by their primary key: with a plain
     * {@code status = 'PENDING'} next to {@code id IN (…)}, H2 plans the statement on ix_outbox_due and walks every
     * pending row (PostgreSQL picks the primary key either way).
     */
    static final String STILL_PENDING = "COALESCE(status, '') = 'PENDING'";

    private static final String CLEAR_LEASE = "lease_token = NULL, lease_owner = NULL, lease_until = NULL";

    private final Database db;
    private final Clock clock;

    OutboxLeases(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Leases up to {@code limit} due rows, oldest due first, to {@code owner} for {@code lease}. */
    List<OutboxRow> claim(String owner, int limit, Duration lease) {
        Instant now = clock.instant();
        String token = UUID.randomUUID().toString();
        // "ORDER BY status, next_attempt_at" (status is fixed by the WHERE) lets both databases read the due rows in
        // index order (ix_outbox_due) and stop at the limit, instead of sorting every pending row for each claim.
        if (db.isPostgres()) {
            return db.inTransaction(c -> {
                try (PreparedStatement ps =
                        c.prepareStatement("UPDATE grade_outbox SET lease_token = ?, lease_owner = ?, "
                                + "lease_until = ? WHERE id IN (SELECT id FROM grade_outbox WHERE status = 'PENDING' "
                                + "AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until < ?) "
                                + "ORDER BY status, next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED) RETURNING "
                                + GradeOutbox.COLUMNS)) {
                    Sql.bind(ps, token, owner, now.plus(lease), now, now, limit);
                    return sorted(GradeOutbox.rows(ps));
                }
            });
        }
        return db.inTransaction(c -> {
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM grade_outbox WHERE status = 'PENDING' "
                    + "AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until < ?) "
                    + "ORDER BY status, next_attempt_at LIMIT ?")) {
                Sql.bind(ps, now, now, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                    }
                }
            }
            if (ids.isEmpty()) {
                return List.<OutboxRow>of();
            }
            // Conditional on the lease still being free, so a concurrent claimer cannot take the same row; the rows
            // come back from the update itself (H2's data change delta table), one statement for the batch.
            try (PreparedStatement ps = c.prepareStatement("SELECT " + GradeOutbox.COLUMNS + " FROM FINAL TABLE ("
                    + "UPDATE grade_outbox SET lease_token = ?, lease_owner = ?, lease_until = ? WHERE id IN ("
                    + marks(padded(ids).size()) + ") AND " + STILL_PENDING
                    + " AND (lease_until IS NULL OR lease_until < ?))")) {
                List<Object> args = new ArrayList<>(List.of(token, owner, now.plus(lease)));
                args.addAll(padded(ids));
                args.add(now);
                Sql.bind(ps, args.toArray());
                return sorted(GradeOutbox.rows(ps));
            }
        });
    }

    /**
     * Gives back leases that were never used (rows claimed but not sent, e.g. at shutdown): the rows are due again
     * at once for any node instead of waiting for their lease to end. Returns how many were given back.
     */
    int release(Collection<OutboxRow> rows) {
        Map<String, List<Long>> byLease = new LinkedHashMap<>();
        for (OutboxRow r : rows) {
            if (r.leaseToken() != null) {
                byLease.computeIfAbsent(r.leaseToken(), k -> new ArrayList<>()).add(r.id());
            }
        }
        if (byLease.isEmpty()) {
            return 0;
        }
        return db.inTransaction(c -> {
            int n = 0;
            for (Map.Entry<String, List<Long>> e : byLease.entrySet()) {
                List<Long> ids = padded(e.getValue());
                try (PreparedStatement ps = c.prepareStatement("UPDATE grade_outbox SET " + CLEAR_LEASE
                        + " WHERE id IN (" + marks(ids.size()) + ") AND lease_token = ? AND " + STILL_PENDING)) {
                    List<Object> args = new ArrayList<>(ids);
                    args.add(e.getKey());
                    Sql.bind(ps, args.toArray());
                    n += ps.executeUpdate();
                }
            }
            return n;
        });
    }

    /** The rows that end the same way under the same lease: one statement writes them all. */
    private record FinalGroup(OutboxStatus status, Integer http, String note, String leaseToken) {}

    /**
     * Writes outcomes back in one transaction: final outcomes (delivered, failed) grouped by what they record and
     * the lease they were sent under, one {@code UPDATE … WHERE id IN (…)} per group; retries, each with its own
     * next try time, as one JDBC batch. Returns, per outcome, whether it applied (the row was still pending under
     * that lease).
     */
    boolean[] record(List<GradeOutbox.Outcome> outcomes) {
        boolean[] applied = new boolean[outcomes.size()];
        if (outcomes.isEmpty()) {
            return applied;
        }
        Instant now = clock.instant();
        Map<FinalGroup, List<Integer>> finals = new LinkedHashMap<>();
        List<Integer> retries = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            GradeOutbox.Outcome o = outcomes.get(i);
            if (o.status() != null) {
                finals.computeIfAbsent(
                                new FinalGroup(
                                        o.status(),
                                        http(o),
                                        truncate(o.note()),
                                        o.row().leaseToken()),
                                k -> new ArrayList<>())
                        .add(i);
            } else {
                retries.add(i);
            }
        }
        return db.inTransaction(c -> {
            for (Map.Entry<FinalGroup, List<Integer>> e : finals.entrySet()) {
                writeFinal(c, e.getKey(), e.getValue(), outcomes, now, applied);
            }
            if (!retries.isEmpty()) {
                writeRetries(c, retries, outcomes, applied);
            }
            return applied;
        });
    }

    private void writeFinal(
            Connection c,
            FinalGroup g,
            List<Integer> members,
            List<GradeOutbox.Outcome> outcomes,
            Instant now,
            boolean[] applied)
            throws SQLException {
        List<Object> args = new ArrayList<>(java.util.Arrays.asList(g.status(), g.http(), g.note(), now));
        List<Long> ids = new ArrayList<>();
        for (int i : members) {
            ids.add(outcomes.get(i).row().id());
        }
        ids = padded(ids);
        args.addAll(ids);
        args.add(g.leaseToken());
        String update = "UPDATE grade_outbox SET status = ?, tries = tries + 1, last_http_status = ?, last_error = ?, "
                + "finished_at = ?, " + CLEAR_LEASE + " WHERE id IN (" + marks(ids.size()) + ") AND lease_token = ? "
                + "AND " + STILL_PENDING;
        // The rows the update changed, in the same statement: RETURNING on PostgreSQL, FINAL TABLE on H2.
        String sql = db.isPostgres() ? update + " RETURNING id" : "SELECT id FROM FINAL TABLE (" + update + ")";
        Set<Long> changed = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Sql.bind(ps, args.toArray());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    changed.add(rs.getLong(1));
                }
            }
        }
        for (int i : members) {
            applied[i] = changed.contains(outcomes.get(i).row().id());
        }
    }

    private static void writeRetries(
            Connection c, List<Integer> retries, List<GradeOutbox.Outcome> outcomes, boolean[] applied)
            throws SQLException {
        try (PreparedStatement retry = c.prepareStatement("UPDATE grade_outbox SET tries = tries + ?, "
                + "next_attempt_at = ?, last_http_status = ?, last_error = ?, " + CLEAR_LEASE + " WHERE id = ? "
                + "AND lease_token = ? AND " + STILL_PENDING)) {
            for (int i : retries) {
                GradeOutbox.Outcome o = outcomes.get(i);
                Sql.bind(
                        retry,
                        o.countsAsTry() ? 1 : 0,
                        o.nextAttemptAt(),
                        http(o),
                        truncate(o.note()),
                        o.row().id(),
                        o.row().leaseToken());
                retry.addBatch();
            }
            int[] n = retry.executeBatch();
            for (int k = 0; k < n.length; k++) {
                applied[retries.get(k)] = n[k] == 1 || n[k] == Statement.SUCCESS_NO_INFO;
            }
        }
    }

    /** Rows in the order they became due (RETURNING and FINAL TABLE promise no order). */
    private static List<OutboxRow> sorted(List<OutboxRow> rows) {
        rows.sort((a, b) -> {
            int byDue = Objects.compare(
                    a.nextAttemptAt(),
                    b.nextAttemptAt(),
                    java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()));
            return byDue != 0 ? byDue : Long.compare(a.id(), b.id());
        });
        return rows;
    }

    private static Integer http(GradeOutbox.Outcome o) {
        return o.httpStatus() == 0 ? null : o.httpStatus();
    }

    /**
     * The ids padded with repeats of the last one to a power of two: a handful of statement texts instead of one per
     * batch size, so H2's per-session statement cache and PostgreSQL's prepared statements are reused.
     */
    static List<Long> padded(List<Long> ids) {
        int size = Integer.highestOneBit(Math.max(1, ids.size()));
        if (size < ids.size()) {
            size <<= 1;
        }
        List<Long> out = new ArrayList<>(size);
        out.addAll(ids);
        while (out.size() < size) {
            out.add(ids.get(ids.size() - 1));
        }
        return out;
    }

    private static String marks(int n) {
        return String.join(",", Collections.nCopies(n, "?"));
    }

    static String truncate(String s) {
        return s == null || s.length() <= 2000 ? s : s.substring(0, 1997) + "…";
    }
}
