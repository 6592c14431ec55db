package org.attentionlesson.lti;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.attentionlesson.store.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tool keys on a real (in-memory H2) database, with a clock the test moves. */
class ToolKeysTest {
    Database db;
    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-21T10:00:00Z"));
    Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    @BeforeEach
    void open() {
        db = new Database("jdbc:h2:mem:keys-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null, 2);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void generatesOneKeyAtFirstStartAndKeepsItAcrossRestarts() {
        String kid = new ToolKeys(db, clock).signingKey().getKeyID();
        ToolKeys again = new ToolKeys(db, clock);
        assertEquals(kid, again.signingKey().getKeyID());
        assertEquals(1, again.publicJwks().getKeys().size());
        assertFalse(again.publicJwks().getKeys().get(0).isPrivate());
    }

    @Test
    void rotationPublishesTheNextKeyAtOnceAndSignsWithItAfterTheGracePeriod() {
        ToolKeys keys = new ToolKeys(db, clock);
        String old = keys.signingKey().getKeyID();
        String next = keys.rotate(Duration.ofMinutes(10), Duration.ofHours(2));
        assertEquals(2, keys.publicJwks().getKeys().size(), "next key published at once");
        assertEquals(old, keys.signingKey().getKeyID(), "old key still signs during the grace period");

        now.set(now.get().plus(Duration.ofMinutes(11)));
        keys.reload();
        assertEquals(next, keys.signingKey().getKeyID());
        assertTrue(keys.publicJwks().getKeyByKeyId(old) != null, "retired key still published");

        now.set(now.get().plus(Duration.ofHours(3)));
        keys.reload();
        assertEquals(null, keys.publicJwks().getKeyByKeyId(old), "retired key left the JWKS");
        assertNotEquals(old, next);
    }
}
