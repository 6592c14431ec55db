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

    public record Launched(LaunchContext context, String launchToken) {
    }

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
        return new Launched(stored, tokens.issue(stored.id()));
    }

    /** Drops used nonces older than any token we would still accept; called periodically. */
    public int purgeOldNonces(java.time.Duration olderThan) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM used_nonce WHERE used_at < ?")) {
                Sql.bind(ps, clock.instant().minus(olderThan));
                return ps.executeUpdate();
            }
        });
    }
}
