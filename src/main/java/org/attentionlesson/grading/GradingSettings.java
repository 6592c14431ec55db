package org.attentionlesson.grading;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import org.attentionlesson.store.Database;
import org.attentionlesson.store.Sql;

/**
 * Settings of each activity (resource link), one {@code grading_setting} row: the grade policy (best attempt unless
 * set otherwise) and how many attempts a learner may start (unlimited unless set). No row means the defaults. A row
 * belongs to the link in one deployment: link ids are unique only within a deployment (LTI Core 1.3 §5.3.5).
 */
public final class GradingSettings {
    /** Attempts allowed at most when limited; the picker and the instructor page offer 1 to this. */
    public static final int MAX_ATTEMPT_LIMIT = 10;

    /** An activity's rules; {@code attemptLimit} null means unlimited. */
    public record Rules(GradePolicy policy, Integer attemptLimit) {
        public static final Rules DEFAULT = new Rules(GradePolicy.DEFAULT, null);

        public Rules {
            if (attemptLimit != null && !validLimit(attemptLimit)) {
                throw new IllegalArgumentException("attempt limit " + attemptLimit);
            }
        }
    }

    private final Database db;
    private final Clock clock;

    public GradingSettings(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public static boolean validLimit(int limit) {
        return limit >= 1 && limit <= MAX_ATTEMPT_LIMIT;
    }

    public GradePolicy policy(long registrationId, long deploymentRowId, String resourceLinkId) {
        return rules(registrationId, deploymentRowId, resourceLinkId).policy();
    }

    GradePolicy policy(Connection c, long registrationId, Long deploymentRowId, String resourceLinkId)
            throws SQLException {
        return rules(c, registrationId, deploymentRowId, resourceLinkId).policy();
    }

    public Rules rules(long registrationId, long deploymentRowId, String resourceLinkId) {
        return db.withConnection(c -> rules(c, registrationId, deploymentRowId, resourceLinkId));
    }

    /**
     * The activity's rules in that deployment as stored, or the defaults when it has no row (or the deployment is
     * unknown: rows from before the tool kept it whose launch is gone).
     */
    public static Rules rules(Connection c, long registrationId, Long deploymentRowId, String resourceLinkId)
            throws SQLException {
        if (deploymentRowId == null) {
            return Rules.DEFAULT;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT policy, attempt_limit FROM grading_setting "
                + "WHERE registration_id = ? AND deployment_row_id = ? AND resource_link_id = ?")) {
            Sql.bind(ps, registrationId, deploymentRowId, resourceLinkId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Rules.DEFAULT;
                }
                GradePolicy policy = GradePolicy.parse(rs.getString(1)).orElse(GradePolicy.DEFAULT);
                int limit = rs.getInt(2);
                return new Rules(policy, rs.wasNull() || !validLimit(limit) ? null : limit);
            }
        }
    }

    public void setPolicy(long registrationId, long deploymentRowId, String resourceLinkId, GradePolicy policy) {
        upsert(registrationId, deploymentRowId, resourceLinkId, "policy", policy, new Rules(policy, null));
    }

    /** Sets the attempts allowed ({@code null}: unlimited); applies to attempts started from now on. */
    public void setAttemptLimit(long registrationId, long deploymentRowId, String resourceLinkId,
            Integer attemptLimit) {
        upsert(registrationId, deploymentRowId, resourceLinkId, "attempt_limit", attemptLimit,
                new Rules(GradePolicy.DEFAULT, attemptLimit));
    }

    /** Updates one column of the link's row, or inserts a row with that value and the other defaults. */
    private void upsert(long registrationId, long deploymentRowId, String resourceLinkId, String column, Object value,
            Rules inserted) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE grading_setting SET " + column + " = ?, "
                    + "updated_at = ? WHERE registration_id = ? AND deployment_row_id = ? AND resource_link_id = ?")) {
                Sql.bind(ps, value, clock.instant(), registrationId, deploymentRowId, resourceLinkId);
                if (ps.executeUpdate() == 1) {
                    return null;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO grading_setting (registration_id, "
                    + "deployment_row_id, resource_link_id, policy, attempt_limit, updated_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?)")) {
                Sql.bind(ps, registrationId, deploymentRowId, resourceLinkId, inserted.policy(),
                        inserted.attemptLimit(), clock.instant());
                ps.executeUpdate();
            }
            return null;
        });
    }
}
