package org.attentionlesson.lti;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.util.UUID;
import org.attentionlesson.store.Database;
import org.junit.jupiter.api.Test;

/** Deployments read for launches are reused for a few seconds; a change made on this node is seen at once. */
class DeploymentCacheTest {
    @Test
    void aChangeHereIsSeenAtOnceAChangeElsewhereWithinTheCacheTime() {
        try (Database db = new Database("jdbc:h2:mem:dep-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null, 2)) {
            Registrations regs = new Registrations(db, Clock.systemUTC());
            PlatformRegistration reg = regs.upsert("https://lms.example", "c1", "LMS", URI.create("https://lms.example/auth"),
                    URI.create("https://lms.example/jwks"), null, null, null, PlatformRegistration.Status.ACTIVE);
            assertTrue(regs.findDeployment(reg.id(), "d1").isEmpty(), "unknown: looked up, not remembered");
            Deployment d = regs.ensureDeployment(reg.id(), "d1", null);
            assertEquals(Deployment.Status.ACTIVE, regs.findDeployment(reg.id(), "d1").orElseThrow().status());

            regs.setDeploymentStatus(d.id(), Deployment.Status.DISABLED); // this node: at once
            assertEquals(Deployment.Status.DISABLED, regs.findDeployment(reg.id(), "d1").orElseThrow().status());

            // Another node re-enables it in the shared database: this node answers from its cache for up to 5 s.
            db.withConnection(c -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE deployment SET status = 'ACTIVE' WHERE id = ?")) {
                    ps.setLong(1, d.id());
                    return ps.executeUpdate();
                }
            });
            assertEquals(Deployment.Status.DISABLED, regs.findDeployment(reg.id(), "d1").orElseThrow().status());
            assertEquals(Deployment.Status.ACTIVE, db.withConnection(c -> regs.findDeployment(c, reg.id(), "d1"))
                    .orElseThrow().status(), "the uncached read sees the database");
            // Any registration change here drops the cache too.
            regs.setStatus(reg.id(), PlatformRegistration.Status.ACTIVE);
            assertEquals(Deployment.Status.ACTIVE, regs.findDeployment(reg.id(), "d1").orElseThrow().status());
            assertTrue(Registrations.DEPLOYMENT_CACHE_SECONDS <= 5);
        }
    }
}
