package org.attentionlesson.lti;

import static org.attentionlesson.support.Migrations.flyway;
import static org.attentionlesson.support.Migrations.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.UUID;
import org.attentionlesson.support.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * V21 rebuilds the two tables every launch writes without their foreign keys to the registration and deployment
 * (docs/adr/0004-launch-rows-unchecked.md), drops launch_context's unread ix_launch_link, and keeps every row and
 * the cookie-less hand-off's foreign key to its launch. Runs the real migrations, with data, on H2 and PostgreSQL.
 */
class LaunchRowsMigrationTest {
    private static final String NOW = "CURRENT_TIMESTAMP";

    @Test
    void h2KeepsTheRowsAndDropsTheParentChecks() throws Exception {
        upgrades("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    }

    @Test
    void postgresKeepsTheRowsAndDropsTheParentChecks() throws Exception {
        try (TestDatabase pg = TestDatabase.postgres()) {
            upgrades(pg.jdbcUrl());
        }
    }

    private static void upgrades(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement()) {
            flyway(url).target("20").load().migrate();
            assertEquals(
                    List.of("deployment_row_id->deployment", "registration_id->platform_registration"),
                    parents(c, "launch_context"),
                    "before V21 the launch rows checked their parents");
            s.execute("INSERT INTO platform_registration (id, issuer, client_id, name, auth_url, jwks_url, status, "
                    + "created_at, updated_at) VALUES (1, 'https://lms.example', 'c', 'LMS', 'https://lms.example/a', "
                    + "'https://lms.example/j', 'ACTIVE', " + NOW + ", " + NOW + ")");
            s.execute("INSERT INTO deployment (id, registration_id, deployment_id, status, created_at) VALUES "
                    + "(11, 1, 'd1', 'ACTIVE', " + NOW + ")");
            s.execute(
                    "INSERT INTO launch_context (id, registration_id, deployment_row_id, message_type, subject, roles, "
                            + "context_id, resource_link_id, custom_json, created_at) VALUES ('l1', 1, 11, 'RESOURCE_LINK', "
                            + "'ada', '[]', 'course-1', 'link', '{\"a\":\"1\"}', " + NOW + ")");
            s.execute("INSERT INTO launch_handoff (code, launch_id, state_hash, expires_at) VALUES ('h1', 'l1', "
                    + "'hash', " + NOW + ")");
            s.execute("INSERT INTO login_state (state, nonce, registration_id, target_link_uri, deployment_id, "
                    + "storage_target, created_at, expires_at) VALUES ('s1', 'n1', 1, 'https://tool/lti/launch', 'd1', "
                    + "'_parent', " + NOW + ", " + NOW + ")");

            flyway(url).load().migrate();

            assertEquals(
                    List.of("l1 1 11 RESOURCE_LINK ada course-1 link {\"a\":\"1\"}"),
                    rows(
                            s,
                            "SELECT id, registration_id, deployment_row_id, message_type, subject, context_id, "
                                    + "resource_link_id, custom_json FROM launch_context"));
            assertEquals(List.of("h1 l1 hash"), rows(s, "SELECT code, launch_id, state_hash FROM launch_handoff"));
            assertEquals(
                    List.of("s1 n1 1 https://tool/lti/launch d1 _parent"),
                    rows(
                            s,
                            "SELECT state, nonce, registration_id, target_link_uri, deployment_id, storage_target "
                                    + "FROM login_state"));
            assertEquals(List.of(), parents(c, "launch_context"));
            assertEquals(List.of(), parents(c, "login_state"));
            assertEquals(List.of("launch_id->launch_context"), parents(c, "launch_handoff"));
            assertEquals(
                    new TreeSet<>(List.of("ix_launch_context_created", "ix_launch_scope", "ix_launch_user")),
                    secondaryIndexes(c, "launch_context"));
            assertEquals(new TreeSet<>(List.of("ix_login_state_expires")), secondaryIndexes(c, "login_state"));
            // The hand-off still cannot point at a launch that does not exist.
            assertThrows(
                    SQLException.class,
                    () -> s.execute("INSERT INTO launch_handoff (code, launch_id, state_hash, expires_at) VALUES "
                            + "('h2', 'no-such-launch', 'hash', " + NOW + ")"));
            // The primary keys still hold: one state, one launch id.
            assertThrows(
                    SQLException.class,
                    () -> s.execute("INSERT INTO login_state (state, nonce, registration_id, target_link_uri, "
                            + "created_at, expires_at) VALUES ('s1', 'n2', 1, 'x', " + NOW + ", " + NOW + ")"));
        }
    }

    /** The table's foreign keys as "column->referenced table", sorted. */
    private static List<String> parents(Connection c, String table) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        List<String> out = new ArrayList<>();
        try (ResultSet rs = md.getImportedKeys(null, null, name(md, table))) {
            while (rs.next()) {
                out.add(rs.getString("FKCOLUMN_NAME").toLowerCase(Locale.ROOT) + "->"
                        + rs.getString("PKTABLE_NAME").toLowerCase(Locale.ROOT));
            }
        }
        out.sort(null);
        return out;
    }

    /** The table's indexes other than its primary key's, lower case. */
    private static TreeSet<String> secondaryIndexes(Connection c, String table) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        TreeSet<String> out = new TreeSet<>();
        try (ResultSet rs = md.getIndexInfo(null, null, name(md, table), false, false)) {
            while (rs.next()) {
                String index = rs.getString("INDEX_NAME");
                if (index != null && index.toLowerCase(Locale.ROOT).startsWith("ix_")) {
                    out.add(index.toLowerCase(Locale.ROOT));
                }
            }
        }
        return out;
    }

    private static String name(DatabaseMetaData md, String table) throws SQLException {
        return md.storesUpperCaseIdentifiers() ? table.toUpperCase(Locale.ROOT) : table;
    }
}
