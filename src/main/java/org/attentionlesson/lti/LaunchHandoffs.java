package org.attentionlesson.lti;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.attentionlesson.store.Sql;

/**
 * The SQL of {@code launch_handoff}: the one-time codes a cookie-less launch page trades for its launch token
 * (lti-pm-s 0.1, docs/lti.md §9). A code is consumed by one statement that deletes and returns it, so it is used
 * once across nodes.
 */
final class LaunchHandoffs {
    private static final String REDEEM_H2 =
            "SELECT launch_id, state_hash, expires_at " + "FROM OLD TABLE (DELETE FROM launch_handoff WHERE code = ?)";
    private static final String REDEEM_POSTGRES =
            "DELETE FROM launch_handoff WHERE code = ? " + "RETURNING launch_id, state_hash, expires_at";

    /** A consumed code: the launch it stands for, the hash of the state it is bound to, and its expiry. */
    record Handoff(String launchId, String stateHash, Instant expiresAt) {}

    private final boolean postgres;

    LaunchHandoffs(boolean postgres) {
        this.postgres = postgres;
    }

    void insert(Connection c, String code, String launchId, String stateHash, Instant expiresAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO launch_handoff (code, launch_id, state_hash, expires_at) VALUES (?, ?, ?, ?)")) {
            Sql.bind(ps, code, launchId, stateHash, expiresAt);
            ps.executeUpdate();
        }
    }

    /** Deletes and returns the code; empty when unknown or used already. */
    Optional<Handoff> consume(Connection c, String code) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(postgres ? REDEEM_POSTGRES : REDEEM_H2)) {
            Sql.bind(ps, code);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new Handoff(rs.getString(1), rs.getString(2), Sql.instant(rs.getTimestamp(3))))
                        : Optional.empty();
            }
        }
    }

    int purgeExpired(Connection c, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM launch_handoff WHERE expires_at < ?")) {
            Sql.bind(ps, now);
            return ps.executeUpdate();
        }
    }
}
