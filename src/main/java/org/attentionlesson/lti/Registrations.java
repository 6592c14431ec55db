package org.attentionlesson.lti;

import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.attentionlesson.store.Database;

/**
 * Platform registrations and their deployments: the API the rest of the tool uses ({@link RegistrationStore} holds
 * the SQL).
 *
 * <p>Launches read a registration and a deployment on every request, so this node keeps them in memory. Every
 * change on any node bumps the shared change counter ({@code lti_config_version}, V17) in the change's own
 * transaction, and every cached value carries the counter it was read at. A launch is stored only by a statement
 * that finds the counter still at the value its copies were read at ({@link LoginStates#insertIfUnused},
 * {@link LoginStates#consumeAndInsert}); when it moved, the launch is checked again against what is current. A login
 * writes nothing (docs/adr/0006-sealed-states.md) and uses a copy read at the counter this node last saw, which
 * each housekeeping round reads again ({@link #refreshVersion}). So no launch is stored on a registration or
 * deployment older than the latest change on any node, and the common launch pays no statement for either.
 */
public final class Registrations {
    /** {@link RegistrationStore#COLUMNS_R}, for the state consumption that joins the registration. */
    static final String COLUMNS_R = RegistrationStore.COLUMNS_R;
    /** Unset: a {@link LaunchValidator.LoginState} built without a counter uses the last one this node saw. */
    static final long LAST_SEEN = Long.MIN_VALUE;

    private static final int CACHE_MAX = 10_000;

    private final Database db;
    private final Clock clock;
    private final RegistrationStore store = new RegistrationStore();
    private final List<Runnable> changeListeners = new CopyOnWriteArrayList<>();
    private final Map<DeploymentKey, Versioned<Deployment>> deploymentCache = new ConcurrentHashMap<>();
    private final Map<LoginKey, Versioned<List<PlatformRegistration>>> loginCache = new ConcurrentHashMap<>();
    private final Map<Long, Versioned<PlatformRegistration>> launchCache = new ConcurrentHashMap<>();
    private final AtomicLong lastSeenVersion = new AtomicLong(LAST_SEEN);

    private record DeploymentKey(long registrationId, String deploymentId) {}

    private record LoginKey(String issuer, String clientId) {}

    /** A value as read while the change counter stood at {@code version}. */
    record Versioned<T>(T value, long version) {}

