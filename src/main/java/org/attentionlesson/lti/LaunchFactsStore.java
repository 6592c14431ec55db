package org.attentionlesson.lti;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.attentionlesson.store.Database;
import org.attentionlesson.store.Sql;

/** JDBC behind {@link LaunchFacts} on {@code launch_context}. */
final class LaunchFactsStore {
    private final Database db;

    LaunchFactsStore(Database db) {
        this.db = db;
    }

    LaunchFacts.Activity activity(long registrationId) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT MAX(created_at), COUNT(*) FROM launch_context WHERE registration_id = ?")) {
                Sql.bind(ps, registrationId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new LaunchFacts.Activity(Sql.instant(rs.getTimestamp(1)), rs.getLong(2));
                }
            }
        });
    }
}
