package org.attentionlesson.lti;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.PreparedStatement;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.attentionlesson.store.Database;
import org.attentionlesson.support.TestRegistrations;
import org.junit.jupiter.api.Test;

/**
 * Registrations and deployments are kept in memory, each with the change counter it was read at, and used only
 * while the database's counter still says that: a change on any node is seen by the next launch or login here.
 */
class DeploymentCacheTest {
    private static Database database() {
        return new Database("jdbc:h2:mem:dep-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null, 2);
    }

    private static long counter(Database db) {
        return db.withConnection(c -> new RegistrationStore().version(c));
    }

    /** Another node's change: the row and the counter, as that node's Registrations would write them. */
    private static void changeElsewhere(Database db, String sql, long id) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, id);
                ps.executeUpdate();
            }
            new RegistrationStore().bumpVersion(c);
            return null;
        });
    }

    @Test
    void aDeploymentIsReusedAtTheSameCounterAndReadAgainOnceAnyNodeChangedSomething() {
        try (Database db = database()) {
            Registrations regs = new Registrations(db, Clock.systemUTC());
            PlatformRegistration reg = TestRegistrations.lms(regs);
            long v = counter(db);
            assertTrue(regs.findDeployment(reg.id(), "d1", v).isEmpty(), "unknown: looked up, not remembered");
            Deployment d = regs.ensureDeployment(reg.id(), "d1", null);
            assertEquals(
                    Deployment.Status.ACTIVE,
                    regs.findDeployment(reg.id(), "d1", v).orElseThrow().status());

            // Another node disables it without this node's knowledge: at the old counter the copy in memory is used...
            changeElsewhere(db, "UPDATE deployment SET status = 'DISABLED' WHERE id = ?", d.id());
            assertEquals(
                    Deployment.Status.ACTIVE,
                    regs.findDeployment(reg.id(), "d1", v).orElseThrow().status());
            // ...but a launch reads the counter with its state, and at the new value the row is read again.
            long moved = counter(db);
            assertNotEquals(v, moved);
            assertEquals(
                    Deployment.Status.DISABLED,
                    regs.findDeployment(reg.id(), "d1", moved).orElseThrow().status());

            regs.setDeploymentStatus(d.id(), Deployment.Status.ACTIVE); // this node: bumps the counter too
            long now = counter(db);
            assertEquals(moved + 1, now);
            assertEquals(
                    Deployment.Status.ACTIVE,
                    regs.findDeployment(reg.id(), "d1", now).orElseThrow().status());
        }
    }

    @Test
    void aLoginReadsTheRegistrationAgainAfterAChangeAnywhere() {
        try (Database db = database()) {
            Registrations regs = new Registrations(db, Clock.systemUTC());
            PlatformRegistration reg = TestRegistrations.lms(regs);
            Registrations.Versioned<List<PlatformRegistration>> first = regs.forLogin(reg.issuer(), "c1", false);
            assertEquals(List.of(reg), first.value());
            assertEquals(counter(db), first.version());
            assertEquals(first, regs.forLogin(reg.issuer(), "c1", false), "from memory");

            changeElsewhere(db, "UPDATE platform_registration SET status = 'DISABLED' WHERE id = ?", reg.id());
            assertEquals(first, regs.forLogin(reg.issuer(), "c1", false), "memory does not know yet");
            Registrations.Versioned<List<PlatformRegistration>> fresh = regs.forLogin(reg.issuer(), "c1", true);
            assertEquals(
                    PlatformRegistration.Status.DISABLED, fresh.value().get(0).status());
            assertEquals(counter(db), fresh.version(), "the login's insert is conditional on this value");

            regs.setStatus(reg.id(), PlatformRegistration.Status.ACTIVE);
            assertEquals(
                    PlatformRegistration.Status.ACTIVE,
                    regs.forLogin(reg.issuer(), "c1", false).value().get(0).status(),
                    "a change here drops memory");
            assertTrue(regs.forLogin("https://unknown.example", "c1", false)
                    .value()
                    .isEmpty());
        }
    }
}
