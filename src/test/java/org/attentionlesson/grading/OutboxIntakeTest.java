package org.attentionlesson.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.attentionlesson.lesson.AttemptScores;
import org.attentionlesson.lesson.AttemptStore;
import org.attentionlesson.store.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The outbox's intake on a real in-memory H2: what a learner already has is looked up at the activity in the event's
 * deployment, and progress reports (AGS 2.0 Score service: Started, InProgress) never count as a grade and never go
 * out once a score is on record.
 */
class OutboxIntakeTest {
    private static final String SCOPES = "https://purl.imsglobal.org/spec/lti-ags/scope/score";
    private Database db;
    private GradeOutbox outbox;
    private GradingSettings settings;
    private long deploymentA;
    private long deploymentB;
    private Instant clock = Instant.parse("2026-03-01T10:00:00Z");

    @BeforeEach
    void setUp() {
        db = new Database("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null, 2);
        settings = new GradingSettings(db, Clock.systemUTC());
        outbox = new GradeOutbox(
                db, Clock.systemUTC(), settings, Duration.ofDays(1), null, new AttemptScores(new AttemptStore(db)));
        db.inTransaction(c -> {
            c.createStatement()
                    .execute(
                            "INSERT INTO platform_registration (id, issuer, client_id, name, auth_url, "
                                    + "jwks_url, status, created_at, updated_at) VALUES (1, 'https://lms.example', 'c', 'LMS', "
                                    + "'https://lms.example/a', 'https://lms.example/j', 'ACTIVE', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
            c.createStatement()
                    .execute(
                            "INSERT INTO deployment (id, registration_id, deployment_id, status, created_at) "
                                    + "VALUES (11, 1, 'd1', 'ACTIVE', CURRENT_TIMESTAMP), (12, 1, 'd2', 'ACTIVE', CURRENT_TIMESTAMP)");
            return null;
        });
        deploymentA = 11;
        deploymentB = 12;
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void theSameLinkIdInAnotherDeploymentIsAnotherActivity() {
        report(deploymentA, 1, "COMPLETED", 8);
        report(deploymentB, 1, "COMPLETED", 6); // best score counts: in its own activity, 6 is the best
        assertEquals(2, outbox.intake(100, GradeOutbox.Scan.FULL));
        assertEquals(List.of("11 COMPLETED PENDING", "12 COMPLETED PENDING"), rows());
        assertEquals(0, secondsBetweenTimestamps(), "no second added for a row of another activity");
    }

    @Test
    void aWorseScoreInTheSameDeploymentIsStillHeldBackByTheBestPolicy() {
        report(deploymentA, 1, "COMPLETED", 8);
        report(deploymentA, 2, "COMPLETED", 6);
        outbox.intake(100, GradeOutbox.Scan.FULL);
        assertEquals(List.of("11 COMPLETED PENDING", "11 COMPLETED SKIPPED"), rows());
    }

    @Test
    void progressWaitsUntilTheScoreReplacesItAndNoLaterProgressFollowsTheScore() {
        report(deploymentA, 1, "STARTED", 0);
        report(deploymentA, 1, "IN_PROGRESS", 0);
        outbox.intake(100, GradeOutbox.Scan.FULL);
        assertEquals(List.of("11 STARTED SUPERSEDED", "11 IN_PROGRESS PENDING"), rows());
        report(deploymentA, 1, "COMPLETED", 7);
        report(deploymentA, 2, "STARTED", 0);
        outbox.intake(100, GradeOutbox.Scan.FULL);
        assertEquals(
                List.of(
                        "11 STARTED SUPERSEDED",
                        "11 IN_PROGRESS SUPERSEDED",
                        "11 COMPLETED PENDING",
                        "11 STARTED SKIPPED"),
                rows());
    }

    @Test
    void progressIsNotAGradeForTheFirstAttemptPolicy() {
        settings.setPolicy(1, deploymentA, "link", GradePolicy.FIRST);
        report(deploymentA, 1, "STARTED", 0);
        report(deploymentA, 1, "COMPLETED", 5);
        report(deploymentA, 2, "COMPLETED", 9);
        outbox.intake(100, GradeOutbox.Scan.FULL);
        assertEquals(List.of("11 STARTED SUPERSEDED", "11 COMPLETED PENDING", "11 COMPLETED SKIPPED"), rows());
    }

    /** One report of attempt {@code number} of Ada at "link", as grading's listener records it. */
    private void report(long deployment, int number, String progress, double score) {
        clock = clock.plusMillis(200);
        Instant at = clock;
        db.inTransaction(c -> {
            long attempt;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id FROM exercise_attempt WHERE deployment_row_id = ? " + "AND attempt_number = ?")) {
                ps.setLong(1, deployment);
                ps.setInt(2, number);
                try (ResultSet rs = ps.executeQuery()) {
                    attempt = rs.next() ? rs.getLong(1) : -1;
                }
            }
            if (attempt < 0) {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO exercise_attempt (registration_id, "
                                + "learner_key, anonymous, resource_link_id, lesson_id, attempt_number, launch_id, pair_ids, "
                                + "item_ids, started_at, deployment_row_id) VALUES (1, 'ada', FALSE, 'link', 'lesson', ?, 'l', "
                                + "'p', 'i', ?, ?)",
                        new String[] {"id"})) {
                    ps.setInt(1, number);
                    ps.setObject(2, java.sql.Timestamp.from(at));
                    ps.setLong(3, deployment);
                    ps.executeUpdate();
                    try (ResultSet keys = ps.getGeneratedKeys()) {
                        keys.next();
                        attempt = keys.getLong(1);
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO grade_event (attempt_id, registration_id, "
                    + "subject, resource_link_id, launch_id, score_given, score_maximum, created_at, progress, "
                    + "attempt_number, deployment_row_id, ags_lineitem, ags_scopes) VALUES (?, 1, 'ada', 'link', 'l', "
                    + "?, 10, ?, ?, ?, ?, 'https://lms.example/li/1', ?)")) {
                ps.setLong(1, attempt);
                ps.setDouble(2, score);
                ps.setObject(3, java.sql.Timestamp.from(at));
                ps.setString(4, progress);
                ps.setInt(5, number);
                ps.setLong(6, deployment);
                ps.setString(7, SCOPES);
                ps.executeUpdate();
            }
            return null;
        });
    }

    private List<String> rows() {
        return db.withConnection(c -> {
            List<String> out = new ArrayList<>();
            try (ResultSet rs = c.createStatement()
                    .executeQuery("SELECT deployment_row_id, progress, status " + "FROM grade_outbox ORDER BY id")) {
                while (rs.next()) {
                    out.add(rs.getLong(1) + " " + rs.getString(2) + " " + rs.getString(3));
                }
            }
            return out;
        });
    }

    private long secondsBetweenTimestamps() {
        return db.withConnection(c -> {
            try (ResultSet rs = c.createStatement()
                    .executeQuery("SELECT MIN(score_timestamp), MAX(score_timestamp) " + "FROM grade_outbox")) {
                rs.next();
                return Duration.between(
                                rs.getTimestamp(1).toInstant(),
                                rs.getTimestamp(2).toInstant())
                        .getSeconds();
            }
        });
    }
}
