package org.attentionlesson.lti;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The states a node minted: each taken once, never past its expiry, and no more kept than the capacity. */
class MintedStatesTest {
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    private static LaunchValidator.LoginState state(String s, Instant expires) {
        return new LaunchValidator.LoginState(
                s, "n-" + s, 1, "https://tool/lti/launch", null, null, expires, Optional.empty(), 7);
    }

    @Test
    void aStateIsTakenOnceAndNotAfterItsExpiry() {
        MintedStates m = new MintedStates(10);
        m.minted(state("a", NOW.plusSeconds(60)));
        m.minted(state("b", NOW.minusSeconds(1)));
        assertEquals("n-a", m.take("a", NOW).nonce());
        assertNull(m.take("a", NOW), "taken once");
        assertNull(m.take("b", NOW), "expired");
        assertNull(m.take("never", NOW));
        assertEquals(0, m.size());
    }

    @Test
    void theOldestGoFirstBeyondTheCapacity() {
        MintedStates m = new MintedStates(3);
        for (String s : new String[] {"a", "b", "c", "d"}) {
            m.minted(state(s, NOW.plusSeconds(60)));
        }
        assertEquals(3, m.size());
        assertNull(m.take("a", NOW));
        assertEquals(7, m.take("d", NOW).configVersion());
    }
}
