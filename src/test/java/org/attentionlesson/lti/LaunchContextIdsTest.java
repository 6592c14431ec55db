package org.attentionlesson.lti;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class LaunchContextIdsTest {
    @Test
    void idsOfLaterLaunchesSortAfterEarlierOnesAndStayUnguessable() {
        Instant t = Instant.parse("2026-12-07T03:00:00Z");
        String first = LaunchContexts.newId(t);
        String sameMillisecond = LaunchContexts.newId(t);
        String later = LaunchContexts.newId(t.plusMillis(1));
        String muchLater = LaunchContexts.newId(Instant.parse("2100-01-01T00:00:00Z"));
        assertNotEquals(first, sameMillisecond); // the random part differs
        assertTrue(first.substring(0, 11).equals(sameMillisecond.substring(0, 11)));
        assertTrue(later.compareTo(first) > 0 && later.compareTo(sameMillisecond) > 0);
        assertTrue(muchLater.compareTo(later) > 0);
        assertTrue(first.length() == 35 && first.length() <= 64, first); // launch_context.id is VARCHAR(64)
        assertTrue(first.substring(11).matches("[A-Za-z0-9_-]{24}"), first);
    }
}
