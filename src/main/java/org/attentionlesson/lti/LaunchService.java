package org.attentionlesson.lti;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.attentionlesson.store.Database;
import org.attentionlesson.store.Sql;

/**
 * Stores a validated launch in one transaction: consumes the nonce (a unique key, so a replay fails on every
 * node), records a new deployment when policy allows, and saves the launch context. Either all of it is written
 * or nothing is.
 */
public final class LaunchService {
    private final Database db;
    private final Registrations registrations;
    private final LaunchContexts contexts;
    private final LaunchTokens tokens;
    private final Clock clock;
    private final List<LaunchListener> listeners = new CopyOnWriteArrayList<>();

    /**
     * Called inside the launch's transaction, after the launch context is stored: features that keep state per
     * launch (e.g. binding an activity's settings to the platform's resource link) write it atomically with it.
     */
    @FunctionalInterface
    public interface LaunchListener {
        void launched(Connection c, LaunchContext launch) throws SQLException;
    }

    public void addListener(LaunchListener listener) {
        listeners.add(listener);
    }

    /**
     * A stored launch: either its launch token, or — when the state's binding to the browser is still to be proven
     * through platform storage — a one-time code the launch page trades for the token after that proof.
     */
    public record Launched(LaunchContext context, String launchToken, String handoffCode,
            LaunchValidator.StorageCheck storageCheck) {
    }

    static final java.time.Duration HANDOFF_LIFETIME = java.time.Duration.ofMinutes(2);

    public LaunchService(Database db, Registrations registrations, LaunchContexts contexts, LaunchTokens tokens,
            Clock clock) {
        this.db = db;
        this.registrations = registrations;
        this.contexts = contexts;
        this.tokens = tokens;
        this.clock = clock;
    }

    public Launched store(LaunchValidator.ValidatedLaunch v) {
        LaunchContext stored = db.inTransaction(c -> {
            // LTI Core 1.3 §5.1.3 step 9 / Security Framework §5.1.3: the nonce is used once.
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO used_nonce (nonce, registration_id, used_at) VALUES (?, ?, ?)")) {
                Sql.bind(ps, v.nonce(), v.registration().id(), clock.instant());
                ps.executeUpdate();
            } catch (SQLException e) {
                if (Database.StoreException.isUniqueViolation(e)) {
                    throw LaunchError.NONCE_REUSED.exception();
                }
                throw e;
            }
            Deployment deployment = v.deployment().isPresent() ? v.deployment().get()
                    : registrations.ensureDeployment(c, v.registration().id(), v.deploymentId(), null);
            LaunchContext l = v.context();
            LaunchContext withDeployment = new LaunchContext(l.id(), l.registrationId(), deployment.id(), l.messageType(),
                    l.subject(), l.name(), l.givenName(), l.familyName(), l.email(), l.roles(), l.contextId(),
                    l.contextTitle(), l.contextLabel(), l.resourceLinkId(), l.resourceLinkTitle(), l.targetLinkUri(),
                    l.locale(), l.documentTarget(), l.returnUrl(), l.ags(), l.nrpsUrl(), l.custom(),
                    l.deepLinkingSettingsJson(), l.platformJson(), l.createdAt());
            contexts.insert(c, withDeployment);
            for (LaunchListener listener : listeners) {
                listener.launched(c, withDeployment);
            }
            return withDeployment;
        });
        contexts.stored(stored); // committed: the page this launch opens reads it from memory on this node
        if (v.storageCheck() == null) {
            return new Launched(stored, tokens.issue(stored.id()), null, null);
        }
        String code = ToolSecrets.randomToken(32);
        db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO launch_handoff (code, launch_id, state_hash, expires_at) VALUES (?, ?, ?, ?)")) {
                Sql.bind(ps, code, stored.id(), OidcLogin.cookieValue(v.storageCheck().state()),
                        clock.instant().plus(HANDOFF_LIFETIME));
                return ps.executeUpdate();
            }
        });
        return new Launched(stored, null, code, v.storageCheck());
    }

    /**
     * Trades a one-time handoff code for the launch token, once the launch page has read the state back from the
     * platform's storage (lti-pm-s 0.1, docs/lti.md §9). The code is single-use, short-lived, and bound to the state.
     */
    public Launched redeem(String code, String state) {
        if (code == null || state == null || code.length() > 64 || state.length() > 100) {
            throw LaunchError.STATE_NOT_BOUND.exception("handoff without code or state");
        }
        String launchId = db.inTransaction(c -> {
            String id;
            String stateHash;
            java.time.Instant expires;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT launch_id, state_hash, expires_at FROM launch_handoff WHERE code = ?")) {
                Sql.bind(ps, code);
                try (java.sql.ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw LaunchError.STATE_UNKNOWN.exception("unknown or used handoff code");
                    }
                    id = rs.getString(1);
                    stateHash = rs.getString(2);
                    expires = Sql.instant(rs.getTimestamp(3));
                }
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM launch_handoff WHERE code = ?")) {
                Sql.bind(ps, code);
                if (ps.executeUpdate() != 1) {
                    throw LaunchError.STATE_UNKNOWN.exception("handoff code used concurrently");
                }
            }
            if (expires.isBefore(clock.instant())) {
                return null;
            }
            if (!stateHash.equals(OidcLogin.cookieValue(state))) {
                return "";
            }
            return id;
        });
        if (launchId == null) {
            throw LaunchError.STATE_UNKNOWN.exception("handoff code expired");
        }
        if (launchId.isEmpty()) {
            throw LaunchError.STATE_NOT_BOUND.exception("handoff state mismatch");
        }
        LaunchContext context = contexts.find(launchId)
                .orElseThrow(() -> LaunchError.STATE_UNKNOWN.exception("handoff launch vanished"));
        return new Launched(context, tokens.issue(context.id()), null, null);
    }

    /** Drops used nonces older than any token we would still accept; called periodically. */
    public int purgeOldNonces(java.time.Duration olderThan) {
        db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM launch_handoff WHERE expires_at < ?")) {
                Sql.bind(ps, clock.instant());
                return ps.executeUpdate();
            }
        });
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM used_nonce WHERE used_at < ?")) {
                Sql.bind(ps, clock.instant().minus(olderThan));
                return ps.executeUpdate();
            }
        });
    }
}
