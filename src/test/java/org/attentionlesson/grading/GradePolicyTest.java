package org.attentionlesson.grading;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GradePolicyTest {
    @Test
    void bestNeverSendsAWorseOrEqualScore() {
        assertTrue(GradePolicy.BEST.sends(5, null, false));
        assertFalse(GradePolicy.BEST.sends(4, 5.0, true));
        assertFalse(GradePolicy.BEST.sends(5, 5.0, true));
        assertTrue(GradePolicy.BEST.sends(6, 5.0, true));
    }

    @Test
    void firstSendsOnlyTheFirstAndLatestSendsEach() {
        assertTrue(GradePolicy.FIRST.sends(1, null, false));
        assertFalse(GradePolicy.FIRST.sends(9, 1.0, true));
        assertTrue(GradePolicy.LATEST.sends(1, 9.0, true));
    }

    @Test
    void backoffGrowsWithJitterAndRespectsRetryAfter() {
        Backoff b = new Backoff(Duration.ofMillis(1000), Duration.ofSeconds(60));
        for (int i = 0; i < 50; i++) {
            long d1 = b.delay(1, null).toMillis();
            assertTrue(d1 >= 500 && d1 <= 1000, "first " + d1);
            long d4 = b.delay(4, null).toMillis();
            assertTrue(d4 >= 4000 && d4 <= 8000, "fourth " + d4);
            assertTrue(b.delay(30, null).toMillis() <= 60_000);
            assertTrue(b.delay(1, Duration.ofSeconds(10)).toMillis() >= 10_000);
        }
    }
}
