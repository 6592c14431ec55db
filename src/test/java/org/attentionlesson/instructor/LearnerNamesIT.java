package org.attentionlesson.instructor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.attentionlesson.lti.ContextLearners;
import org.attentionlesson.store.Database;
import org.attentionlesson.store.Sql;
import org.attentionlesson.support.TestDatabase;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Student names for instructor pages, on real H2 and PostgreSQL: the newest named launch of each user in the same
 * registration wins, another registration's user with the same id is someone else, and more users than one query's
 * batch are all found.
 */
class LearnerNamesIT {
    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void namesComeFromEachUsersNewestNamedLaunchInTheSameRegistration(TestDatabase.Kind kind, @TempDir Path dir)
            throws Exception {
        try (TestDatabase store = TestDatabase.create(kind, dir);
                Database db = new Database(store.jdbcUrl(), null, null, 2)) {
            long[] a = registration(db, "https://a.example", "a");
            long[] b = registration(db, "https://b.example", "b");
            Instant t = Instant.parse("2026-12-01T10:00:00Z");
            launch(db, a, "u1", "Old Name", null, null, null, t);
            launch(db, a, "u1", "Ada Lovelace", null, null, null, t.plusSeconds(60));
            launch(db, a, "u1", null, null, null, null, t.plusSeconds(120)); // a later launch without a name
            launch(db, a, "u2", null, "Grace", "Hopper", null, t);
            launch(db, a, "u3", null, null, null, "alan@example.edu", t);
            launch(db, a, "u4", null, null, null, null, t);
            launch(db, b, "u1", "Someone Else", null, null, null, t.plusSeconds(600));
            int batch = ContextLearners.BATCH; // one query's users: the lookup must cross into a second query
            for (int i = 0; i < batch + 5; i++) {
                launch(db, b, "many-" + i, "Student " + i, null, null, null, t);
            }

            LearnerNames names = new LearnerNames(db);
            Map<LearnerNames.Who, String> found = names.of(List.of(
                    new LearnerNames.Who(a[0], "u1"),
                    new LearnerNames.Who(a[0], "u2"),
                    new LearnerNames.Who(a[0], "u3"),
                    new LearnerNames.Who(a[0], "u4"),
                    new LearnerNames.Who(b[0], "u1"),
                    new LearnerNames.Who(a[0], "nobody")));
            assertEquals("Ada Lovelace", found.get(new LearnerNames.Who(a[0], "u1")));
            assertEquals("Grace Hopper", found.get(new LearnerNames.Who(a[0], "u2")));
            assertEquals("alan@example.edu", found.get(new LearnerNames.Who(a[0], "u3")));
            assertFalse(found.containsKey(new LearnerNames.Who(a[0], "u4")), "no name, no entry");
            assertEquals("Someone Else", found.get(new LearnerNames.Who(b[0], "u1")), "another registration's u1");
            assertNull(names.of(a[0], "nobody"));

            List<LearnerNames.Who> many = new ArrayList<>();
            for (int i = 0; i < batch + 5; i++) {
                many.add(new LearnerNames.Who(b[0], "many-" + i));
            }
            Map<LearnerNames.Who, String> all = names.of(many);
            assertEquals(batch + 5, all.size());
            assertEquals("Student " + (batch + 4), all.get(many.get(batch + 4)));
        }
    }

    /** A registration and one deployment: {registration id, deployment row id}. */
    private static long[] registration(Database db, String issuer, String clientId) {
        return db.withConnection(c -> {
            Instant now = Instant.now();
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO platform_registration (issuer, client_id, name, "
                            + "auth_url, jwks_url, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'ACTIVE', ?, ?)",
                    new String[] {"id"})) {
                Sql.bind(ps, issuer, clientId, clientId, issuer + "/auth", issuer + "/jwks", now, now);
                ps.executeUpdate();
                long reg;
                try (var keys = ps.getGeneratedKeys()) {
                    keys.next();
                    reg = keys.getLong(1);
                }
                try (PreparedStatement d = c.prepareStatement(
                        "INSERT INTO deployment (registration_id, deployment_id, "
                                + "status, created_at) VALUES (?, '1', 'ACTIVE', ?)",
                        new String[] {"id"})) {
                    Sql.bind(d, reg, now);
                    d.executeUpdate();
                    try (var keys = d.getGeneratedKeys()) {
                        keys.next();
                        return new long[] {reg, keys.getLong(1)};
                    }
                }
            }
        });
    }

    private static void launch(
            Database db,
            long[] reg,
            String subject,
            String name,
            String given,
            String family,
            String email,
            Instant at) {
        db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO launch_context (id, registration_id, "
                    + "deployment_row_id, message_type, subject, name, given_name, family_name, email, roles, created_at) "
                    + "VALUES (?, ?, ?, 'LtiResourceLinkRequest', ?, ?, ?, ?, ?, '[]', ?)")) {
                Sql.bind(
                        ps,
                        java.util.UUID.randomUUID().toString(),
                        reg[0],
                        reg[1],
                        subject,
                        name,
                        given,
                        family,
                        email,
                        at);
                ps.executeUpdate();
            }
            return null;
        });
    }
}