    public Registrations(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Called after any change, so caches (frame-ancestors, JWKS sources) can refresh. */
    public void onChange(Runnable listener) {
        changeListeners.add(listener);
    }

    private void changed() {
        forgetCached();
        changeListeners.forEach(Runnable::run);
    }

    private void forgetCached() {
        deploymentCache.clear();
        loginCache.clear();
        launchCache.clear();
    }

    /**
     * A launch saw the change counter at {@code version}: what was read at another value is dropped, so memory
     * holds only what can still be used.
     */
    void observe(long version) {
        long seen = lastSeenVersion.getAndSet(version);
        if (seen != version && seen != LAST_SEEN) {
            forgetCached();
        }
    }

    /** True while {@code version} is the counter as this node last saw it (a login uses its cached copy only then). */
    boolean isCurrent(long version) {
        return version == lastSeenVersion.get();
    }

    /** The counter as this node last saw it (read once if it has seen none yet). */
    private long lastSeenVersion() {
        long seen = lastSeenVersion.get();
        if (seen == LAST_SEEN) {
            seen = db.withConnection(store::version);
            observe(seen);
        }
        return seen;
    }

    // ---- the login's cached lookup ----

    /**
     * The registrations a login names, as this node last read them: by (issuer, client_id), or every registration
     * of the issuer when the platform sent no client_id. Read afresh (with the counter, read first) when not cached
     * or {@code fresh}. The caller makes its write conditional on {@link Versioned#version()}.
     */
    Versioned<List<PlatformRegistration>> forLogin(String issuer, String clientId, boolean fresh) {
        LoginKey key = new LoginKey(issuer, clientId);
        Versioned<List<PlatformRegistration>> cached = fresh ? null : loginCache.get(key);
        if (cached != null) {
            return cached;
        }
        Versioned<List<PlatformRegistration>> read = db.withConnection(c -> {
            long version = store.version(c);
            List<PlatformRegistration> found = clientId == null
                    ? store.findByIssuer(c, issuer)
                    : store.find(c, issuer, clientId).map(List::of).orElse(List.of());
            return new Versioned<>(found, version);
        });
        observe(read.version());
        if (!read.value().isEmpty()) { // an unknown issuer is not remembered: a flood of them must not fill memory
            if (loginCache.size() >= CACHE_MAX) {
                loginCache.clear();
            }
            loginCache.put(key, read);
        }
        return read;
    }

    /**
     * The registration a sealed state names (SealedStates) as this node last read it, with the counter it was read
     * at; the launch is stored only while the counter still has that value (LoginStates#insertIfUnused).
     */
    Versioned<Optional<PlatformRegistration>> forLaunch(long registrationId) {
        Versioned<PlatformRegistration> cached = launchCache.get(registrationId);
        if (cached != null) {
            return new Versioned<>(Optional.of(cached.value()), cached.version());
        }
        Versioned<Optional<PlatformRegistration>> read = db.withConnection(c -> {
            long version = store.version(c); // first: the copy is then never older than its tag
            return new Versioned<>(store.find(c, registrationId), version);
        });
        observe(read.version());
        read.value().ifPresent(reg -> launchCache.put(registrationId, new Versioned<>(reg, read.version())));
        return read;
    }

    /** Reads the counter (periodically), so logins, which write nothing, see other nodes' changes within a round. */
    public void refreshVersion() {
        observe(db.withConnection(store::version));
    }

    // ---- registrations ----

    public Optional<PlatformRegistration> find(String issuer, String clientId) {
        return db.withConnection(c -> find(c, issuer, clientId));
    }

    /** As {@link #find(String, String)}, on the caller's connection. */
    public Optional<PlatformRegistration> find(Connection c, String issuer, String clientId) throws SQLException {
        return store.find(c, issuer, clientId);
    }

    public Optional<PlatformRegistration> find(long id) {
        return db.withConnection(c -> store.find(c, id));
    }

    /** As {@link #find(long)}, on the caller's connection (inside its transaction). */
    public Optional<PlatformRegistration> find(Connection c, long id) throws SQLException {
        return store.find(c, id);
    }

    public List<PlatformRegistration> findByIssuer(String issuer) {
        return db.withConnection(c -> findByIssuer(c, issuer));
    }

    /** As {@link #findByIssuer(String)}, on the caller's connection. */
    public List<PlatformRegistration> findByIssuer(Connection c, String issuer) throws SQLException {
        return store.findByIssuer(c, issuer);
    }

    public List<PlatformRegistration> all() {
        return db.withConnection(store::all);
    }

    /** Creates the registration, or updates its endpoints and name when (issuer, client_id) exists. */
    public PlatformRegistration upsert(
            String issuer,
            String clientId,
            String name,
            URI authUrl,
            URI jwksUrl,
            URI tokenUrl,
            String tokenAudience,
            String productFamily,
            PlatformRegistration.Status status) {
        PlatformRegistration saved = db.inTransaction(c -> {
            Optional<PlatformRegistration> existing = store.find(c, issuer, clientId);
            if (existing.isPresent()) {
                store.update(
                        c,
                        existing.get().id(),
                        name,
                        authUrl,
                        jwksUrl,
                        tokenUrl,
                        tokenAudience,
                        productFamily,
                        status,
                        clock.instant());
                store.bumpVersion(c);
                return new PlatformRegistration(
                        existing.get().id(),
                        issuer,
                        clientId,
                        name,
                        authUrl,
                        jwksUrl,
                        tokenUrl,
                        tokenAudience,
                        productFamily,
                        status);
            }
            return insert(c, issuer, clientId, name, authUrl, jwksUrl, tokenUrl, tokenAudience, productFamily, status);
        });
        changed();
        return saved;
    }

    /** Inserts a new registration inside the caller's transaction; fails on a duplicate (issuer, client_id). */
    public PlatformRegistration insert(
            Connection c,
            String issuer,
            String clientId,
            String name,
            URI authUrl,
            URI jwksUrl,
            URI tokenUrl,
            String tokenAudience,
            String productFamily,
            PlatformRegistration.Status status)
            throws SQLException {
        long id = store.insert(
                c,
                issuer,
                clientId,
                name,
                authUrl,
                jwksUrl,
                tokenUrl,
                tokenAudience,
                productFamily,
                status,
                clock.instant());
        store.bumpVersion(c);
        forgetCached(); // before the commit too: a read now at the old counter is refused by the counter anyway
        return new PlatformRegistration(
                id, issuer, clientId, name, authUrl, jwksUrl, tokenUrl, tokenAudience, productFamily, status);
    }

    public void setStatus(long registrationId, PlatformRegistration.Status status) {
        db.inTransaction(c -> {
            int n = store.setStatus(c, registrationId, status, clock.instant());
            store.bumpVersion(c);
            return n;
        });
        changed();
    }

    /** How many registrations wait for an admin's approval (the cap on dynamic registrations counts these). */
    public long countPending() {
        return db.withConnection(store::countPending);
    }

    /**
     * Deletes registrations still pending that were created before {@code createdBefore}, with what they own (a
     * pending registration never launched, so that is its deployments, source and origins). Returns how many went.
     */
    public int purgePending(Instant createdBefore) {
        List<Long> ids = db.withConnection(c -> store.pendingCreatedBefore(c, createdBefore));
        int purged = 0;
        for (long id : ids) {
            purged += db.inTransaction(c -> {
                int n = store.deleteIfPending(c, id);
                if (n > 0) {
                    store.bumpVersion(c);
                }
                return n;
            });
        }
        if (purged > 0) {
            changed();
        }
        return purged;
    }

    // ---- deployments ----

    /**
     * The deployment as stored when the change counter stood at {@code version} (the value the launch's state
     * consumption read): from memory if it was read at that value, else from the database. An unknown deployment
     * is always looked up afresh. {@link #LAST_SEEN} uses the last value this node saw.
     */
    public Optional<Deployment> findDeployment(long registrationId, String deploymentId, long version) {
        long v = version == LAST_SEEN ? lastSeenVersion() : version;
        DeploymentKey key = new DeploymentKey(registrationId, deploymentId);
        Versioned<Deployment> cached = deploymentCache.get(key);
        if (cached != null && cached.version() == v) {
            return Optional.of(cached.value());
        }
        Optional<Deployment> found = db.withConnection(c -> store.findDeployment(c, registrationId, deploymentId));
        if (found.isPresent()) {
            // Read after the counter was: if a change came in between, this copy is newer than its tag, never older.
            if (deploymentCache.size() >= CACHE_MAX) {
                deploymentCache.clear();
            }
            deploymentCache.put(key, new Versioned<>(found.get(), v));
        }
        return found;
    }

    public Optional<Deployment> findDeployment(Connection c, long registrationId, String deploymentId)
            throws SQLException {
        return store.findDeployment(c, registrationId, deploymentId);
    }

    public List<Deployment> deployments(long registrationId) {
        return db.withConnection(c -> store.deployments(c, registrationId));
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
            store.setDeploymentStatus(c, d.id(), Deployment.Status.ACTIVE);
            store.bumpVersion(c);
            forgetCached();
            return new Deployment(d.id(), d.registrationId(), d.deploymentId(), d.name(), Deployment.Status.ACTIVE);
        }
        return d;
    }

