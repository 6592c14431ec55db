package org.attentionlesson.lti;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.attentionlesson.store.Database;
import org.attentionlesson.web.Config;

/**
 * Checks a launch ({@code id_token} + {@code state} posted to {@code /lti/launch}) against every MUST of LTI Core
 * 1.3 §5.1.3 and the Security Framework 1.0 §5.1.3, in the order of {@code docs/lti.md} §3, and stops at
 * the first failure. Writes nothing but the consumption of the state (with its nonce); the caller stores the launch.
 * A state this node minted is checked before it is consumed, and consumed by the statement that stores the launch
 * ({@link PendingState}, {@link LaunchService#store}).
 *
 * <p>Step 1 is here; the checks every id_token gets are {@link IdTokenChecks}; the checks of each message type are
 * one {@link MessageValidator} each: {@link ResourceLinkRequestValidator}, {@link DeepLinkingRequestValidator},
 * {@link SubmissionReviewRequestValidator}.
 */
public final class LaunchValidator {
    public static final String LTI = "https://purl.imsglobal.org/spec/lti/claim/";
    public static final String DL = "https://purl.imsglobal.org/spec/lti-dl/claim/";
    public static final String AGS = "https://purl.imsglobal.org/spec/lti-ags/claim/";
    public static final String NRPS = "https://purl.imsglobal.org/spec/lti-nrps/claim/";
    static final int MAX_TOKEN_CHARS = 100_000;

    private final Database db;
    private final Registrations registrations;
    private final LoginStates states;
    private final IdTokenChecks core;
    private final Map<MessageType, MessageValidator> byType = new EnumMap<>(MessageType.class);
    private final Clock clock;
    private final MintedStates minted;
    private final SealedStates sealed;

    /**
     * A launch that passed every check, ready to be stored. {@code storageCheck} is non-null when the browser did
     * not bring back the state cookie but the login named a platform storage target: the binding of the state to
     * this browser is then still to be proven through the platform's storage (docs/lti.md §9).
     */
    public record ValidatedLaunch(
            PlatformRegistration registration,
            Optional<Deployment> deployment,
            String deploymentId,
            String nonce,
            LaunchContext context,
            StorageCheck storageCheck,
            PendingState pending) {
        /** A launch whose state has been consumed already. */
        public ValidatedLaunch(
                PlatformRegistration registration,
                Optional<Deployment> deployment,
                String deploymentId,
                String nonce,
                LaunchContext context,
                StorageCheck storageCheck) {
            this(registration, deployment, deploymentId, nonce, context, storageCheck, null);
        }

        /** The same launch with its state still to be consumed as {@code pending} says, or consumed ({@code null}). */
        public ValidatedLaunch withPending(PendingState pending) {
            return new ValidatedLaunch(registration, deployment, deploymentId, nonce, context, storageCheck, pending);
        }
    }

    /**
     * A launch checked before its state was consumed, ready to be stored by {@link LaunchService#store}: either a
     * sealed state's ({@link SealedStates}), or a stored state this node minted ({@link MintedStates}). When the
     * launch context is the launch's only row, {@code store} writes it in the one statement that also uses the state
     * up, and writes nothing unless the state was unused, unexpired, and no registration or deployment changed on
     * any node since the launch's copy was read ({@code configVersion}). Otherwise {@code consume} uses the state up
     * (refused as {@code STATE_UNKNOWN} if it was used) and returns it with its registration as it stands now; if the
     * change counter moved, {@code recheck} checks the launch again against that, as a launch without a copy is
     * checked.
     */
    public record PendingState(
            long configVersion,
            StoreStatement store,
            Supplier<LoginState> consume,
            Function<LoginState, ValidatedLaunch> recheck) {}

    /** The one statement that stores a launch context and uses its state up; false if it stored nothing. */
    @FunctionalInterface
    public interface StoreStatement {
        boolean store(Connection c, LaunchContext only) throws SQLException;
    }

    /** What the launch page needs to ask the platform's storage for the state. */
    public record StorageCheck(String state, String target, String platformOrigin) {}

    /**
     * The stored login state this launch answers, with its registration as it stands now (read by the statement
     * that consumed the state; empty if it has been deleted since the login) and the registrations' change counter
     * read with it ({@link Registrations}).
     */
    public record LoginState(
            String state,
            String nonce,
            long registrationId,
            String targetLinkUri,
            String deploymentId,
            String storageTarget,
            Instant expiresAt,
            Optional<PlatformRegistration> registration,
            long configVersion) {
        /** A state without the change counter read with it: deployments are then checked at the last value seen. */
        public LoginState(
                String state,
                String nonce,
                long registrationId,
                String targetLinkUri,
                String deploymentId,
                String storageTarget,
                Instant expiresAt,
                Optional<PlatformRegistration> registration) {
            this(
                    state,
                    nonce,
                    registrationId,
                    targetLinkUri,
                    deploymentId,
                    storageTarget,
                    expiresAt,
                    registration,
                    Registrations.LAST_SEEN);
        }
    }

