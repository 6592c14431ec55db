package org.attentionlesson.grading;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.attentionlesson.store.Database;
import org.attentionlesson.store.Sql;

/** JDBC behind {@link DeliveryReports} on {@code grade_outbox}. */
final class OutboxReportStore {
    private final Database db;

    OutboxReportStore(Database db) {
        this.db = db;
    }

    Map<Long, String> contextIds(List<Long> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return db.withConnection(c -> {
            Map<Long, String> out = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, context_id FROM grade_outbox WHERE id IN ("
                    + String.join(",", Collections.nCopies(ids.size(), "?")) + ")")) {
                Sql.bind(ps, new ArrayList<Object>(ids).toArray());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getLong(1), rs.getString(2));
                    }
                }
            }
            return out;
        });
    }

    /** Pending and failed submitted scores, and the time of the platform's last acceptance (finished_at, V4). */
    DeliveryReports.RegistrationGrades registration(long registrationId) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT "
                    + "SUM(CASE WHEN status = 'PENDING' AND progress = 'COMPLETED' THEN 1 ELSE 0 END), "
                    + "SUM(CASE WHEN status = 'FAILED' AND progress = 'COMPLETED' THEN 1 ELSE 0 END), "
                    + "MAX(CASE WHEN status = 'DELIVERED' THEN finished_at END) "
                    + "FROM grade_outbox WHERE registration_id = ?")) {
                Sql.bind(ps, registrationId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new DeliveryReports.RegistrationGrades(
                            Sql.instant(rs.getTimestamp(3)), rs.getLong(1), rs.getLong(2));
                }
            }
        });
    }
}