    /** As {@link #declareDeployment(Connection, long, String, String)} on its own connection. */
    public Deployment declareDeployment(long registrationId, String deploymentId, String name) {
        return db.withConnection(c -> declareDeployment(c, registrationId, deploymentId, name));
    }

    /**
     * The stored deployment, or a new one with {@code status}. A new row is not cached anywhere (only found rows
     * are), so adding one needs no bump of the counter.
     */
    private Deployment insertIfAbsent(
            Connection c, long registrationId, String deploymentId, String name, Deployment.Status status)
            throws SQLException {
        Optional<Deployment> existing = store.findDeployment(c, registrationId, deploymentId);
        if (existing.isPresent()) {
            return existing.get();
        }
        Optional<Deployment> inserted =
                store.insertDeployment(c, registrationId, deploymentId, name, status, clock.instant());
        if (inserted.isPresent()) {
            return inserted.get();
        }
        return store.findDeployment(c, registrationId, deploymentId).orElseThrow(); // another node recorded it first
    }

    /**
     * Records a deployment seen in a refused launch as {@link Deployment.Status#REFUSED} (kept as it is when the
     * row exists), for the admin to approve. Safe across nodes.
     */
    public Deployment recordRefusedDeployment(long registrationId, String deploymentId) {
        return db.withConnection(c -> insertIfAbsent(c, registrationId, deploymentId, null, Deployment.Status.REFUSED));
    }

    public void setDeploymentStatus(long deploymentRowId, Deployment.Status status) {
        db.inTransaction(c -> {
            int n = store.setDeploymentStatus(c, deploymentRowId, status);
            store.bumpVersion(c);
            return n;
        });
        forgetCached();
    }
}
