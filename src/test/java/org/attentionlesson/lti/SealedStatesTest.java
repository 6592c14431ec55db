package org.attentionlesson.lti;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The sealing of login states (docs/adr/0006-sealed-states.md): what goes in comes out, and nothing else opens. */
class SealedStatesTest {
    private static final String TARGET = "https://tool.example/lti/launch";
    private final byte[] key = filled(7);
    private final SealedStates sealer = new SealedStates(key);
    private final Instant now = Instant.parse("2026-12-07T12:00:00Z");

    private static byte[] filled(int b) {
        byte[] k = new byte[32];
        Arrays.fill(k, (byte) b);
        return k;
    }

    @Test
    void whatALoginSealsIsWhatTheLaunchOpens() {
        SealedStates.Minted m = sealer.seal(42, now, now.plusSeconds(300), "dep-1", TARGET, "_parent");
        assertTrue(m.state().startsWith(SealedStates.PREFIX));
        assertTrue(
                m.state().length() < 200,
                "short enough for two URLs and a form: " + m.state().length());
        SealedStates.Opened o = sealer.open(m.state());
        assertNotNull(o);
        assertEquals(42, o.registrationId());
        assertEquals(now, o.issuedAt());
        assertEquals(now.plusSeconds(300), o.expiresAt());
        assertEquals("dep-1", o.deploymentId());
        assertEquals(TARGET, o.targetLinkUri());
        assertEquals("_parent", o.storageTarget());
        assertEquals(m.nonce(), sealer.nonce(o.random()), "the launch derives the nonce the login sent");
        SealedStates.Opened bare =
                sealer.open(sealer.seal(1, now, now, null, TARGET, null).state());
        assertNull(bare.deploymentId());
        assertNull(bare.storageTarget());
    }

    @Test
    void everyStateIsNewAndItsNonceAndLaunchIdAreItsOwn() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            SealedStates.Minted m = sealer.seal(1, now, now.plusSeconds(60), null, TARGET, null);
            SealedStates.Opened o = sealer.open(m.state());
            assertTrue(seen.add(m.state()) & seen.add(m.nonce()) & seen.add(sealer.launchId(o)) & seen.add(o.id()));
            assertEquals(sealer.launchId(o), sealer.launchId(sealer.open(m.state())), "stable for one state");
            assertEquals(35, sealer.launchId(o).length());
        }
        SealedStates.Opened o =
                sealer.open(sealer.seal(1, now, now, null, TARGET, null).state());
        assertNotEquals(
                sealer.nonce(o.random()),
                new SealedStates(filled(8)).nonce(o.random()),
                "derived with the key, so no one without it can tell the nonce or the launch id");
    }

    @Test
    void anyChangedCharacterAnotherKeyOrAnyOtherTextDoesNotOpen() {
        String state = sealer.seal(42, now, now.plusSeconds(300), "dep-1", TARGET, null)
                .state();
        for (int i = 0; i < state.length(); i++) {
            // Every character base64url has, and the separator: also those that differ from the original only
            // in the unused low bits of a segment's last character, which decode to the same bytes.
            for (char c : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.".toCharArray()) {
                if (state.charAt(i) != c) {
                    String changed = state.substring(0, i) + c + state.substring(i + 1);
                    assertNull(sealer.open(changed), "opened with character " + i + " changed to " + c);
                }
            }
        }
        assertNull(new SealedStates(filled(8)).open(state), "another key");
        for (String other : new String[] {
            "",
            "s1.",
            "s1..",
            "s1.AAAA.AAAA",
            state.substring(0, state.length() - 1),
            state + "A",
            state + ".x",
            "forged-state",
            "s1." + "A".repeat(SealedStates.MAX_CHARS)
        }) {
            assertNull(sealer.open(other), other);
        }
    }

    @Test
    void aLoginTooLongToSealIsLeftToBeStored() {
        assertNull(sealer.seal(1, now, now, null, TARGET + "?q=" + "x".repeat(SealedStates.MAX_CHARS), null));
        assertThrows(IllegalArgumentException.class, () -> new SealedStates(new byte[16]));
    }
}
