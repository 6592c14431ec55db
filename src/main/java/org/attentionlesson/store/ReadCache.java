package org.attentionlesson.store;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A node's short memory of an owning package's aggregate reads (e.g. who launched at a resource link, how many
 * learners started there), kept per key and grouped by the place the key belongs to (docs/adr/0003-class-summaries.md).
 *
 * <p>A value is served again only while it is younger than the time to live and no write to its group was
 * committed on this node since the read began: the owner calls {@link #changed} after each commit that touches the
 * group, so this node's own writes show at once. Writes by other nodes show once the value ages out, or at once
 * after {@link #changed} (the class page's refresh). A zero time to live turns the memory off.
 *
 * <p>Groups share a fixed array of version counters (a group's hash picks its slot), so memory does not grow with
 * the number of places; two groups in one slot only clear each other more often. At most {@code maxEntries} values
 * are kept, the least recently used dropped first.
 */
public final class ReadCache<K, V> {
    private static final int SLOTS = 1024;

    private record Entry<V>(long version, long readAt, V value) {}

    private final AtomicLongArray versions = new AtomicLongArray(SLOTS);
    private final Map<K, Entry<V>> entries;
    private final long ttlNanos;
    private final LongSupplier nanoTime;

    public ReadCache(Duration ttl, int maxEntries) {
        this(ttl, maxEntries, System::nanoTime);
    }

    ReadCache(Duration ttl, int maxEntries, LongSupplier nanoTime) {
        if (ttl.isNegative() || maxEntries < 1) {
            throw new IllegalArgumentException("time to live " + ttl + ", entries " + maxEntries);
        }
        this.ttlNanos = ttl.toNanos();
        this.nanoTime = nanoTime;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, Entry<V>> eldest) {
                return size() > maxEntries;
            }
        };
    }

    /** The group a key of places is in: what {@link #changed} names. */
    public static int group(Object... parts) {
        return java.util.Arrays.hashCode(parts);
    }

    /** The value for {@code key} (in {@code group}): remembered if still current, else {@code read} and remembered. */
    public V get(K key, int group, Supplier<V> read) {
        if (ttlNanos == 0) {
            return read.get();
        }
        int slot = slot(group);
        long version = versions.get(slot);
        long now = nanoTime.getAsLong();
        Entry<V> e;
        synchronized (entries) {
            e = entries.get(key);
        }
        if (e != null && e.version() == version && now - e.readAt() < ttlNanos) {
            return e.value();
        }
        V value = read.get();
        // Remembered with the version seen before reading: a write committed meanwhile has moved the version on,
        // so this value is not served again.
        synchronized (entries) {
            entries.put(key, new Entry<>(version, now, value));
        }
        return value;
    }

    /** A write to {@code group} has committed on this node: nothing read before it is served again. */
    public void changed(int group) {
        versions.incrementAndGet(slot(group));
    }

    private static int slot(int group) {
        int h = group ^ (group >>> 16);
        return h & (SLOTS - 1);
    }
}