    public LaunchValidator(
            Config config,
            Database db,
            Registrations registrations,
            PlatformKeys platformKeys,
            OidcLogin login,
            Clock clock) {
        this.db = db;
        this.registrations = registrations;
        this.states = new LoginStates(db.isPostgres());
        this.core = new IdTokenChecks(config, registrations, platformKeys, clock);
        this.clock = clock;
        this.minted = login.minted();
        this.sealed = login.sealed();
        for (MessageValidator v : List.of(
                new ResourceLinkRequestValidator(login),
                new DeepLinkingRequestValidator(),
                new SubmissionReviewRequestValidator())) {
            byType.put(v.type(), v);
        }
    }

    public ValidatedLaunch validate(String idToken, String state, String platformError, Map<String, String> cookies) {
        // 1. state: one we issued, unexpired, bound to this browser, used once (used up by this launch whatever
        // the outcome).
        if (OidcLogin.blank(state)) {
            throw LaunchError.STATE_MISSING.exception();
        }
        if (!SealedStates.withinLength(state)) {
            throw LaunchError.STATE_UNKNOWN.exception("state too long");
        }
        String expectedCookie = OidcLogin.cookieValue(state);
        boolean cookieBound = expectedCookie.equals(cookies.get(OidcLogin.cookieNameOf(expectedCookie)));
        if (SealedStates.isSealed(state)) {
            return validateSealed(idToken, state, platformError, cookieBound);
        }
        LoginState mine = minted.take(state, clock.instant());
        if (mine != null && cookieBound && platformError == null && !OidcLogin.blank(idToken)) {
            // This node minted the state: check the token against it first, and let the statement that stores the
            // launch consume it (LaunchService#store), so a launch is one statement. The answer is the one the
            // order below gives: a state that is gone or expired is refused as such, whatever the token.
            PlatformRegistration reg = mine.registration().orElseThrow();
            try {
                return checkToken(idToken, mine, reg, true, null)
                        .withPending(storedState(
                                db,
                                states,
                                registrations,
                                clock,
                                state,
                                mine.configVersion(),
                                consumed -> afterConsumed(consumed, idToken, null, true, null)));
            } catch (LaunchError.LaunchException refused) {
                LoginState consumed = consumeState(state); // a refused launch uses up its state too
                if (consumed.configVersion() == mine.configVersion()) {
                    throw refused;
                }
                return afterConsumed(consumed, idToken, null, true, null); // checked again against what is current
            }
        }
        return afterConsumed(consumeState(state), idToken, platformError, cookieBound, null);
    }

    /**
     * Step 1 for a sealed state (docs/adr/0006-sealed-states.md): sealed by this tool and unaltered, unexpired; then
     * the rest of the checks against the registration as this node last read it. The state is used up by the
     * statement that stores the launch (its launch context's id is derived from the state), or, for a refused launch,
     * by a row of its own; a state used already is refused as such, whatever the token.
     */
    private ValidatedLaunch validateSealed(String idToken, String state, String platformError, boolean cookieBound) {
        SealedStates.Opened opened = sealed.open(state);
        if (opened == null) {
            throw LaunchError.STATE_UNKNOWN.exception("not a state this tool sealed");
        }
        if (opened.expiresAt().isBefore(clock.instant())) {
            throw LaunchError.STATE_UNKNOWN.exception("state expired");
        }
        String launchId = sealed.launchId(opened);
        Registrations.Versioned<Optional<PlatformRegistration>> reg = registrations.forLaunch(opened.registrationId());
        LoginState login = new LoginState(
                state,
                sealed.nonce(opened.random()),
                opened.registrationId(),
                opened.targetLinkUri(),
                opened.deploymentId(),
                opened.storageTarget(),
                opened.expiresAt(),
                reg.value(),
                reg.version());
        PendingState pending = sealedState(
                db,
                states,
                registrations,
                clock,
                login,
                opened.id(),
                launchId,
                current -> afterConsumed(current, idToken, null, cookieBound, launchId));
        ValidatedLaunch checked;
        try {
            checked = afterConsumed(login, idToken, platformError, cookieBound, launchId);
        } catch (LaunchError.LaunchException refused) {
            LoginState current = pending.consume().get(); // a refused launch uses up its state too
            if (current.configVersion() == reg.version()) {
                throw refused;
            }
            return afterConsumed(current, idToken, platformError, cookieBound, launchId); // against what is current
        }
        return checked.withPending(pending);
    }

