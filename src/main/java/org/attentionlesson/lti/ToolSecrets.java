package org.attentionlesson.lti;

import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Base64;
import org.attentionlesson.store.Database;
import org.attentionlesson.store.Sql;

/** Random secrets generated at first start and shared by every node through the database. */
public final class ToolSecrets {
    private static final SecureRandom RANDOM = new SecureRandom();

    private ToolSecrets() {}

    /** The secret called {@code name}, created (32 random bytes) if absent; every node gets the same value. */
    public static byte[] get(Database db, Clock clock, String name) {
        return db.withConnection(c -> {
            String existing = read(c, name);
            if (existing == null) {
                byte[] fresh = new byte[32];
                RANDOM.nextBytes(fresh);
                try (PreparedStatement ps =
                        c.prepareStatement("INSERT INTO tool_secret (name, secret, created_at) VALUES (?, ?, ?)")) {
                    Sql.bind(ps, name, Base64.getEncoder().encodeToString(fresh), clock.instant());
                    ps.executeUpdate();
                } catch (SQLException e) {
                    if (!Database.StoreException.isUniqueViolation(e)) {
                        throw e;
                    }
                }
                existing = read(c, name);
            }
            return Base64.getDecoder().decode(existing);
        });
    }

    private static String read(java.sql.Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT secret FROM tool_secret WHERE name = ?")) {
            Sql.bind(ps, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
