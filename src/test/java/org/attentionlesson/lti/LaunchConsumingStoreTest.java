package org.attentionlesson.lti;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.attentionlesson.store.Database;
import org.attentionlesson.support.TestDatabase;
import org.attentionlesson.support.TestRegistrations;
import org.junit.jupiter.api.Test;

/**
 * A launch checked against the state as this node minted it is stored by the statement that consumes the state
 * ({@link LaunchValidator.PendingState}, {@link LaunchService#store}): on real H2 and PostgreSQL, the launch context
 * goes in only with its state, a state used up by another launch or expired stores nothing, and a registration
 * change since the login consumes the state and checks the launch again against what is current.
 */
class LaunchConsumingStoreTest {
    private final Clock clock = Clock.systemUTC();

    private record Setup(
            Database db,
            LaunchService service,
            Registrations regs,
            PlatformRegistration reg,
            Deployment deployment,
            LoginStates states) {}

    @Test
    void h2() {
        try (Database db =
                new Database("jdbc:h2:mem:consuming-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null, 2)) {
            Setup s = setup(db);
            sealedOutcomes(s);
            everyOutcome(s);
        }
    }

    @Test
    void postgres() {
        try (TestDatabase pg = TestDatabase.postgres();
                Database db = new Database(pg.jdbcUrl(), null, null, 4)) {
            Setup s = setup(db);
            sealedOutcomes(s);
            everyOutcome(s);
        }
    }

    private void everyOutcome(Setup s) {
        // The state is there and nothing changed: consumed and stored together.
        String state = mint(s, Instant.now().plusSeconds(300));
        LaunchValidator.ValidatedLaunch v = pending(s, state, version(s), "ada", null);
        LaunchService.Launched stored = s.service().store(v);
        assertEquals(
                1,
                count(
                        s,
                        "SELECT COUNT(*) FROM launch_context WHERE id = ?",
                        v.context().id()));
        assertEquals(0, count(s, "SELECT COUNT(*) FROM login_state WHERE state = ?", state));
        assertEquals(s.deployment().id(), stored.context().deploymentRowId());

        // The same state again (another launch used it up first, on any node): refused, nothing stored.
        LaunchValidator.ValidatedLaunch again = pending(s, state, version(s), "ada", null);
        assertEquals(
                "STATE_UNKNOWN",
                assertThrows(
                                LaunchError.LaunchException.class,
                                () -> s.service().store(again))
                        .code());
        assertEquals(
                0,
                count(
                        s,
                        "SELECT COUNT(*) FROM launch_context WHERE id = ?",
                        again.context().id()));

        // Expired since the login: used up, refused, nothing stored.
        String old = mint(s, Instant.now().minusSeconds(1));
        LaunchValidator.ValidatedLaunch late = pending(s, old, version(s), "ada", null);
        assertEquals(
                "STATE_UNKNOWN",
                assertThrows(
                                LaunchError.LaunchException.class,
                                () -> s.service().store(late))
                        .code());
        assertEquals(
                0,
                count(
                        s,
                        "SELECT COUNT(*) FROM launch_context WHERE id = ?",
                        late.context().id()));
        assertEquals(0, count(s, "SELECT COUNT(*) FROM login_state WHERE state = ?", old));

        // A registration changed on some node since the login: the state is used up, the launch is not stored as
        // checked, but checked again against the state as consumed (with the counter as it stands now).
        String raced = mint(s, Instant.now().plusSeconds(300));
        long atLogin = version(s);
        s.regs().setStatus(s.reg().id(), PlatformRegistration.Status.ACTIVE); // any change bumps the counter
        AtomicReference<LaunchValidator.LoginState> rechecked = new AtomicReference<>();
        LaunchValidator.ValidatedLaunch stale = pending(s, raced, atLogin, "ada", consumed -> {
            rechecked.set(consumed);
            throw LaunchError.REGISTRATION_DISABLED.exception("as a recheck would find it");
        });
        assertEquals(
                "REGISTRATION_DISABLED",
                assertThrows(
                                LaunchError.LaunchException.class,
                                () -> s.service().store(stale))
                        .code());
        assertEquals(raced, rechecked.get().state());
        assertEquals(version(s), rechecked.get().configVersion());
        assertEquals(
                0,
                count(
                        s,
                        "SELECT COUNT(*) FROM launch_context WHERE id = ?",
                        stale.context().id()));
        assertEquals(0, count(s, "SELECT COUNT(*) FROM login_state WHERE state = ?", raced));

        // A recheck that passes is stored as a launch checked after consuming its state.
        String raced2 = mint(s, Instant.now().plusSeconds(300));
        long atLogin2 = version(s);
        s.regs().setStatus(s.reg().id(), PlatformRegistration.Status.ACTIVE);
        LaunchValidator.ValidatedLaunch fresh = launch(s, "bea");
        LaunchValidator.ValidatedLaunch stale2 = pending(s, raced2, atLogin2, "bea", consumed -> fresh);
        assertEquals(fresh.context().id(), s.service().store(stale2).context().id());
        assertEquals(
                1,
                count(
                        s,
                        "SELECT COUNT(*) FROM launch_context WHERE id = ?",
                        fresh.context().id()));
        assertEquals(
                0,
                count(
                        s,
                        "SELECT COUNT(*) FROM launch_context WHERE id = ?",
                        stale2.context().id()));

        // With a listener that may write, the state is consumed first and the launch stored in a transaction.
        s.service().addListener((c, l) -> {}, l -> true);
        String withListener = mint(s, Instant.now().plusSeconds(300));
        LaunchValidator.ValidatedLaunch listened = pending(s, withListener, version(s), "cai", null);
        s.service().store(listened);
        assertEquals(
                1,
                count(
                        s,
                        "SELECT COUNT(*) FROM launch_context WHERE id = ?",
                        listened.context().id()));
        assertEquals(0, count(s, "SELECT COUNT(*) FROM login_state WHERE state = ?", withListener));
        LaunchValidator.ValidatedLaunch listenedAgain = pending(s, withListener, version(s), "cai", null);
        assertEquals(
                "STATE_UNKNOWN",
                assertThrows(
                                LaunchError.LaunchException.class,
                                () -> s.service().store(listenedAgain))
                        .code());
    }

    /**
     * A sealed state (docs/adr/0006-sealed-states.md) has no row: its launch context's id, derived from it, and its
     * {@code used_login_state} row are the only records of its use, and each is written only without the other.
     */
    private void sealedOutcomes(Setup s) {
        // Stored by the one statement; a second launch of the state breaks the primary key.
        Sealed first = sealed(s, version(s), "ada", null);
        assertEquals(
                first.launchId(), s.service().store(first.launch()).context().id());
        assertEquals(1, count(s, "SELECT COUNT(*) FROM launch_context WHERE id = ?", first.launchId()));
        assertEquals(0, count(s, "SELECT COUNT(*) FROM used_login_state WHERE state_id = ?", first.stateId()));
        Sealed replay = sealed(s, version(s), "ada", null, first.stateId(), first.launchId());
        assertEquals("STATE_UNKNOWN", refusal(() -> s.service().store(replay.launch())));
        // ... and a refused launch of it after that finds it used (no row of its own written).
        assertEquals(
                "STATE_UNKNOWN",
                refusal(() -> replay.launch().pending().consume().get()));
        assertEquals(0, count(s, "SELECT COUNT(*) FROM used_login_state WHERE state_id = ?", first.stateId()));

        // Used up by a refused launch first: a launch of it stores nothing.
        Sealed refused = sealed(s, version(s), "bea", null);
        refused.launch().pending().consume().get();
        assertEquals(1, count(s, "SELECT COUNT(*) FROM used_login_state WHERE state_id = ?", refused.stateId()));
        assertEquals("STATE_UNKNOWN", refusal(() -> s.service().store(refused.launch())));
        assertEquals(0, count(s, "SELECT COUNT(*) FROM launch_context WHERE id = ?", refused.launchId()));
        assertEquals(
                "STATE_UNKNOWN",
                refusal(() -> refused.launch().pending().consume().get()));

        // A registration changed since the copy was read: used up, checked again against what is current, stored.
        long before = version(s);
        s.regs().setStatus(s.reg().id(), PlatformRegistration.Status.ACTIVE); // any change bumps the counter
        AtomicReference<LaunchValidator.LoginState> rechecked = new AtomicReference<>();
        AtomicReference<Sealed> raced = new AtomicReference<>();
        raced.set(sealed(s, before, "cai", consumed -> {
            rechecked.set(consumed);
            return raced.get().launch().withPending(null);
        }));
        assertEquals(
                raced.get().launchId(),
                s.service().store(raced.get().launch()).context().id());
        assertEquals(version(s), rechecked.get().configVersion());
        assertEquals(
                1,
                count(
                        s,
                        "SELECT COUNT(*) FROM used_login_state WHERE state_id = ?",
                        raced.get().stateId()));
        assertEquals(
                1,
                count(
                        s,
                        "SELECT COUNT(*) FROM launch_context WHERE id = ?",
                        raced.get().launchId()));
        Sealed raceReplay = sealed(
                s, version(s), "cai", null, raced.get().stateId(), raced.get().launchId());
        assertEquals("STATE_UNKNOWN", refusal(() -> s.service().store(raceReplay.launch())));
    }

    private record Sealed(LaunchValidator.ValidatedLaunch launch, String stateId, String launchId) {}

    private Sealed sealed(
            Setup s,
            long version,
            String subject,
            java.util.function.Function<LaunchValidator.LoginState, LaunchValidator.ValidatedLaunch> recheck) {
        String random = UUID.randomUUID().toString().replace("-", "");
        return sealed(
                s,
                version,
                subject,
                recheck,
                random.substring(0, 22),
                LaunchContexts.newId(Instant.now(), random.substring(0, 24)));
    }

    private Sealed sealed(
            Setup s,
            long version,
            String subject,
            java.util.function.Function<LaunchValidator.LoginState, LaunchValidator.ValidatedLaunch> recheck,
            String stateId,
            String launchId) {
        LaunchValidator.LoginState login = new LaunchValidator.LoginState(
                "s1.sealed-" + stateId,
                "nonce",
                s.reg().id(),
                "https://tool/lti/launch",
                "d1",
                null,
                Instant.now().plusSeconds(300),
                Optional.of(s.reg()),
                version);
        LaunchValidator.PendingState pending = LaunchValidator.sealedState(
                s.db(),
                s.states(),
                s.regs(),
                clock,
                login,
                stateId,
                launchId,
                recheck == null
                        ? consumed -> {
                            throw new AssertionError("no recheck expected");
                        }
                        : recheck);
        return new Sealed(launch(s, subject, launchId).withPending(pending), stateId, launchId);
    }

    private static String refusal(org.junit.jupiter.api.function.Executable e) {
        return assertThrows(LaunchError.LaunchException.class, e).code();
    }

    private Setup setup(Database db) {
        Registrations regs = new Registrations(db, clock);
        PlatformRegistration reg = TestRegistrations.lms(regs);
        Deployment d = regs.ensureDeployment(reg.id(), "d1", null);
        LaunchService service = new LaunchService(
                db,
                regs,
                new LaunchContexts(db, Duration.ofMinutes(10)),
                new LaunchTokens(new byte[32], clock, Duration.ofHours(1)),
                clock);
        return new Setup(db, service, regs, reg, d, new LoginStates(db.isPostgres()));
    }

    private String mint(Setup s, Instant expiresAt) {
        String state = "state-" + UUID.randomUUID();
        s.db().withConnection(c -> s.states()
                .insert(
                        c,
                        state,
                        "nonce-" + state,
                        s.reg().id(),
                        "https://tool/lti/launch",
                        "d1",
                        null,
                        Instant.now(),
                        expiresAt));
        return state;
    }

    private long version(Setup s) {
        return count(s, "SELECT version FROM lti_config_version WHERE id = ?", 1);
    }

    private LaunchValidator.ValidatedLaunch pending(
            Setup s,
            String state,
            long version,
            String subject,
            java.util.function.Function<LaunchValidator.LoginState, LaunchValidator.ValidatedLaunch> recheck) {
        return launch(s, subject)
                .withPending(LaunchValidator.storedState(
                        s.db(),
                        s.states(),
                        s.regs(),
                        clock,
                        state,
                        version,
                        recheck == null
                                ? consumed -> {
                                    throw new AssertionError("no recheck expected");
                                }
                                : recheck));
    }

    private LaunchValidator.ValidatedLaunch launch(Setup s, String subject) {
        return launch(s, subject, LaunchContexts.newId(clock.instant()));
    }

    private LaunchValidator.ValidatedLaunch launch(Setup s, String subject, String id) {
        LaunchContext l = new LaunchContext(
                id,
                s.reg().id(),
                0,
                MessageType.RESOURCE_LINK,
                subject,
                "Name of " + subject,
                null,
                null,
                null,
                List.of("http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"),
                "course-1",
                "Course",
                null,
                "link-1",
                "Lesson",
                "https://tool/lti/launch",
                "en",
                "iframe",
                "https://lms.example/return",
                new LaunchContext.AgsEndpoint("https://lms.example/li", null, List.of("score")),
                null,
                Map.of("activity", "a1"),
                null,
                "{\"name\":\"LMS\"}",
                Instant.now());
        return new LaunchValidator.ValidatedLaunch(s.reg(), Optional.of(s.deployment()), "d1", "n", l, null);
    }

    private static long count(Setup s, String sql, Object arg) {
        return s.db().withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setObject(1, arg);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }
}
