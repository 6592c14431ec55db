package org.attentionlesson.lti;

import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.attentionlesson.store.Database;
import org.attentionlesson.store.Sql;

/**
 * The SQL of {@code platform_registration}, {@code deployment} and {@code lti_config_version}: every method runs on
 * the caller's connection (and so inside its transaction). {@link Registrations} is the API the rest of the tool uses.
 *
 * <p>{@code lti_config_version} (V17) is one row counting the changes to registrations and deployments: every
 * change bumps it in its own transaction, so a node that last read version {@code n} knows its cached copies are
 * current exactly while the row still says {@code n}.
 */
final class RegistrationStore {
    static final String COLUMNS =
            "id, issuer, client_id, name, auth_url, jwks_url, token_url, token_audience, " + "product_family, status";
    /** {@link #COLUMNS} of the table aliased {@code r}, for joins; read back with {@link #read(ResultSet, int)}. */
    static final String COLUMNS_R = "r.id, r.issuer, r.client_id, r.name, r.auth_url, r.jwks_url, r.token_url, "
            + "r.token_audience, r.product_family, r.status";

    private static final String DEPLOYMENT_COLUMNS = "id, registration_id, deployment_id, name, status";

    // ---- the change counter ----

    long version(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT version FROM lti_config_version WHERE id = 1");
                ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    void bumpVersion(Connection c) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("UPDATE lti_config_version SET version = version + 1 WHERE id = 1")) {
            ps.executeUpdate();
        }
    }

    // ---- registrations ----

    Optional<PlatformRegistration> find(Connection c, String issuer, String clientId) throws SQLException {
        return one(
                c,
                "SELECT " + COLUMNS + " FROM platform_registration WHERE issuer = ? AND client_id = ?",
                issuer,
                clientId);
    }

    Optional<PlatformRegistration> find(Connection c, long id) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " FROM platform_registration WHERE id = ?", id);
    }

    List<PlatformRegistration> findByIssuer(Connection c, String issuer) throws SQLException {
        return many(c, "SELECT " + COLUMNS + " FROM platform_registration WHERE issuer = ? ORDER BY id", issuer);
    }

    List<PlatformRegistration> all(Connection c) throws SQLException {
        return many(c, "SELECT " + COLUMNS + " FROM platform_registration ORDER BY id");
    }

    void update(
            Connection c,
            long id,
            String name,
            URI authUrl,
            URI jwksUrl,
            URI tokenUrl,
            String tokenAudience,
            String productFamily,
            PlatformRegistration.Status status,
            Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE platform_registration SET name = ?, auth_url = ?, "
                        + "jwks_url = ?, token_url = ?, token_audience = ?, product_family = ?, status = ?, updated_at = ? WHERE id = ?")) {
            Sql.bind(
                    ps, name, str(authUrl), str(jwksUrl), str(tokenUrl), tokenAudience, productFamily, status, now, id);
            ps.executeUpdate();
        }
    }

    long insert(
            Connection c,
            String issuer,
            String clientId,
            String name,
            URI authUrl,
            URI jwksUrl,
            URI tokenUrl,
            String tokenAudience,
            String productFamily,
            PlatformRegistration.Status status,
            Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO platform_registration (issuer, client_id, name, "
                        + "auth_url, jwks_url, token_url, token_audience, product_family, status, created_at, updated_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            Sql.bind(
                    ps,
                    issuer,
                    clientId,
                    name,
                    str(authUrl),
                    str(jwksUrl),
                    str(tokenUrl),
                    tokenAudience,
                    productFamily,
                    status,
                    now,
                    now);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    int setStatus(Connection c, long id, PlatformRegistration.Status status, Instant now) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("UPDATE platform_registration SET status = ?, updated_at = ? WHERE id = ?")) {
            Sql.bind(ps, status, now, id);
            return ps.executeUpdate();
        }
    }

    long countPending(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM platform_registration WHERE status = ?")) {
            Sql.bind(ps, PlatformRegistration.Status.PENDING);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    List<Long> pendingCreatedBefore(Connection c, Instant createdBefore) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id FROM platform_registration " + "WHERE status = ? AND created_at < ? ORDER BY id")) {
            Sql.bind(ps, PlatformRegistration.Status.PENDING, createdBefore);
            ps.setMaxRows(1_000);
            List<Long> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
            return out;
        }
    }

    /**
     * Deletes the registration if it is still pending, with what a pending registration owns (deployments, source,
     * origins, login states); inside the caller's transaction. Returns 1 if it went, 0 if approved or gone meanwhile.
     */
    int deleteIfPending(Connection c, long id) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT status FROM platform_registration WHERE id = ? FOR UPDATE")) {
            Sql.bind(ps, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || !PlatformRegistration.Status.PENDING.name().equals(rs.getString(1))) {
                    return 0;
                }
            }
        }
        for (String table : new String[] {"registration_origin", "registration_source", "login_state", "deployment"}) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE registration_id = ?")) {
                Sql.bind(ps, id);
                ps.executeUpdate();
            }
        }
        try (PreparedStatement ps =
                c.prepareStatement("DELETE FROM platform_registration WHERE id = ? AND status = ?")) {
            Sql.bind(ps, id, PlatformRegistration.Status.PENDING);
            return ps.executeUpdate();
        }
    }

    // ---- deployments ----

    Optional<Deployment> findDeployment(Connection c, long registrationId, String deploymentId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + DEPLOYMENT_COLUMNS + " FROM deployment WHERE registration_id = ? AND deployment_id = ?")) {
            Sql.bind(ps, registrationId, deploymentId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(deployment(rs)) : Optional.empty();
            }
        }
    }

    List<Deployment> deployments(Connection c, long registrationId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + DEPLOYMENT_COLUMNS + " FROM deployment WHERE registration_id = ? ORDER BY id")) {
            Sql.bind(ps, registrationId);
            List<Deployment> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(deployment(rs));
                }
            }
            return out;
        }
    }

    /**
     * Inserts the deployment and returns it as stored, without reading it back; empty when (registration,
     * deployment id) exists already (another node may have recorded it first).
     */
    Optional<Deployment> insertDeployment(
            Connection c, long registrationId, String deploymentId, String name, Deployment.Status status, Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO deployment (registration_id, deployment_id, name, "
                        + "status, created_at) VALUES (?, ?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            Sql.bind(ps, registrationId, deploymentId, name, status, now);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return Optional.of(new Deployment(keys.getLong(1), registrationId, deploymentId, name, status));
            }
        } catch (SQLException e) {
            if (!Database.StoreException.isUniqueViolation(e)) {
                throw e;
            }
            return Optional.empty();
        }
    }

    int setDeploymentStatus(Connection c, long deploymentRowId, Deployment.Status status) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE deployment SET status = ? WHERE id = ?")) {
            Sql.bind(ps, status, deploymentRowId);
            return ps.executeUpdate();
        }
    }

    // ---- rows to records ----

    private static Deployment deployment(ResultSet rs) throws SQLException {
        return new Deployment(
                rs.getLong(1),
                rs.getLong(2),
                rs.getString(3),
                rs.getString(4),
                Deployment.Status.valueOf(rs.getString(5)));
    }

    private static Optional<PlatformRegistration> one(Connection c, String sql, Object... args) throws SQLException {
        List<PlatformRegistration> list = many(c, sql, args);
        return list.isEmpty() ? Optional.empty() : Optional.of(list.get(0));
    }

    private static List<PlatformRegistration> many(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Sql.bind(ps, args);
            List<PlatformRegistration> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs, 0));
                }
            }
            return out;
        }
    }

    /** The registration in the ten columns after {@code offset} ({@link #COLUMNS} order). */
    static PlatformRegistration read(ResultSet rs, int offset) throws SQLException {
        return new PlatformRegistration(
                rs.getLong(offset + 1),
                rs.getString(offset + 2),
                rs.getString(offset + 3),
                rs.getString(offset + 4),
                uri(rs.getString(offset + 5)),
                uri(rs.getString(offset + 6)),
                uri(rs.getString(offset + 7)),
                rs.getString(offset + 8),
                rs.getString(offset + 9),
                PlatformRegistration.Status.valueOf(rs.getString(offset + 10)));
    }

    /** Parsed endpoint URIs by their text: a launch reads its registration's three, and parsing was a visible cost. */
    private static final Map<String, URI> URIS = new ConcurrentHashMap<>();

    private static URI uri(String s) {
        if (s == null) {
            return null;
        }
        URI u = URIS.get(s);
        if (u == null) {
            u = URI.create(s);
            if (URIS.size() >= 1_000) {
                URIS.clear();
            }
            URIS.put(s, u);
        }
        return u;
    }

    private static String str(URI u) {
        return u == null ? null : u.toString();
    }
}
