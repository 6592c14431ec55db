package org.attentionlesson.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RateLimitTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
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

    @Test
    void eachAddressGetsItsOwnAllowancePerWindow() {
        RateLimit limit = new RateLimit(2, Duration.ofMinutes(1), clock);
        assertTrue(limit.tryAcquire("198.51.100.7"));
        assertTrue(limit.tryAcquire("198.51.100.7"));
        assertFalse(limit.tryAcquire("198.51.100.7"));
        assertTrue(limit.tryAcquire("198.51.100.8"), "another address is not affected");
        assertEquals(60, limit.retryAfterSeconds("198.51.100.7"), 1);
        now.set(now.get().plusSeconds(61));
        assertTrue(limit.tryAcquire("198.51.100.7"), "a new window");
    }

    @Test
    void ipv6AddressesCountPerSlash64() {
        RateLimit limit = new RateLimit(1, Duration.ofMinutes(1), clock);
        assertTrue(limit.tryAcquire("2001:db8:1:2::1"));
        assertFalse(limit.tryAcquire("2001:db8:1:2:ffff::9"), "same /64: same allowance");
        assertTrue(limit.tryAcquire("2001:db8:1:3::1"));
    }

    @Test
    void zeroTurnsTheLimitOffAndTheTableStaysBounded() {
        RateLimit off = new RateLimit(0, Duration.ofMinutes(1), clock);
        for (int i = 0; i < 100; i++) {
            assertTrue(off.tryAcquire("203.0.113.1"));
        }
        RateLimit limit = new RateLimit(1, Duration.ofMinutes(1), clock);
        for (int i = 0; i < RateLimit.MAX_KEYS + 50; i++) {
            limit.tryAcquire("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255));
        }
        assertTrue(limit.tryAcquire("192.0.2.1"), "a new address still gets its attempt");
    }
}
