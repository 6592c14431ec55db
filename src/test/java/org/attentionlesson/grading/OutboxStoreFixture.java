package org.attentionlesson.grading;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;
import org.attentionlesson.store.Database;
import org.attentionlesson.store.Sql;

/**
 * A fresh in-memory H2 database with the real migrations, a clock the test moves by hand, and a grade outbox on
 * them: for fast tests of the outbox's state machine without a server.
 */
final class OutboxStoreFixture implements AutoCloseable {
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    final MovableClock clock = new MovableClock(T0);
    final Database db = new Database("jdbc:h2:mem:outbox-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null, 4);
    final Duration giveUp = Duration.ofHours(1);
    final GradeOutbox outbox = new GradeOutbox(
            db,
            clock,
            new GradingSettings(db, clock),
            giveUp,
            new org.attentionlesson.lti.LaunchFacts(new org.attentionlesson.lti.LaunchContexts(db), db),
            new org.attentionlesson.lesson.AttemptScores(new org.attentionlesson.lesson.AttemptStore(db)));

    /** A clock that stands still until the test moves it. */
    static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** A pending row of {@code subject} due at {@code due}; returns its id. */
    long pending(String subject, Instant due) {
        return insert(subject, "link-1", 7, 10, due, OutboxStatus.PENDING);
    }

    long insert(String subject, String link, double given, double max, Instant due, OutboxStatus status) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO grade_outbox (registration_id, subject, "
                            + "resource_link_id, launch_id, attempt_number, score_given, score_maximum, score_timestamp, "
                            + "submitted_at, ags_lineitem, ags_scopes, regrade, status, tries, next_attempt_at, give_up_at, "
                            + "created_at) VALUES (1, ?, ?, 'launch-1', 1, ?, ?, ?, ?, 'https://lms.example/li/1', ?, FALSE, ?, 0, "
                            + "?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                Sql.bind(
                        ps,
                        subject,
                        link,
                        given,
                        max,
                        due,
                        due,
                        org.attentionlesson.ags.AgsScope.SCORE,
                        status,
                        due,
                        due.plus(giveUp),
                        due);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            }
        });
    }

    /** One column of one row, as the database holds it. */
    Object column(long id, String column) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + column + " FROM grade_outbox WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getObject(1);
                }
            }
        });
    }

    OutboxStatus status(long id) {
        return OutboxStatus.valueOf((String) column(id, "status"));
    }

    int tries(long id) {
        return ((Number) column(id, "tries")).intValue();
    }

    @Override
    public void close() {
        db.close();
    }
}
