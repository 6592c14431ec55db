package org.attentionlesson.grading;

import static org.attentionlesson.support.Migrations.flyway;
import static org.attentionlesson.support.Migrations.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * V20 makes a grade event one of an attempt's progress reports and lets it carry the launch's facts: existing events
 * become COMPLETED reports with their attempt number and their launch's deployment, course and grade service; the
 * outbox still points at the same events; an attempt can now also have a STARTED report; attempts are numbered per
 * deployment. Runs the real migrations on H2 and on PostgreSQL.
 */
class GradeEventMigrationTest {
    private static final String NOW = "CURRENT_TIMESTAMP";

    @Test
    void existingEventsBecomeCompletedReportsWithTheirLaunchesFactsAndTheOutboxFollowsThem() throws Exception {
        migratesExistingEvents("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    }

    @Test
    void theSameUpgradeRunsOnPostgresWithData() throws Exception {
        try (org.attentionlesson.support.TestDatabase pg = org.attentionlesson.support.TestDatabase.postgres()) {
            migratesExistingEvents(pg.jdbcUrl());
        }
    }

    private static void migratesExistingEvents(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement()) {
            flyway(url).target("16").load().migrate();
            s.execute("INSERT INTO platform_registration (id, issuer, client_id, name, auth_url, jwks_url, status, "
                    + "created_at, updated_at) VALUES (1, 'https://lms.example', 'c', 'LMS', 'https://lms.example/a', "
                    + "'https://lms.example/j', 'ACTIVE', " + NOW + ", " + NOW + ")");
            s.execute("INSERT INTO deployment (id, registration_id, deployment_id, status, created_at) VALUES "
                    + "(11, 1, 'd1', 'ACTIVE', " + NOW + "), (12, 1, 'd2', 'ACTIVE', " + NOW + ")");
            s.execute("INSERT INTO launch_context (id, registration_id, deployment_row_id, message_type, roles, "
                    + "context_id, resource_link_id, resource_link_title, ags_lineitems, ags_lineitem, ags_scopes, "
                    + "created_at) VALUES ('l1', 1, 11, 'RESOURCE_LINK', '[]', 'course-1', 'link', 'Lesson', "
                    + "'https://lms.example/li', 'https://lms.example/li/1', 'score lineitem', " + NOW + ")");
            for (int n = 1; n <= 2; n++) {
                s.execute(
                        "INSERT INTO exercise_attempt (id, registration_id, learner_key, anonymous, resource_link_id, "
                                + "lesson_id, attempt_number, launch_id, pair_ids, item_ids, started_at, submitted_at, score_given, "
                                + "score_maximum, deployment_row_id, context_id) VALUES (" + n
                                + ", 1, 'ada', FALSE, 'link', "
                                + "'lesson', " + n + ", 'l1', 'p', 'i', " + NOW + ", " + NOW + ", " + (5 + n)
                                + ", 18, 11, "
                                + "'course-1')");
            }
            s.execute("INSERT INTO grade_event (id, attempt_id, registration_id, subject, resource_link_id, launch_id, "
                    + "score_given, score_maximum, created_at) VALUES (5, 1, 1, 'ada', 'link', 'l1', 6, 18, " + NOW
                    + "), "
                    + "(9, 2, 1, 'ada', 'link', 'l1', 7, 18, " + NOW + ")");
            s.execute(
                    "INSERT INTO grade_outbox (grade_event_id, registration_id, subject, resource_link_id, launch_id, "
                            + "attempt_number, score_given, score_maximum, score_timestamp, submitted_at, regrade, status, tries, "
                            + "next_attempt_at, give_up_at, created_at, deployment_row_id) VALUES (5, 1, 'ada', 'link', 'l1', 1, "
                            + "6, 18, " + NOW + ", " + NOW + ", FALSE, 'DELIVERED', 1, " + NOW + ", " + NOW + ", " + NOW
                            + ", 11)");

            flyway(url).load().migrate();

            assertEquals(
                    List.of(
                            "1 COMPLETED 1 11 course-1 Lesson https://lms.example/li/1 score lineitem",
                            "2 COMPLETED 2 11 course-1 Lesson https://lms.example/li/1 score lineitem"),
                    rows(
                            s,
                            "SELECT attempt_id, progress, attempt_number, deployment_row_id, context_id, link_title, "
                                    + "ags_lineitem, ags_scopes FROM grade_event ORDER BY id"));
            assertEquals(
                    List.of("1 COMPLETED"),
                    rows(
                            s,
                            "SELECT ge.attempt_id, o.progress FROM grade_outbox o "
                                    + "JOIN grade_event ge ON ge.id = o.grade_event_id"),
                    "the outbox row still names attempt 1's event");
            assertEquals(
                    List.of("1"),
                    rows(
                            s,
                            "SELECT COUNT(*) FROM grade_event ge WHERE NOT EXISTS "
                                    + "(SELECT 1 FROM grade_outbox o WHERE o.grade_event_id = ge.id)"),
                    "attempt 2's event still waits");

            // An attempt's start is a second report of it; new events are numbered after the old ones.
            s.execute("INSERT INTO grade_event (attempt_id, registration_id, subject, resource_link_id, launch_id, "
                    + "score_given, score_maximum, created_at, progress) VALUES (2, 1, 'ada', 'link', 'l1', 0, 18, "
                    + NOW + ", 'STARTED')");
            assertEquals(List.of("3 true"), rows(s, "SELECT COUNT(*), MAX(id) > 2 FROM grade_event"));
            // The same link id in another deployment starts its own attempt 1.
            s.execute("INSERT INTO exercise_attempt (id, registration_id, learner_key, anonymous, resource_link_id, "
                    + "lesson_id, attempt_number, launch_id, pair_ids, item_ids, started_at, deployment_row_id) VALUES "
                    + "(3, 1, 'ada', FALSE, 'link', 'lesson', 1, 'l2', 'p', 'i', " + NOW + ", 12)");
        }
    }
}
