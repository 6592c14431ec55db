package org.attentionlesson.lti;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.attentionlesson.store.Sql;

/** The SQL behind {@link PlatformOrigins}: the {@code registration_origin} rows, on the caller's connection. */
final class RegistrationOriginStore {
    private RegistrationOriginStore() {}

    /** Every stored origin of a registration: the admin's first, then the registration's, then launches' newest first. */
    static List<String> ordered(Connection c, long registrationId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT origin FROM registration_origin "
                + "WHERE registration_id = ? ORDER BY CASE source WHEN 'admin' THEN 0 WHEN 'registration' THEN 1 "
                + "ELSE 2 END, CASE WHEN source = 'launch' THEN seen_at END DESC, seen_at, origin")) {
            Sql.bind(ps, registrationId);
            return origins(ps);
        }
    }

    /** The origins of one source, oldest first (or newest first). */
    static List<String> ofSource(Connection c, long registrationId, String source, boolean newestFirst)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT origin FROM registration_origin "
                + "WHERE registration_id = ? AND source = ? ORDER BY seen_at" + (newestFirst ? " DESC" : "")
                + ", origin")) {
            Sql.bind(ps, registrationId, source);
            return origins(ps);
        }
    }

    static boolean exists(Connection c, long registrationId, String origin) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT 1 FROM registration_origin WHERE registration_id = ? AND origin = ?")) {
            Sql.bind(ps, registrationId, origin);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    static void deleteSource(Connection c, long registrationId, String source) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("DELETE FROM registration_origin WHERE registration_id = ? AND source = ?")) {
            Sql.bind(ps, registrationId, source);
            ps.executeUpdate();
        }
    }

    static void delete(Connection c, long registrationId, String origin) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("DELETE FROM registration_origin WHERE registration_id = ? AND origin = ?")) {
            Sql.bind(ps, registrationId, origin);
            ps.executeUpdate();
        }
    }

    static void insert(Connection c, long registrationId, String origin, String source, Instant seenAt)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO registration_origin (registration_id, origin, "
                + "source, seen_at) VALUES (?, ?, ?, ?)")) {
            Sql.bind(ps, registrationId, origin, source, seenAt);
            ps.executeUpdate();
        }
    }

    private static List<String> origins(PreparedStatement ps) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
