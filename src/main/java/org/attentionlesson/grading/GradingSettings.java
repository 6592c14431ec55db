package org.attentionlesson.grading;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import org.attentionlesson.store.Database;
import org.attentionlesson.store.Sql;

/** Grading settings of each activity (resource link): the grade policy, best attempt unless set otherwise. */
public final class GradingSettings {
    private final Database db;
    private final Clock clock;

    public GradingSettings(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public GradePolicy policy(long registrationId, String resourceLinkId) {
        return db.withConnection(c -> policy(c, registrationId, resourceLinkId));
    }

    GradePolicy policy(Connection c, long registrationId, String resourceLinkId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT policy FROM grading_setting WHERE registration_id = ? AND resource_link_id = ?")) {
            Sql.bind(ps, registrationId, resourceLinkId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? GradePolicy.parse(rs.getString(1)).orElse(GradePolicy.DEFAULT) : GradePolicy.DEFAULT;
            }
        }
    }

    public void setPolicy(long registrationId, String resourceLinkId, GradePolicy policy) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE grading_setting SET policy = ?, updated_at = ? "
                    + "WHERE registration_id = ? AND resource_link_id = ?")) {
                Sql.bind(ps, policy, clock.instant(), registrationId, resourceLinkId);
                if (ps.executeUpdate() == 1) {
                    return null;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO grading_setting (registration_id, "
                    + "resource_link_id, policy, updated_at) VALUES (?, ?, ?, ?)")) {
                Sql.bind(ps, registrationId, resourceLinkId, policy, clock.instant());
                ps.executeUpdate();
            }
            return null;
        });
    }
}
