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
 * V16 keys grading settings and line item bindings by deployment: existing rows are kept for each deployment that
 * launched their link (settings), or only where one deployment did (line items). Runs the real migrations on H2.
 */
class GradingPerDeploymentMigrationTest {

    @Test
    void existingSettingsStayWithEveryDeploymentThatLaunchedTheLinkAndSharedColumnsAreDropped() throws Exception {
        String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement()) {
            flyway(url).target("13").load().migrate();
            s.execute("INSERT INTO platform_registration (id, issuer, client_id, name, auth_url, jwks_url, status, "
                    + "created_at, updated_at) VALUES (1, 'https://lms.example', 'c', 'LMS', 'https://lms.example/a', "
                    + "'https://lms.example/j', 'ACTIVE', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
            s.execute("INSERT INTO deployment (id, registration_id, deployment_id, status, created_at) VALUES "
                    + "(11, 1, 'd1', 'ACTIVE', CURRENT_TIMESTAMP), (12, 1, 'd2', 'ACTIVE', CURRENT_TIMESTAMP)");
            s.execute("INSERT INTO launch_context (id, registration_id, deployment_row_id, message_type, roles, "
                    + "resource_link_id, created_at) VALUES "
                    + "('l1', 1, 11, 'LtiResourceLinkRequest', '', 'shared', CURRENT_TIMESTAMP), "
                    + "('l2', 1, 12, 'LtiResourceLinkRequest', '', 'shared', CURRENT_TIMESTAMP), "
                    + "('l3', 1, 11, 'LtiResourceLinkRequest', '', 'one', CURRENT_TIMESTAMP), "
                    + "('l4', 1, 11, 'LtiResourceLinkRequest', '', 'one', CURRENT_TIMESTAMP)");
            s.execute(
                    "INSERT INTO grading_setting (registration_id, resource_link_id, policy, attempt_limit, "
                            + "updated_at) VALUES (1, 'shared', 'LATEST', 3, CURRENT_TIMESTAMP), "
                            + "(1, 'one', 'FIRST', NULL, CURRENT_TIMESTAMP), (1, 'never-launched', 'AVERAGE', 2, CURRENT_TIMESTAMP)");
            s.execute("INSERT INTO ags_line_item (registration_id, resource_link_id, url, claimed_by, claim_until, "
                    + "updated_at) VALUES (1, 'shared', 'https://lms.example/li/1', NULL, NULL, CURRENT_TIMESTAMP), "
                    + "(1, 'one', 'https://lms.example/li/2', NULL, NULL, CURRENT_TIMESTAMP)");

            flyway(url).load().migrate();

            assertEquals(
                    List.of("11 one FIRST null", "11 shared LATEST 3", "12 shared LATEST 3"),
                    rows(
                            s,
                            "SELECT deployment_row_id, resource_link_id, policy, attempt_limit FROM grading_setting "
                                    + "ORDER BY 1, 2"));
            assertEquals(
                    List.of("11 one https://lms.example/li/2"),
                    rows(s, "SELECT deployment_row_id, resource_link_id, url FROM ags_line_item ORDER BY 1, 2"));
        }
    }
}