    /**
     * A stored state this node minted, checked at the change counter {@code version}: stored by the statement that
     * deletes it (LoginStates#consumeAndInsert), else consumed first.
     */
    static PendingState storedState(
            Database db,
            LoginStates states,
            Registrations registrations,
            Clock clock,
            String state,
            long version,
            Function<LoginState, ValidatedLaunch> recheck) {
        return new PendingState(
                version,
                (c, only) -> states.consumeAndInsert(c, state, version, clock.instant(), only),
                () -> checkConsumed(db.withConnection(c -> states.consume(c, state)), registrations, clock.instant()),
                recheck);
    }

    /**
     * A sealed state ({@code login}, checked at {@code login.configVersion()}): stored by the insert of the launch
     * context whose id ({@code launchId}) is derived from it (LoginStates#insertIfUnused), else used up by a row of
     * its own ({@code stateId}, LoginStates#useUp) first.
     */
    static PendingState sealedState(
            Database db,
            LoginStates states,
            Registrations registrations,
            Clock clock,
            LoginState login,
            String stateId,
            String launchId,
            Function<LoginState, ValidatedLaunch> recheck) {
        return new PendingState(
                login.configVersion(),
                (c, only) -> states.insertIfUnused(c, only, login.configVersion(), stateId),
                () -> checkConsumed(
                        db.withConnection(c -> states.useUp(c, login, stateId, launchId)),
                        registrations,
                        clock.instant()),
                recheck);
    }

    /** The rest of step 1 and steps 2 to 13 for a state already consumed (its registration as it stands now). */
    private ValidatedLaunch afterConsumed(
            LoginState login, String idToken, String platformError, boolean cookieBound, String launchId) {
        if (!cookieBound && login.storageTarget() == null) {
            throw LaunchError.STATE_NOT_BOUND.exception("no matching state cookie and no platform storage");
        }
        if (platformError != null) {
            throw LaunchError.LAUNCH_ERROR_FROM_PLATFORM.exception("platform error=" + OidcLogin.clip(platformError));
        }
        if (OidcLogin.blank(idToken)) {
            throw LaunchError.ID_TOKEN_MISSING.exception();
        }
        PlatformRegistration reg = login.registration()
                .orElseThrow(() -> LaunchError.REGISTRATION_UNKNOWN.exception("registration vanished"));
        if (reg.status() == PlatformRegistration.Status.DISABLED) {
            throw LaunchError.REGISTRATION_DISABLED.exception("registration " + reg.id());
        }
        return checkToken(idToken, login, reg, cookieBound, launchId);
    }

    /**
     * Steps 2 to 13 of {@link #validate}, for the state {@code login} already consumed and its (enabled) registration
     * {@code reg}: everything about the id_token itself. Touches no database but the deployment lookup of step 10,
     * which {@link Registrations#findDeployment(long, String, long)} answers from memory on a warm node. Public
     * for the validation benchmark, which measures exactly this.
     */
    public ValidatedLaunch checkToken(String idToken, LoginState login, PlatformRegistration reg, boolean cookieBound) {
        return checkToken(idToken, login, reg, cookieBound, null);
    }

    private ValidatedLaunch checkToken(
            String idToken, LoginState login, PlatformRegistration reg, boolean cookieBound, String launchId) {
        IdTokenChecks.Token token = core.check(idToken, login, reg);
        // 12. per message type.
        String messageJson = byType.get(token.type()).check(token, login);
        LaunchContext context = core.context(token, reg, messageJson, launchId);
        StorageCheck storageCheck = cookieBound
                ? null
                : new StorageCheck(login.state(), login.storageTarget(), PlatformRegistration.originOf(reg.authUrl()));
        return new ValidatedLaunch(reg, token.deployment(), token.deploymentId(), token.nonce(), context, storageCheck);
    }

    /**
     * Step 1's one statement: the state (and the nonce minted with it) is deleted and returned at once, so of two
     * launches racing with one state exactly one gets it, on any node (LoginStates).
     */
    private LoginState consumeState(String state) {
        return checkConsumed(db.withConnection(c -> states.consume(c, state)), registrations, clock.instant());
    }

    /** A consumed state, if there was one and it had not expired; the change counter read with it is noted. */
    static LoginState checkConsumed(Optional<LoginStates.Consumed> consumed, Registrations registrations, Instant now) {
        LoginStates.Consumed found = consumed.orElseThrow(
                () -> LaunchError.STATE_UNKNOWN.exception("no such state (or consumed concurrently)"));
        registrations.observe(found.configVersion());
        if (found.login().expiresAt().isBefore(now)) {
            throw LaunchError.STATE_UNKNOWN.exception("state expired");
        }
        return found.login();
    }
}
