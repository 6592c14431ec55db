package org.attentionlesson.lesson;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.UUID;
import org.attentionlesson.lesson.content.ContentLoader;
import org.attentionlesson.lesson.content.DirectoryContentSource;
import org.attentionlesson.lesson.content.LessonCatalog;
import org.attentionlesson.store.Database;

/** A fresh in-memory H2 database with one platform registration, and the shipped lesson content. */
final class LessonTestData {
    static final LessonCatalog CATALOG = new ContentLoader(new DirectoryContentSource(Path.of("content"))).load();

    private LessonTestData() {}

    static Database database() {
        return new Database("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null, 4);
    }

    static long registration(Database db) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO platform_registration (issuer, client_id, name, "
                            + "auth_url, jwks_url, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    new String[] {"id"})) {
                Instant now = Instant.now();
                ps.setString(1, "https://lms.example/" + UUID.randomUUID());
                ps.setString(2, "client");
                ps.setString(3, "Test LMS");
                ps.setString(4, "https://lms.example/auth");
                ps.setString(5, "https://lms.example/jwks");
                ps.setString(6, "ACTIVE");
                ps.setTimestamp(7, java.sql.Timestamp.from(now));
                ps.setTimestamp(8, java.sql.Timestamp.from(now));
                ps.executeUpdate();
                try (var keys = ps.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            }
        });
    }

    /**
     * A deployment of the registration with a launch for each of the given launch ids at {@code link}: an activity's
     * grading settings belong to the link in the launch's deployment. Returns the deployment row id.
     */
    static long deploymentWithLaunches(Database db, long registrationId, String link, String... launchIds) {
        return db.inTransaction(c -> {
            long deployment;
            Instant now = Instant.now();
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO deployment (registration_id, deployment_id, "
                            + "status, created_at) VALUES (?, ?, 'ACTIVE', ?)",
                    new String[] {"id"})) {
                ps.setLong(1, registrationId);
                ps.setString(2, "deployment-" + UUID.randomUUID());
                ps.setTimestamp(3, java.sql.Timestamp.from(now));
                ps.executeUpdate();
                try (var keys = ps.getGeneratedKeys()) {
                    keys.next();
                    deployment = keys.getLong(1);
                }
            }
            for (String id : launchIds) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO launch_context (id, registration_id, "
                        + "deployment_row_id, message_type, roles, resource_link_id, created_at) "
                        + "VALUES (?, ?, ?, 'RESOURCE_LINK', '[]', ?, ?)")) {
                    ps.setString(1, id);
                    ps.setLong(2, registrationId);
                    ps.setLong(3, deployment);
                    ps.setString(4, link);
                    ps.setTimestamp(5, java.sql.Timestamp.from(now));
                    ps.executeUpdate();
                }
            }
            return deployment;
        });
    }

    static Learner student(long registrationId, String subject) {
        return new Learner(registrationId, subject, false, subject, "link-1", "launch-" + subject);
    }

    static Learner anonymous(long registrationId) {
        return new Learner(registrationId, "launch:anon-1", true, null, "link-1", "anon-1");
    }
}
