package org.attentionlesson.grading;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.attentionlesson.lesson.AttemptEvent;
import org.attentionlesson.lesson.AttemptListener;
import org.attentionlesson.lti.LaunchFacts;
import org.attentionlesson.store.Sql;

/**
 * Grading's side of the lesson's attempt reports: each one becomes a {@code grade_event} row in the lesson's own
 * transaction (so a submitted score is never lost and never recorded without its attempt), carrying everything the
 * outbox needs from the attempt and the launch. {@link OutboxIntake} turns each into one outbox row. A report
 * repeated for the same attempt and progress (a retried request) is recorded once.
 */
public final class GradeEvents implements AttemptListener {
    @Override
    public void attemptReported(Connection c, AttemptEvent e) throws SQLException {
        if (e.subject() == null) {
            return; // nobody to grade
        }
        if (e.progress() != AttemptEvent.Progress.COMPLETED && recorded(c, e)) {
            return;
        }
        LaunchFacts.Facts launch = e.launch();
        Long deployment =
                e.deploymentRowId() != null ? e.deploymentRowId() : launch == null ? null : launch.deploymentRowId();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO grade_event (attempt_id, registration_id, subject, "
                + "resource_link_id, launch_id, score_given, score_maximum, created_at, progress, attempt_number, "
                + "submitted_at, deployment_row_id, context_id, link_title, ags_lineitems, ags_lineitem, ags_scopes) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            Sql.bind(
                    ps,
                    e.attemptId(),
                    e.registrationId(),
                    e.subject(),
                    e.resourceLinkId(),
                    e.launchId(),
                    e.scoreGiven() == null ? 0d : e.scoreGiven(),
                    e.scoreMaximum(),
                    e.at(),
                    e.progress().name(),
                    e.attemptNumber(),
                    e.submittedAt(),
                    deployment,
                    e.contextId() != null ? e.contextId() : launch == null ? null : launch.contextId(),
                    launch == null ? null : launch.resourceLinkTitle(),
                    launch == null ? null : launch.agsLineitems(),
                    launch == null ? null : launch.agsLineitem(),
                    launch == null ? null : launch.agsScopesText());
            ps.executeUpdate();
        }
    }

    private static boolean recorded(Connection c, AttemptEvent e) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT 1 FROM grade_event WHERE attempt_id = ? AND progress = ?")) {
            Sql.bind(ps, e.attemptId(), e.progress().name());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
