package org.attentionlesson.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most {@code limit} attempts per client address in each window (a fixed window per address). IPv6 clients
 * count per /64, the block one subscriber usually holds. The table is bounded: past {@link #MAX_KEYS} addresses,
 * finished windows are dropped, and if that is not enough the table starts again.
 */
public final class RateLimit {
    static final int MAX_KEYS = 10_000;
    private final int limit;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    private record Window(Instant start, int count) {}

    /** @param limit attempts per window; 0 or less turns the limit off */
    public RateLimit(int limit, Duration window, Clock clock) {
        this.limit = limit;
        this.window = window;
        this.clock = clock;
    }

    /** Counts an attempt from this address; false when it is over the limit. */
    public boolean tryAcquire(String clientAddress) {
        if (limit <= 0) {
            return true;
        }
        Instant now = clock.instant();
        if (windows.size() >= MAX_KEYS) {
            windows.values().removeIf(w -> !w.start().plus(window).isAfter(now));
            if (windows.size() >= MAX_KEYS) {
                windows.clear();
            }
        }
        Window w = windows.compute(
                key(clientAddress),
                (k, old) -> old == null || !old.start().plus(window).isAfter(now)
                        ? new Window(now, 1)
                        : new Window(old.start(), old.count() + 1));
        return w.count() <= limit;
    }

    /** Seconds until the address's window ends (for {@code Retry-After}). */
    public long retryAfterSeconds(String clientAddress) {
        Window w = windows.get(key(clientAddress));
        if (w == null) {
            return 0;
        }
        return Math.max(
                1, Duration.between(clock.instant(), w.start().plus(window)).toSeconds() + 1);
    }

    static String key(String address) {
        if (address == null || !address.contains(":")) {
            return String.valueOf(address);
        }
        try {
            byte[] b = InetAddress.getByName(
                            address.startsWith("[") ? address.substring(1, address.length() - 1) : address)
                    .getAddress(); // a literal from the container: no lookup
            if (b.length == 16) {
                StringBuilder s = new StringBuilder("v6:");
                for (int i = 0; i < 8; i++) {
                    s.append(String.format("%02x", b[i]));
                }
                return s.toString();
            }
            return InetAddress.getByAddress(b).getHostAddress();
        } catch (UnknownHostException e) {
            return address;
        }
    }
}
