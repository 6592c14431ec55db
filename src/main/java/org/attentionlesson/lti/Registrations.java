package org.attentionlesson.lti;

import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.attentionlesson.store.Database;
import org.attentionlesson.store.Sql;

/** Platform registrations and their deployments, in the database. */
public final class Registrations {
    private static final String COLUMNS = "id, issuer, client_id, name, auth_url, jwks_url, token_url, token_audience, "
            + "product_family, status";
    /** {@link #COLUMNS} of the table aliased {@code r}, for joins; read back with {@link #read(ResultSet, int)}. */
    static final String COLUMNS_R = "r.id, r.issuer, r.client_id, r.name, r.auth_url, r.jwks_url, r.token_url, "
            + "r.token_audience, r.product_family, r.status";
    /**
     * How long a deployment row read for a launch is reused. Disabling a deployment on this node takes effect at
     * once (the cache is dropped); on another node sharing the database, within this time.
     */
    static final int DEPLOYMENT_CACHE_SECONDS = 5;
    static final long DEPLOYMENT_CACHE_NANOS = java.time.Duration.ofSeconds(DEPLOYMENT_CACHE_SECONDS).toNanos();
    private static final int DEPLOYMENT_CACHE_MAX = 10_000;

    private final Database db;
    private final Clock clock;
    private final List<Runnable> changeListeners = new CopyOnWriteArrayList<>();
    private final Map<DeploymentKey, CachedDeployment> deploymentCache = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong deploymentGeneration = new java.util.concurrent.atomic.AtomicLong();

    private record DeploymentKey(long registrationId, String deploymentId) {
    }

    private record CachedDeployment(Deployment deployment, long readAtNanos) {
    }

    public Registrations(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
        onChange(this::forgetDeployments);
    }

    /** Called after any change, so caches (frame-ancestors, JWKS sources) can refresh. */
    public void onChange(Runnable listener) {
        changeListeners.add(listener);
    }

    private void changed() {
        changeListeners.forEach(Runnable::run);
    }

    public Optional<PlatformRegistration> find(String issuer, String clientId) {
        return db.withConnection(c -> find(c, issuer, clientId));
    }

