package org.attentionlesson.lti;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.attentionlesson.store.Database;
import org.attentionlesson.support.TestRegistrations;
import org.junit.jupiter.api.Test;

/**
 * How a validated launch is stored on real (in-memory) H2: the launch context alone by one auto-committed INSERT when
 * no listener may write; with a listener that may write, everything in one transaction, so a failing listener leaves
 * no launch context behind.
 */
class LaunchServiceStoreTest {
    private final Clock clock = Clock.systemUTC();

    private record Setup(
            Database db,
            LaunchService service,
            PlatformRegistration reg,
            Deployment deployment,
            LaunchContexts contexts) {}

    private Setup setup() {
        Database db = new Database("jdbc:h2:mem:store-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null, 2);
        Registrations regs = new Registrations(db, clock);
        PlatformRegistration reg = TestRegistrations.lms(regs);
        Deployment d = regs.ensureDeployment(reg.id(), "d1", null);
        LaunchContexts contexts = new LaunchContexts(db, Duration.ofMinutes(10));
        LaunchService service = new LaunchService(
                db, regs, contexts, new LaunchTokens(new byte[32], clock, Duration.ofHours(1)), clock);
        return new Setup(db, service, reg, d, contexts);
    }

    private LaunchValidator.ValidatedLaunch launch(Setup s) {
        return launch(s, "user-1");
    }

    private LaunchValidator.ValidatedLaunch launch(Setup s, String subject) {
        LaunchContext l = new LaunchContext(
                LaunchContexts.newId(clock.instant()),
                s.reg().id(),
                0,
                MessageType.RESOURCE_LINK,
                subject,
                null,
                null,
                null,
                null,
                List.of(),
                "course-1",
                null,
                null,
                "link-1",
                null,
                null,
                null,
                null,
                "https://lms.example/return",
                new LaunchContext.AgsEndpoint(null, null, List.of()),
                null,
                Map.of(),
                null,
                null,
                Instant.now());
        return new LaunchValidator.ValidatedLaunch(s.reg(), Optional.of(s.deployment()), "d1", "n", l, null);
    }

    private static long rows(Database db, String id) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM launch_context WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    @Test
    void aStoredLaunchClearsWhatThisNodeRemembersOfWhoLaunchedInItsContextHoweverItIsStored() {
        Setup s = setup();
        try (Database db = s.db()) {
            ContextLearners learners = s.contexts().learners();
            ContextLearners.Place link =
                    new ContextLearners.Place(s.reg().id(), s.deployment().id(), "course-1", "link-1");
            ContextLearners.Place course =
                    new ContextLearners.Place(s.reg().id(), s.deployment().id(), "course-1", null);
            assertEquals(List.of(), learners.rollAt(link, 100).subjects());
            assertEquals(List.of(), learners.rollAt(course, 100).subjects());

            s.service().store(launch(s, "user-1")); // one auto-committed INSERT
            assertEquals(List.of("user-1"), learners.rollAt(link, 100).subjects());
            assertEquals(List.of("user-1"), learners.rollAt(course, 100).subjects());

            s.service().addListener((c, l) -> {}, l -> true); // now in a transaction with the listener
            s.service().store(launch(s, "user-2"));
            assertEquals(
                    java.util.Set.of("user-1", "user-2"),
                    java.util.Set.copyOf(learners.rollAt(link, 100).subjects()));
            assertEquals(2, learners.rollAt(course, 100).subjects().size());
        }
    }

    @Test
    void aLaunchNoListenerWritesForIsStoredWithoutCallingThemAndAListenerThatMayWriteRunsInTheLaunchsTransaction() {
        Setup s = setup();
        try (Database db = s.db()) {
            AtomicInteger called = new AtomicInteger();
            AtomicInteger autoCommit = new AtomicInteger();
            s.service().addListener((c, l) -> called.incrementAndGet(), l -> false);
            s.service()
                    .addListener(
                            (c, l) -> {
                                if (c.getAutoCommit()) {
                                    autoCommit.incrementAndGet();
                                }
                            },
                            l -> !l.custom().isEmpty());

            LaunchService.Launched plain = s.service().store(launch(s));
            assertEquals(0, called.get(), "a listener that writes nothing for this launch is not run");
            assertEquals(1, rows(db, plain.context().id()));
            assertEquals(s.deployment().id(), plain.context().deploymentRowId());
            assertTrue(plain.launchToken() != null);

            LaunchValidator.ValidatedLaunch v = launch(s);
            LaunchContext withCustom = withCustom(v.context());
            LaunchService.Launched bound = s.service()
                    .store(new LaunchValidator.ValidatedLaunch(
                            v.registration(), v.deployment(), v.deploymentId(), v.nonce(), withCustom, null));
            assertEquals(1, called.get(), "once one listener may write, every listener runs");
            assertEquals(0, autoCommit.get(), "...inside the launch's transaction");
            assertEquals(1, rows(db, bound.context().id()));
        }
    }

    @Test
    void aListenerThatFailsLeavesNoLaunchContext() {
        Setup s = setup();
        try (Database db = s.db()) {
            s.service().addListener((c, l) -> {
                throw new SQLException("listener failed");
            });
            LaunchValidator.ValidatedLaunch v = launch(s);
            assertThrows(Database.StoreException.class, () -> s.service().store(v));
            assertEquals(0, rows(db, v.context().id()));
        }
    }

    private static LaunchContext withCustom(LaunchContext l) {
        return new LaunchContext(
                LaunchContexts.newId(Instant.now()),
                l.registrationId(),
                l.deploymentRowId(),
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
                Map.of("activity", "a1"),
                l.deepLinkingSettingsJson(),
                l.platformJson(),
                l.createdAt());
    }
}
