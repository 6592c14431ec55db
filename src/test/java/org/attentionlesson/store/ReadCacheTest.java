package org.attentionlesson.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReadCacheTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final AtomicInteger reads = new AtomicInteger();
    private final ReadCache<String, Integer> cache = new ReadCache<>(Duration.ofSeconds(10), 3, now::get);
    private final int course = ReadCache.group(1L, "course-1");

    private int read(String key) {
        return cache.get(key, course, reads::incrementAndGet);
    }

    @Test
    void aValueIsReadOnceAndServedAgainWhileNothingChanged() {
        assertEquals(1, read("link-1"));
        now.addAndGet(Duration.ofSeconds(9).toNanos());
        assertEquals(1, read("link-1"));
        assertEquals(1, reads.get());
    }

    @Test
    void aValueOlderThanItsLifetimeIsReadAgain() {
        read("link-1");
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertEquals(2, read("link-1"));
    }

    @Test
    void aCommittedWriteInTheGroupClearsEveryKeyOfIt() {
        assertEquals(1, read("link-1"));
        assertEquals(2, read("link-2"));
        cache.changed(course);
        assertEquals(3, read("link-1"));
        assertEquals(4, read("link-2"));
        assertEquals(4, read("link-2"));
    }

    @Test
    void aWriteElsewhereLeavesTheValue() {
        read("link-1");
        cache.changed(ReadCache.group(1L, "course-2"));
        cache.changed(ReadCache.group(2L, "course-1")); // the same context id at another platform
        assertEquals(1, read("link-1"));
    }

    @Test
    void aWriteCommittedWhileTheValueWasReadMakesItStale() {
        // The read saw the database before the write committed; the write's clearing came after the read began.
        int first = cache.get("link-1", course, () -> {
            cache.changed(course);
            return 41;
        });
        assertEquals(41, first);
        assertEquals(1, read("link-1"), "the value read during the write is not served again");
        assertEquals(1, read("link-1"));
    }

    @Test
    void theLeastRecentlyUsedValueGoesFirstPastTheBound() {
        read("a");
        read("b");
        read("c");
        read("a"); // used: b is now the eldest
        read("d");
        assertEquals(4, reads.get());
        read("a");
        read("c");
        assertEquals(4, reads.get());
        assertEquals(5, read("b"));
    }

    @Test
    void aZeroLifetimeReadsEveryTime() {
        ReadCache<String, Integer> off = new ReadCache<>(Duration.ZERO, 1, now::get);
        off.get("x", course, reads::incrementAndGet);
        assertEquals(2, off.get("x", course, reads::incrementAndGet));
    }

    @Test
    void aNegativeLifetimeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ReadCache<String, Integer>(Duration.ofSeconds(-1), 1));
    }
}
