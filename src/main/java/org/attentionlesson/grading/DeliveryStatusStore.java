package org.attentionlesson.grading;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.attentionlesson.access.Access;
import org.attentionlesson.store.Database;
import org.attentionlesson.store.Sql;

/** The SQL behind {@link DeliveryStatus}: reads of grade_outbox and ags_line_item, IN lists bounded. */
final class DeliveryStatusStore {
    /** Subjects per IN list. */
    static final int BATCH = 200;

    private final Database db;

    DeliveryStatusStore(Database db) {
        this.db = db;
    }

    Map<String, String> latestOf(Access.Scope scope, Collection<String> subjects) {
        List<String> all = List.copyOf(new LinkedHashSet<>(subjects));
        Map<String, String> out = new HashMap<>();
        if (all.isEmpty()) {
            return out;
        }
        return db.withConnection(c -> {
            for (int from = 0; from < all.size(); from += BATCH) {
                List<String> batch = all.subList(from, Math.min(all.size(), from + BATCH));
                if (db.isPostgres()) {
                    // PostgreSQL reads a whole large link for a plain IN list (a sequential scan per batch); one
                    // lookup per student in ix_outbox_learner instead: the students as an array, each joined
                    // LATERAL to its rows (OFFSET 0 keeps it a lookup).
                    try (PreparedStatement ps = c.prepareStatement("SELECT o.subject, o.status FROM unnest(CAST(? "
                            + "AS VARCHAR[])) AS u(s) CROSS JOIN LATERAL (SELECT id, subject, status FROM "
                            + "grade_outbox WHERE progress = 'COMPLETED' AND subject = u.s" + scope.where("")
                            + " OFFSET 0) o ORDER BY o.id DESC")) {
                        Sql.bind(ps, scope.args(new Object[] {c.createArrayOf("varchar", batch.toArray())}));
                        read(ps, out);
                    }
                    continue;
                }
                // H2: every column of ix_outbox_learner in one row IN list, none compared apart: only so does H2
                // look each student up in that index instead of reading the whole link per batch.
                boolean link = scope.resourceLinkId() != null;
                String tuple = link ? "(?, ?, ?)" : "(?, ?)";
                try (PreparedStatement ps = c.prepareStatement("SELECT subject, status FROM grade_outbox WHERE "
                        + "progress = 'COMPLETED' AND "
                        + (link ? "(registration_id, subject, resource_link_id)" : "(registration_id, subject)")
                        + " IN (" + tuple + (", " + tuple).repeat(batch.size() - 1) + ") AND deployment_row_id = ? AND "
                        + (scope.contextId() == null ? "context_id IS NULL" : "context_id = ?")
                        + " ORDER BY id DESC")) {
                    List<Object> values = new ArrayList<>(batch.size() * 3 + 2);
                    for (String subject : batch) {
                        values.add(scope.registrationId());
                        values.add(subject);
                        if (link) {
                            values.add(scope.resourceLinkId());
                        }
                    }
                    values.add(scope.deploymentRowId());
                    if (scope.contextId() != null) {
                        values.add(scope.contextId());
                    }
                    Sql.bind(ps, values.toArray());
                    read(ps, out);
                }
            }
            return out;
        });
    }

    DeliveryStatus.Latest latestAll(Access.Scope scope, int maxRows) {
        return db.withConnection(c -> {
            Map<String, String> out = new HashMap<>();
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT subject, status FROM grade_outbox WHERE progress = 'COMPLETED'"
                            + scope.where("") + " ORDER BY id DESC")) {
                ps.setMaxRows(maxRows);
                Sql.bind(ps, scope.args());
                int n = read(ps, out);
                return new DeliveryStatus.Latest(out, n >= maxRows);
            }
        });
    }

    Optional<String> resourceLinkOfLineItem(long registrationId, long deploymentRowId, String lineItemUrl) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT resource_link_id FROM ags_line_item "
                    + "WHERE registration_id = ? AND deployment_row_id = ? AND url = ?")) {
                Sql.bind(ps, registrationId, deploymentRowId, lineItemUrl);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    /** Newest row first: each subject keeps its first status. Returns the rows read. */
    private static int read(PreparedStatement ps, Map<String, String> out) throws SQLException {
        int n = 0;
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                n++;
                out.putIfAbsent(rs.getString(1), rs.getString(2));
            }
        }
        return n;
    }
}
