package org.attentionlesson.grading;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import org.attentionlesson.store.Sql;

/** JDBC behind {@link GradeReposts} on {@code grade_outbox}: a student's history at a link, and the regrade row. */
final class GradeRepostStore {
    private GradeRepostStore() {}

    /** The grade services and place of the student's latest score row (what a regrade is sent with). */
    record Services(
            String launchId,
            String lineitems,
            String lineitem,
            String scopes,
            String linkTitle,
            Long deploymentRowId,
            String contextId) {}

    /**
     * {@code services} of the latest submitted score sent through grade services (null: none), the share last sent or
     * waiting ({@code current}, null: none), and the newest timestamp of any row (progress reports included).
     */
    record History(Services services, Double current, Instant lastTimestamp) {}

    static History history(Connection c, long reg, long deployment, String subject, String link) throws SQLException {
        Services latest = null;
        Double current = null;
        Instant lastTimestamp = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT launch_id, ags_lineitems, ags_lineitem, ags_scopes, "
                + "link_title, status, score_given, score_maximum, score_timestamp, deployment_row_id, context_id, "
                + "progress FROM grade_outbox "
                + "WHERE registration_id = ? AND deployment_row_id = ? AND subject = ? AND resource_link_id = ? "
                + "ORDER BY id DESC")) {
            Sql.bind(ps, reg, deployment, subject, link);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Instant ts = Sql.instant(rs.getTimestamp(9));
                    if (lastTimestamp == null || (ts != null && ts.isAfter(lastTimestamp))) {
                        lastTimestamp = ts;
                    }
                    String status = rs.getString(6);
                    boolean finalScore = OutboxIntake.COMPLETED.equals(rs.getString(12));
                    if (latest == null && finalScore && !status.equals("LOCAL_ONLY")) {
                        latest = new Services(
                                rs.getString(1),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getString(4),
                                rs.getString(5),
                                rs.getObject(10, Long.class),
                                rs.getString(11));
                    }
                    if (current == null
                            && finalScore
                            && (status.equals("DELIVERED") || status.equals("PENDING"))
                            && rs.getDouble(8) > 0) {
                        current = rs.getDouble(7) / rs.getDouble(8);
                    }
                }
            }
        }
        return new History(latest, current, lastTimestamp);
    }

    /** Replaces what still waits for the student at the link with the regrade row. */
    static void queue(
            Connection c,
            long reg,
            long deployment,
            String subject,
            String link,
            Services s,
            GradeReposts.Grade grade,
            Instant timestamp,
            Instant now,
            Instant giveUpAt)
            throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("UPDATE grade_outbox SET status = 'SUPERSEDED', finished_at = ?, "
                        + "last_error = ? WHERE registration_id = ? AND deployment_row_id = ? AND subject = ? "
                        + "AND resource_link_id = ? AND status = 'PENDING'")) {
            Sql.bind(ps, now, "Replaced by a regrade before it was sent.", reg, deployment, subject, link);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO grade_outbox (grade_event_id, registration_id, "
                        + "subject, resource_link_id, launch_id, attempt_number, score_given, score_maximum, score_timestamp, "
                        + "submitted_at, ags_lineitems, ags_lineitem, ags_scopes, link_title, regrade, status, tries, "
                        + "next_attempt_at, give_up_at, last_error, created_at, finished_at, deployment_row_id, context_id) "
                        + "VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, TRUE, 'PENDING', 0, ?, ?, NULL, ?, NULL, ?, ?)")) {
            Sql.bind(
                    ps,
                    reg,
                    subject,
                    link,
                    s.launchId(),
                    grade.attemptNumber(),
                    grade.given(),
                    grade.maximum(),
                    timestamp,
                    grade.submittedAt() == null ? now : grade.submittedAt(),
                    s.lineitems(),
                    s.lineitem(),
                    s.scopes(),
                    s.linkTitle(),
                    now,
                    giveUpAt,
                    now,
                    s.deploymentRowId(),
                    s.contextId());
            ps.executeUpdate();
        }
    }
}
