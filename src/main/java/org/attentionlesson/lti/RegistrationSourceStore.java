package org.attentionlesson.lti;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.attentionlesson.store.Database;
import org.attentionlesson.store.Sql;

/** The SQL on {@code registration_source} (one row per registration added by the console or by dynamic registration). */
public final class RegistrationSourceStore {
    private final Database db;

    public RegistrationSourceStore(Database db) {
        this.db = db;
    }

    /** Stores the source in the caller's transaction (the one that inserts the registration). */
    public void insert(Connection c, long registrationId, RegistrationSource s) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO registration_source (registration_id, method, "
                + "configuration_url, product_version, granted_scope, registration_endpoint, created_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            Sql.bind(
                    ps,
                    registrationId,
                    s.method(),
                    s.configurationUrl(),
                    s.productVersion(),
                    s.grantedScope(),
                    s.registrationEndpoint(),
                    s.createdAt());
            ps.executeUpdate();
        }
    }

    public Optional<RegistrationSource> find(long registrationId) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT method, configuration_url, product_version, "
                            + "granted_scope, registration_endpoint, created_at FROM registration_source WHERE registration_id = ?")) {
                Sql.bind(ps, registrationId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new RegistrationSource(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            Sql.instant(rs.getTimestamp(6))));
                }
            }
        });
    }
}
