package org.attentionlesson.grading;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Instant;
import org.attentionlesson.store.Database;
import org.attentionlesson.store.Sql;

/** JDBC behind {@link GradingSettings} on {@code grading_setting} (one row per link and deployment, V16). */
final class GradingSettingStore {
    private GradingSettingStore() {}

    static GradingSettings.Rules read(Connection c, long registrationId, long deploymentRowId, String resourceLinkId)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT policy, attempt_limit FROM grading_setting "
                + "WHERE registration_id = ? AND deployment_row_id = ? AND resource_link_id = ?")) {
            Sql.bind(ps, registrationId, deploymentRowId, resourceLinkId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return GradingSettings.Rules.DEFAULT;
                }
                GradePolicy policy = GradePolicy.parse(rs.getString(1)).orElse(GradePolicy.DEFAULT);
                int limit = rs.getInt(2);
                return new GradingSettings.Rules(
                        policy, rs.wasNull() || !GradingSettings.validLimit(limit) ? null : limit);
            }
        }
    }

    /** Updates one column of the link's row, or inserts a row with that value and the other defaults. */
    static void upsert(
            Connection c,
            long registrationId,
            long deploymentRowId,
            String resourceLinkId,
            String column,
            Object value,
            GradingSettings.Rules inserted,
            Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE grading_setting SET " + column + " = ?, "
                + "updated_at = ? WHERE registration_id = ? AND deployment_row_id = ? AND resource_link_id = ?")) {
            Sql.bind(ps, value, now, registrationId, deploymentRowId, resourceLinkId);
            if (ps.executeUpdate() == 1) {
                return;
            }
        }
        insert(c, registrationId, deploymentRowId, resourceLinkId, inserted, now);
    }

    /**
     * Inserts the link's row unless it has one; false when it had. A simultaneous insert on another node counts as
     * "had one": the savepoint keeps the caller's transaction usable on PostgreSQL.
     */
    static boolean insertIfAbsent(
            Connection c,
            long registrationId,
            long deploymentRowId,
            String resourceLinkId,
            GradingSettings.Rules rules,
            Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM grading_setting WHERE registration_id = ? "
                + "AND deployment_row_id = ? AND resource_link_id = ?")) {
            Sql.bind(ps, registrationId, deploymentRowId, resourceLinkId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return false;
                }
            }
        }
        Savepoint before = c.setSavepoint();
        try {
            insert(c, registrationId, deploymentRowId, resourceLinkId, rules, now);
            c.releaseSavepoint(before);
            return true;
        } catch (SQLException e) {
            if (!Database.StoreException.isUniqueViolation(e)) {
                throw e;
            }
            c.rollback(before);
            return false;
        }
    }

    private static void insert(
            Connection c,
            long registrationId,
            long deploymentRowId,
            String resourceLinkId,
            GradingSettings.Rules rules,
            Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO grading_setting (registration_id, "
                        + "deployment_row_id, resource_link_id, policy, attempt_limit, updated_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            Sql.bind(ps, registrationId, deploymentRowId, resourceLinkId, rules.policy(), rules.attemptLimit(), now);
            ps.executeUpdate();
        }
    }
}
