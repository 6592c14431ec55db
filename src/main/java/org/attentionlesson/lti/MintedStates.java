package org.attentionlesson.lti;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The login states this node minted lately, as it stored them, so that a launch coming back to the same node can be
 * checked before its state is consumed, and the consumption and the launch context then written by one statement
 * (docs/lti.md §3). Only a copy: the {@code login_state} row stays the one authority on whether a state may still be
 * used, on every node. A launch that finds nothing here (another node minted it, this node restarted, or it was
 * pushed out) is checked after consuming its state, as before.
 *
 * <p>Bounded (least recently minted out first), and an entry is taken, never read twice.
 */
final class MintedStates {
    private final int capacity;
    private final Map<String, LaunchValidator.LoginState> byState;

    MintedStates(int capacity) {
        this.capacity = capacity;
        this.byState = new LinkedHashMap<>(64, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, LaunchValidator.LoginState> eldest) {
                return size() > MintedStates.this.capacity;
            }
        };
    }

    /** Remembers a state that was just stored, with the registration and change counter it was stored at. */
    void minted(LaunchValidator.LoginState login) {
        synchronized (byState) {
            byState.put(login.state(), login);
        }
    }

    /** The state as minted here and not yet past its expiry, removed from memory; null if this node has none. */
    LaunchValidator.LoginState take(String state, Instant now) {
        LaunchValidator.LoginState found;
        synchronized (byState) {
            found = byState.remove(state);
        }
        return found == null || found.expiresAt().isBefore(now) ? null : found;
    }

    int size() {
        synchronized (byState) {
            return byState.size();
        }
    }
}
