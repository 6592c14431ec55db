package org.attentionlesson.lti;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.attentionlesson.store.Database;
import org.attentionlesson.web.RandomTokens;

/**
 * Stores a validated launch in one transaction: records a new deployment when policy allows, saves the launch
 * context, its listeners' rows, and the hand-off code of a cookie-less launch. Either all of it is written or nothing
 * is. When the launch context is the only row to write (known deployment, state cookie, no listener that may write),
 * it is one auto-committed INSERT. (The nonce was consumed with the state, on every node at once: LoginStates.)
 */
public final class LaunchService {
    private final Database db;
    private final Registrations registrations;
    private final LaunchContexts contexts;
    private final LaunchTokens tokens;
    private final Clock clock;
    private final LaunchHandoffs handoffs;
    private final LoginStates loginStates;
    private final List<LaunchListener> listeners = new CopyOnWriteArrayList<>();

    /**
     * Called inside the launch's transaction, after the launch context is stored: features that keep state per
     * launch (e.g. binding an activity's settings to the platform's resource link) write it atomically with it.
     */
    @FunctionalInterface
    public interface LaunchListener {
        void launched(Connection c, LaunchContext launch) throws SQLException;

        /**
         * False only when {@link #launched} is sure to write nothing for this launch (decided from memory): when no
         * listener may write, the launch context is stored by one auto-committed INSERT instead of a transaction.
         */
        default boolean mayWrite(LaunchContext launch) {
            return true;
        }
    }

    public void addListener(LaunchListener listener) {
        listeners.add(listener);
    }

    /** A listener that writes only what {@code mayWrite} says it may (see {@link LaunchListener#mayWrite}). */
    public void addListener(LaunchListener listener, java.util.function.Predicate<LaunchContext> mayWrite) {
        listeners.add(new LaunchListener() {
            @Override
            public void launched(Connection c, LaunchContext launch) throws SQLException {
                listener.launched(c, launch);
            }

            @Override
            public boolean mayWrite(LaunchContext launch) {
                return mayWrite.test(launch);
            }
        });
    }

    /**
     * A stored launch: either its launch token, or — when the state's binding to the browser is still to be proven
     * through platform storage — a one-time code the launch page trades for the token after that proof.
     */
    public record Launched(
            LaunchContext context, String launchToken, String handoffCode, LaunchValidator.StorageCheck storageCheck) {}

    static final java.time.Duration HANDOFF_LIFETIME = java.time.Duration.ofMinutes(2);

    public LaunchService(
            Database db, Registrations registrations, LaunchContexts contexts, LaunchTokens tokens, Clock clock) {
        this.db = db;
        this.registrations = registrations;
        this.contexts = contexts;
        this.tokens = tokens;
        this.clock = clock;
        this.handoffs = new LaunchHandoffs(db.isPostgres());
        this.loginStates = new LoginStates(db.isPostgres());
    }

    public Launched store(LaunchValidator.ValidatedLaunch v) {
        if (v.pending() != null) {
            return storeConsuming(v);
        }
        // The nonce was consumed with its state (LoginStates; LTI Core 1.3 §5.1.3 step 9, Security Framework
        // §5.1.3): what is left is the launch context, its listeners' rows and, for a cookie-less launch, the
        // hand-off code, all in one transaction (or one auto-committed INSERT when the context is the only row).
        LaunchContext only = onlyRow(v);
        if (only != null) {
            // The common launch: the launch context is the only row to write, so one auto-committed INSERT stores it
            // (on PostgreSQL no BEGIN and COMMIT round trip around it), and its commit need not wait for the disk:
            // lost in a crash, its page says the launch expired (Database#withAsyncCommit). The state was consumed
            // durably before.
            db.withAsyncCommit(c -> once(() -> {
                contexts.insert(c, only);
                return null;
            }));
            contexts.stored(only);
            return new Launched(only, tokens.issue(only.id()), null, null);
        }
        String code = v.storageCheck() == null ? null : RandomTokens.of(32);
        LaunchContext stored = db.inTransaction(c -> {
            Deployment deployment = v.deployment().isPresent()
                    ? v.deployment().get()
                    : registrations.ensureDeployment(c, v.registration().id(), v.deploymentId(), null);
            LaunchContext withDeployment = withDeployment(v.context(), deployment);
            once(() -> {
                contexts.insert(c, withDeployment);
                return null;
            });
            for (LaunchListener listener : listeners) {
                listener.launched(c, withDeployment);
            }
            if (code != null) {
                handoffs.insert(
                        c,
                        code,
                        withDeployment.id(),
                        OidcLogin.cookieValue(v.storageCheck().state()),
                        clock.instant().plus(HANDOFF_LIFETIME));
            }
            return withDeployment;
        });
        contexts.stored(stored); // committed: the page this launch opens reads it from memory on this node
        if (code == null) {
            return new Launched(stored, tokens.issue(stored.id()), null, null);
        }
        return new Launched(stored, null, code, v.storageCheck());
    }

