package org.attentionlesson.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void aStudentsGradeStatusReadsOnlyTheLaunchsDeployment() {
        report(deploymentA, 1, "COMPLETED", 8);
        assertTrue(outbox.hasUnseenEvent(1, deploymentA, "ada", "link"), "waits for intake in its own deployment");
        assertFalse(outbox.hasUnseenEvent(1, deploymentB, "ada", "link"), "nothing waits in the other deployment");
        outbox.intake(100, GradeOutbox.Scan.FULL);
        assertEquals(
                8.0,
                outbox.latestFor(1, deploymentA, "ada", "link").orElseThrow().scoreGiven());
        assertTrue(
                outbox.latestFor(1, deploymentB, "ada", "link").isEmpty(),
                "the same user and link id in another deployment has no score yet");
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

    /**
     * One intake batch decides many learners' rows at once from what it read for all of them (in reads of 64
     * learners) and from the rows decided before in the same batch: every learner ends exactly as if each event had
     * been taken in alone. 70 learners: a first score each (pending), then in one batch a worse one (held back by the
     * best-score policy, since the pending first still counts), a better one (replaces the first, which was written
     * before this batch) and another better one (replaces the one decided just before it in the batch).
     */
    @Test
    void aBatchOfManyLearnersEndsAsIfEachEventWereTakenInAlone() {
        int learners = 70;
        for (int i = 0; i < learners; i++) {
            report("learner-" + i, deploymentA, 1, "COMPLETED", 5);
        }
        assertEquals(learners, outbox.intake(500, GradeOutbox.Scan.FULL));
        for (int i = 0; i < learners; i++) {
            report("learner-" + i, deploymentA, 2, "COMPLETED", 3);
            report("learner-" + i, deploymentA, 3, "COMPLETED", 8);
            report("learner-" + i, deploymentA, 4, "COMPLETED", 9);
        }
        assertEquals(3 * learners, outbox.intake(500, GradeOutbox.Scan.FULL));
        List<String> expected = List.of("5.0 SUPERSEDED", "3.0 SKIPPED", "8.0 SUPERSEDED", "9.0 PENDING");
        db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT subject, score_given, status, score_timestamp "
                    + "FROM grade_outbox ORDER BY subject, attempt_number")) {
                java.util.Map<String, List<String>> bySubject = new java.util.TreeMap<>();
                java.util.Map<String, Instant> last = new java.util.HashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String subject = rs.getString(1);
                        bySubject
                                .computeIfAbsent(subject, k -> new ArrayList<>())
                                .add(rs.getDouble(2) + " " + rs.getString(3));
                        Instant at = rs.getTimestamp(4).toInstant();
                        Instant before = last.put(subject, at);
                        if (before != null) {
                            assertTrue(
                                    !at.isBefore(before.plusSeconds(1)),
                                    subject + ": a row's timestamp is a whole second after the previous one's");
                        }
                    }
                }
                assertEquals(learners, bySubject.size());
                bySubject.forEach((subject, rows) -> assertEquals(expected, rows, subject));
            }
            return null;
        });
    }

    /** One report of attempt {@code number} of Ada at "link", as grading's listener records it. */
    private void report(long deployment, int number, String progress, double score) {
        report("ada", deployment, number, progress, score);
    }

    /** One report of attempt {@code number} of {@code learner} at "link", as grading's listener records it. */
    private void report(String learner, long deployment, int number, String progress, double score) {
        clock = clock.plusMillis(200);
        Instant at = clock;
        db.inTransaction(c -> {
            long attempt;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id FROM exercise_attempt WHERE deployment_row_id = ? AND attempt_number = ? "
                            + "AND learner_key = ?")) {
                ps.setLong(1, deployment);
                ps.setInt(2, number);
                ps.setString(3, learner);
                try (ResultSet rs = ps.executeQuery()) {
                    attempt = rs.next() ? rs.getLong(1) : -1;
                }
            }
            if (attempt < 0) {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO exercise_attempt (registration_id, "
                                + "learner_key, anonymous, resource_link_id, lesson_id, attempt_number, launch_id, pair_ids, "
                                + "item_ids, started_at, deployment_row_id) VALUES (1, ?, FALSE, 'link', 'lesson', ?, 'l', "
                                + "'p', 'i', ?, ?)",
                        new String[] {"id"})) {
                    ps.setString(1, learner);
                    ps.setInt(2, number);
                    ps.setObject(3, java.sql.Timestamp.from(at));
                    ps.setLong(4, deployment);
                    ps.executeUpdate();
                    try (ResultSet keys = ps.getGeneratedKeys()) {
                        keys.next();
                        attempt = keys.getLong(1);
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO grade_event (attempt_id, registration_id, "
                    + "subject, resource_link_id, launch_id, score_given, score_maximum, created_at, progress, "
                    + "attempt_number, deployment_row_id, ags_lineitem, ags_scopes) VALUES (?, 1, ?, 'link', 'l', "
                    + "?, 10, ?, ?, ?, ?, 'https://lms.example/li/1', ?)")) {
                ps.setLong(1, attempt);
                ps.setString(2, learner);
                ps.setDouble(3, score);
                ps.setObject(4, java.sql.Timestamp.from(at));
                ps.setString(5, progress);
                ps.setInt(6, number);
                ps.setLong(7, deployment);
                ps.setString(8, SCOPES);
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
