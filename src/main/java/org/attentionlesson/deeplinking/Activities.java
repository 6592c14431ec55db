package org.attentionlesson.deeplinking;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.attentionlesson.grading.GradePolicy;
import org.attentionlesson.grading.GradingSettings;
import org.attentionlesson.store.Database;
import org.attentionlesson.store.Sql;
import org.attentionlesson.web.ToolException;

/** The {@code activity} table. */
public final class Activities {
    private static final String COLUMNS = "id, registration_id, deployment_row_id, launch_id, title, points, policy, "
            + "presentation, created_by, created_at, attempt_limit";

    private final Database db;

    public Activities(Database db) {
        this.db = db;
    }

    /** Stores a new activity; a second one from the same deep-linking launch is refused (409). */
    public void insert(Activity a) {
        try {
            db.withConnection(c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO activity (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    Sql.bind(
                            ps,
                            a.id(),
                            a.registrationId(),
                            a.deploymentRowId(),
                            a.launchId(),
                            a.title(),
                            a.points(),
                            a.policy(),
                            a.presentation() == null ? null : a.presentation().wire(),
                            a.createdBy(),
                            a.createdAt(),
                            a.attemptLimit());
                    return ps.executeUpdate();
                }
            });
        } catch (Database.StoreException e) {
            if (e.isUniqueViolation()) {
                throw ToolException.conflict(
                        "DL_ALREADY_ANSWERED",
                        "An activity was already added from this page. "
                                + "To add another, start again from your course.");
            }
            throw e;
        }
    }

    public Optional<Activity> find(long registrationId, String id) {
        return db.withConnection(c -> find(c, registrationId, id));
    }

    /** The activity with this id made under this registration (an id from another platform finds nothing). */
    public Optional<Activity> find(Connection c, long registrationId, String id) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT " + COLUMNS + " FROM activity WHERE id = ? AND registration_id = ?")) {
            Sql.bind(ps, id, registrationId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                int limit = rs.getInt(11);
                Integer attemptLimit = rs.wasNull() || !GradingSettings.validLimit(limit) ? null : limit;
                return Optional.of(new Activity(
                        rs.getString(1),
                        rs.getLong(2),
                        rs.getLong(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getDouble(6),
                        GradePolicy.parse(rs.getString(7)).orElse(GradePolicy.DEFAULT),
                        attemptLimit,
                        Presentation.fromWire(rs.getString(8)).orElse(null),
                        rs.getString(9),
                        Sql.instant(rs.getTimestamp(10))));
            }
        }
    }
}