    /**
     * Stores a launch whose state is still to be used up ({@link LaunchValidator.PendingState}). The common launch
     * is one statement: the launch context's insert, which also uses the state up (a sealed state's, by the launch
     * context's id derived from it; a stored state's, by deleting it in the same statement), and happens only if the
     * state is unused, unexpired, and no registration or deployment changed since the launch's copy was read; the
     * commit is durable (using a state up is). Any other launch uses its state up first, as a launch checked after
     * consuming does. Either way, a launch whose registration or deployment changed since has used up its state and
     * is checked again against what is current (LTI Core 1.3 §5.1.3, docs/lti.md §3 steps 1 and 7).
     */
    private Launched storeConsuming(LaunchValidator.ValidatedLaunch v) {
        LaunchValidator.PendingState p = v.pending();
        LaunchContext only = onlyRow(v);
        if (only != null && db.withConnection(c -> once(() -> p.store().store(c, only)))) {
            contexts.stored(only);
            return new Launched(only, tokens.issue(only.id()), null, null);
        }
        // Not the only row, or the statement stored nothing: used (by another launch or a refusal), expired, or a
        // registration or deployment changed since. Used up here, which refuses the first two and checks the launch
        // again for the third.
        LaunchValidator.LoginState consumed = p.consume().get();
        if (consumed.configVersion() != p.configVersion()) {
            return store(p.recheck().apply(consumed)); // checked against what is current now
        }
        return store(v.withPending(null));
    }

    @FunctionalInterface
    private interface Insert<T> {
        T run() throws SQLException;
    }

    /**
     * A launch context's insert. A sealed state's launch context has its id derived from the state, so a second
     * launch of the state breaks the primary key: that launch is refused as a state used already.
     */
    private static <T> T once(Insert<T> insert) throws SQLException {
        try {
            return insert.run();
        } catch (SQLException e) {
            if (Database.StoreException.isUniqueViolation(e)) {
                throw LaunchError.STATE_UNKNOWN.exception("state used by another launch");
            }
            throw e;
        }
    }

    /**
     * The launch context with its deployment when it is the launch's only row to write (known deployment, state
     * cookie, no listener that may write); null when the launch needs a transaction.
     */
    private LaunchContext onlyRow(LaunchValidator.ValidatedLaunch v) {
        if (v.storageCheck() != null || v.deployment().isEmpty()) {
            return null;
        }
        LaunchContext l = withDeployment(v.context(), v.deployment().get());
        return listeners.stream().noneMatch(x -> x.mayWrite(l)) ? l : null;
    }

    private static LaunchContext withDeployment(LaunchContext l, Deployment deployment) {
        return new LaunchContext(
                l.id(),
                l.registrationId(),
                deployment.id(),
                l.messageType(),
                l.subject(),
                l.name(),
                l.givenName(),
                l.familyName(),
                l.email(),
                l.roles(),
                l.contextId(),
                l.contextTitle(),
                l.contextLabel(),
                l.resourceLinkId(),
                l.resourceLinkTitle(),
                l.targetLinkUri(),
                l.locale(),
                l.documentTarget(),
                l.returnUrl(),
                l.ags(),
                l.nrpsUrl(),
                l.custom(),
                l.deepLinkingSettingsJson(),
                l.platformJson(),
                l.createdAt());
    }

    /**
     * Trades a one-time handoff code for the launch token, once the launch page has read the state back from the
     * platform's storage (lti-pm-s 0.1, docs/lti.md §9). The code is single-use, short-lived, and bound to the state.
     */
    public Launched redeem(String code, String state) {
        if (code == null || state == null || code.length() > 64 || !SealedStates.withinLength(state)) {
            throw LaunchError.STATE_NOT_BOUND.exception("handoff without code or state");
        }
        LaunchHandoffs.Handoff h = db.withConnection(c -> handoffs.consume(c, code))
                .orElseThrow(() -> LaunchError.STATE_UNKNOWN.exception("unknown or used handoff code"));
        if (h.expiresAt().isBefore(clock.instant())) {
            throw LaunchError.STATE_UNKNOWN.exception("handoff code expired");
        }
        if (!h.stateHash().equals(OidcLogin.cookieValue(state))) {
            throw LaunchError.STATE_NOT_BOUND.exception("handoff state mismatch");
        }
        LaunchContext context = contexts.find(h.launchId())
                .orElseThrow(() -> LaunchError.STATE_UNKNOWN.exception("handoff launch vanished"));
        return new Launched(context, tokens.issue(context.id()), null, null);
    }

    /**
     * Drops expired hand-off codes, and nonces older than any token we would still accept that releases before
     * V17 recorded; called periodically.
     */
    public int purgeOldNonces(java.time.Duration olderThan) {
        db.withConnection(c -> handoffs.purgeExpired(c, clock.instant()));
        return db.withConnection(
                c -> loginStates.purgeUsedNonces(c, clock.instant().minus(olderThan)));
    }
}
