package org.attentionlesson.instructor;

import static org.attentionlesson.instructor.ClassResultsFixture.text;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.attentionlesson.support.DevLmsClient;
import org.attentionlesson.support.LtiHttp;
import org.attentionlesson.support.TestDatabase;
import org.attentionlesson.support.TomcatServer;
import org.junit.jupiter.api.Test;

/**
 * The class page's counts that a node reuses for a while (docs/adr/0003-class-summaries.md), through the packaged WAR
 * on PostgreSQL with the dev LMS course of 30 members: this node's own launches and attempts show at once; what
 * another node wrote (rows put in the database directly) shows after the refresh button, not before.
 */
class ClassSummaryIT {
    @Test
    void ownWritesShowAtOnceAndAnotherNodesAfterRefresh() throws Exception {
        Path dir = Files.createTempDirectory("class-summary-it-");
        try (TestDatabase db = TestDatabase.postgres()) {
            Map<String, String> params = new LinkedHashMap<>(db.params());
            params.put("attention.devMode", "true");
            params.put("attention.pairsPerAttempt", ClassResultsFixture.ALL_PAIRS);
            params.put("attention.classSummarySeconds", "600"); // longer than the test: only clearing renews
            try (TomcatServer server = TomcatServer.start(0, params)) {
                LtiHttp http = new LtiHttp(server.baseUrl());
                String teacher = new DevLmsClient(server.baseUrl())
                        .launch("teacher-alan", "get")
                        .launchToken();
                String page = "/instructor/class?lt=" + teacher;
                String before = http.get(page).body();
                assertTrue(counts(before, 29, 0, 0), text(before));

                // This node's launches, starts and submissions: the next view counts them.
                String ada = new DevLmsClient(server.baseUrl())
                        .launch("student-ada", "get")
                        .launchToken();
                String grace = new DevLmsClient(server.baseUrl())
                        .launch("student-grace", "get")
                        .launchToken();
                new ClassResultsFixture(server.baseUrl()).answerAsTheClass(ada, grace);
                String after = http.get(page).body();
                assertTrue(counts(after, 27, 1, 1), text(after));

                // Another node: a visitor who is not in the roster launched, and student-007 started an attempt.
                try (Connection c = db.connect()) {
                    String graceLaunch = db.stringQuery(
                            "SELECT id FROM launch_context WHERE subject = 'student-grace' ORDER BY created_at DESC");
                    copyLaunch(c, graceLaunch, "other-node-visitor", "visitor-x", "Vera Visitor");
                    copyLaunch(c, graceLaunch, "other-node-007", "student-007", null);
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO exercise_attempt (registration_id, "
                            + "learner_key, anonymous, resource_link_id, lesson_id, attempt_number, launch_id, pair_ids, "
                            + "item_ids, started_at, deployment_row_id, context_id) SELECT registration_id, "
                            + "'student-007', FALSE, resource_link_id, lesson_id, 1, 'other-node-007', pair_ids, item_ids, "
                            + "started_at, deployment_row_id, context_id FROM exercise_attempt WHERE learner_key = "
                            + "'student-grace'")) {
                        ps.executeUpdate();
                    }
                }
                String remembered = http.get(page).body();
                assertTrue(counts(remembered, 27, 1, 1), "the remembered counts: " + text(remembered));
                assertFalse(remembered.contains("Vera Visitor"), text(remembered));

                String refreshed = http.get(page + "&refresh=1").body();
                assertTrue(refreshed.contains("30 students"), text(refreshed));
                assertTrue(counts(refreshed, 27, 2, 1), text(refreshed));
                assertTrue(refreshed.contains("Vera Visitor"), text(refreshed));
            }
        } finally {
            TomcatServer.deleteRecursively(dir.toFile());
        }
    }

    private static boolean counts(String html, int notStarted, int inProgress, int submitted) {
        return html.contains("Not started (" + notStarted + ")")
                && html.contains("In progress (" + inProgress + ")")
                && html.contains("Submitted (" + submitted + ")");
    }

    private static void copyLaunch(Connection c, String from, String id, String subject, String name) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO launch_context (id, registration_id, "
                + "deployment_row_id, message_type, subject, name, roles, context_id, resource_link_id, nrps_url, "
                + "created_at) SELECT ?, registration_id, deployment_row_id, message_type, ?, ?, roles, context_id, "
                + "resource_link_id, nrps_url, created_at FROM launch_context WHERE id = ?")) {
            ps.setString(1, id);
            ps.setString(2, subject);
            ps.setString(3, name);
            ps.setString(4, from);
            ps.executeUpdate();
        }
    }
}