    /** As {@link #find(String, String)}, on the caller's connection. */
    public Optional<PlatformRegistration> find(Connection c, String issuer, String clientId) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " FROM platform_registration WHERE issuer = ? AND client_id = ?", issuer, clientId);
    }

    public Optional<PlatformRegistration> find(long id) {
        return db.withConnection(c -> one(c, "SELECT " + COLUMNS + " FROM platform_registration WHERE id = ?", id));
    }

    /** As {@link #find(long)}, on the caller's connection (inside its transaction). */
    public Optional<PlatformRegistration> find(Connection c, long id) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " FROM platform_registration WHERE id = ?", id);
    }

    public List<PlatformRegistration> findByIssuer(String issuer) {
        return db.withConnection(c -> findByIssuer(c, issuer));
    }

    /** As {@link #findByIssuer(String)}, on the caller's connection. */
    public List<PlatformRegistration> findByIssuer(Connection c, String issuer) throws SQLException {
        return many(c, "SELECT " + COLUMNS + " FROM platform_registration WHERE issuer = ? ORDER BY id", issuer);
    }

    public List<PlatformRegistration> all() {
        return db.withConnection(c -> many(c, "SELECT " + COLUMNS + " FROM platform_registration ORDER BY id"));
    }

    /** Creates the registration, or updates its endpoints and name when (issuer, client_id) exists. */
    public PlatformRegistration upsert(String issuer, String clientId, String name, URI authUrl, URI jwksUrl,
            URI tokenUrl, String tokenAudience, String productFamily, PlatformRegistration.Status status) {
        PlatformRegistration saved = db.inTransaction(c -> {
            Instant now = clock.instant();
            Optional<PlatformRegistration> existing = one(c,
                    "SELECT " + COLUMNS + " FROM platform_registration WHERE issuer = ? AND client_id = ?", issuer, clientId);
            if (existing.isPresent()) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE platform_registration SET name = ?, auth_url = ?, "
                        + "jwks_url = ?, token_url = ?, token_audience = ?, product_family = ?, status = ?, updated_at = ? WHERE id = ?")) {
                    Sql.bind(ps, name, str(authUrl), str(jwksUrl), str(tokenUrl), tokenAudience, productFamily, status, now,
                            existing.get().id());
                    ps.executeUpdate();
                }
                return one(c, "SELECT " + COLUMNS + " FROM platform_registration WHERE id = ?", existing.get().id()).orElseThrow();
            }
            return insert(c, issuer, clientId, name, authUrl, jwksUrl, tokenUrl, tokenAudience, productFamily, status);
        });
        changed();
        return saved;
    }

    /** Inserts a new registration inside the caller's transaction; fails on a duplicate (issuer, client_id). */
    public PlatformRegistration insert(Connection c, String issuer, String clientId, String name, URI authUrl,
            URI jwksUrl, URI tokenUrl, String tokenAudience, String productFamily, PlatformRegistration.Status status)
            throws SQLException {
        Instant now = clock.instant();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO platform_registration (issuer, client_id, name, "
                + "auth_url, jwks_url, token_url, token_audience, product_family, status, created_at, updated_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            Sql.bind(ps, issuer, clientId, name, str(authUrl), str(jwksUrl), str(tokenUrl), tokenAudience, productFamily,
                    status, now, now);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                long id = keys.getLong(1);
                return new PlatformRegistration(id, issuer, clientId, name, authUrl, jwksUrl, tokenUrl, tokenAudience,
                        productFamily, status);
            }
        }
    }

    public void setStatus(long registrationId, PlatformRegistration.Status status) {
        db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE platform_registration SET status = ?, updated_at = ? WHERE id = ?")) {
                Sql.bind(ps, status, clock.instant(), registrationId);
                return ps.executeUpdate();
            }
        });
        changed();
    }

    /** How many registrations wait for an admin's approval (the cap on dynamic registrations counts these). */
    public long countPending() {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT COUNT(*) FROM platform_registration WHERE status = ?")) {
                Sql.bind(ps, PlatformRegistration.Status.PENDING);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /**
     * Deletes registrations still pending that were created before {@code createdBefore}, with what they own (a
     * pending registration never launched, so that is its deployments, source and origins). Returns how many went.
     */
    public int purgePending(Instant createdBefore) {
        List<Long> ids = db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM platform_registration "
                    + "WHERE status = ? AND created_at < ? ORDER BY id")) {
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
        });
        int purged = 0;
        for (long id : ids) {
            purged += db.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT status FROM platform_registration WHERE id = ? FOR UPDATE")) {
                    Sql.bind(ps, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next() || !PlatformRegistration.Status.PENDING.name().equals(rs.getString(1))) {
                            return 0; // approved or gone meanwhile
                        }
                    }
                }
                for (String table : new String[] {"registration_origin", "registration_source", "login_state", "deployment"}) {
                    try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE registration_id = ?")) {
                        Sql.bind(ps, id);
                        ps.executeUpdate();
                    }
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "DELETE FROM platform_registration WHERE id = ? AND status = ?")) {
                    Sql.bind(ps, id, PlatformRegistration.Status.PENDING);
                    return ps.executeUpdate();
                }
            });
        }
        if (purged > 0) {
            changed();
        }
        return purged;
    }

    // ---- deployments ----

    /**
     * The deployment as stored, or as read for a launch less than {@value #DEPLOYMENT_CACHE_SECONDS} s ago (see
     * {@link #DEPLOYMENT_CACHE_NANOS}); an unknown deployment is always looked up afresh.
     */
    public Optional<Deployment> findDeployment(long registrationId, String deploymentId) {
        DeploymentKey key = new DeploymentKey(registrationId, deploymentId);
        CachedDeployment cached = deploymentCache.get(key);
        long now = System.nanoTime();
        if (cached != null && now - cached.readAtNanos() < DEPLOYMENT_CACHE_NANOS) {
            return Optional.of(cached.deployment());
        }
        long generation = deploymentGeneration.get();
        Optional<Deployment> found = db.withConnection(c -> findDeployment(c, registrationId, deploymentId));
        if (found.isPresent()) {
            if (deploymentCache.size() >= DEPLOYMENT_CACHE_MAX) {
                deploymentCache.clear();
            }
            deploymentCache.put(key, new CachedDeployment(found.get(), now));
            if (deploymentGeneration.get() != generation) {
                deploymentCache.remove(key); // changed here while we read: never keep what may predate the change
            }
        }
        return found;
    }

    /** Drops every cached deployment (after a change on this node). */
    private void forgetDeployments() {
        deploymentGeneration.incrementAndGet();
        deploymentCache.clear();
    }

    public Optional<Deployment> findDeployment(Connection c, long registrationId, String deploymentId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, registration_id, deployment_id, name, status "
                + "FROM deployment WHERE registration_id = ? AND deployment_id = ?")) {
            Sql.bind(ps, registrationId, deploymentId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(deployment(rs)) : Optional.empty();
            }
        }
    }

    public List<Deployment> deployments(long registrationId) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, registration_id, deployment_id, name, status "
                    + "FROM deployment WHERE registration_id = ? ORDER BY id")) {
                Sql.bind(ps, registrationId);
                List<Deployment> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(deployment(rs));
                    }
                }
                return out;
            }
        });
    }

    /** Adds a deployment if it is not there yet; returns the stored row either way. Safe across nodes. */
    public Deployment ensureDeployment(long registrationId, String deploymentId, String name) {
        return db.withConnection(c -> ensureDeployment(c, registrationId, deploymentId, name));
    }

    public Deployment ensureDeployment(Connection c, long registrationId, String deploymentId, String name)
            throws SQLException {
        return insertIfAbsent(c, registrationId, deploymentId, name, Deployment.Status.ACTIVE);
    }

    /**
     * Declares a deployment an admin listed (console form, registrations file): added as active, or approved when it
     * was only seen and refused; a deployment the admin disabled stays disabled.
     */
    public Deployment declareDeployment(Connection c, long registrationId, String deploymentId, String name)
            throws SQLException {
        Deployment d = ensureDeployment(c, registrationId, deploymentId, name);
        if (d.status() == Deployment.Status.REFUSED) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE deployment SET status = ? WHERE id = ?")) {
                Sql.bind(ps, Deployment.Status.ACTIVE, d.id());
                ps.executeUpdate();
            }
            forgetDeployments();
            return new Deployment(d.id(), d.registrationId(), d.deploymentId(), d.name(), Deployment.Status.ACTIVE);
        }
        return d;
    }

    /** As {@link #declareDeployment(Connection, long, String, String)} on its own connection. */
    public Deployment declareDeployment(long registrationId, String deploymentId, String name) {
        return db.withConnection(c -> declareDeployment(c, registrationId, deploymentId, name));
    }

    private Deployment insertIfAbsent(Connection c, long registrationId, String deploymentId, String name,
            Deployment.Status status) throws SQLException {
        Optional<Deployment> existing = findDeployment(c, registrationId, deploymentId);
        if (existing.isPresent()) {
            return existing.get();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO deployment (registration_id, deployment_id, name, "
                + "status, created_at) VALUES (?, ?, ?, ?, ?)")) {
            Sql.bind(ps, registrationId, deploymentId, name, status, clock.instant());
            ps.executeUpdate();
        } catch (SQLException e) {
            if (!Database.StoreException.isUniqueViolation(e)) {
                throw e;
            }
            // Another node recorded it first.
        }
        return findDeployment(c, registrationId, deploymentId).orElseThrow();
    }

    /**
     * Records a deployment seen in a refused launch as {@link Deployment.Status#REFUSED} (kept as it is when the
     * row exists), for the admin to approve. Safe across nodes.
     */
    public Deployment recordRefusedDeployment(long registrationId, String deploymentId) {
        return db.withConnection(c -> insertIfAbsent(c, registrationId, deploymentId, null, Deployment.Status.REFUSED));
    }

    public void setDeploymentStatus(long deploymentRowId, Deployment.Status status) {
        db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE deployment SET status = ? WHERE id = ?")) {
                Sql.bind(ps, status, deploymentRowId);
                return ps.executeUpdate();
            }
        });
        forgetDeployments();
    }

    private static Deployment deployment(ResultSet rs) throws SQLException {
        return new Deployment(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
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
        return new PlatformRegistration(rs.getLong(offset + 1), rs.getString(offset + 2), rs.getString(offset + 3),
                rs.getString(offset + 4), uri(rs.getString(offset + 5)), uri(rs.getString(offset + 6)),
                uri(rs.getString(offset + 7)), rs.getString(offset + 8), rs.getString(offset + 9),
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
