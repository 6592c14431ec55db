package org.attentionlesson.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The rules a score follows on its way out: backoff schedule, grade policies, scaling, timestamps. No database. */
class GradeDeliveryRulesTest {
    private static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(10));

    @Test
    void backoffDoublesWithEachTryAndLandsInTheUpperHalfOfItsStep() {
        for (int i = 0; i < 200; i++) {
            long first = BACKOFF.delay(1, null).toMillis();
            long third = BACKOFF.delay(3, null).toMillis();
            assertTrue(first >= 1_000 && first <= 2_000, "try 1: " + first);
            assertTrue(third >= 4_000 && third <= 8_000, "try 3: " + third);
        }
    }

    @Test
    void backoffNeverExceedsItsMaximumHoweverManyTries() {
        for (int tries : new int[] {10, 31, 64, Integer.MAX_VALUE}) {
            long d = BACKOFF.delay(tries, null).toMillis();
            assertTrue(d >= 300_000 && d <= 600_000, tries + " tries: " + d);
        }
    }

    @Test
    void backoffJittersSoRowsThatFailedTogetherDoNotReturnTogether() {
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (int i = 0; i < 50; i++) {
            seen.add(BACKOFF.delay(5, null).toMillis());
        }
        assertTrue(seen.size() > 10, "distinct delays: " + seen.size());
    }

    @Test
    void aPlatformsRetryAfterIsAFloorForTheNextTry() {
        for (int i = 0; i < 100; i++) {
            long d = BACKOFF.delay(1, Duration.ofSeconds(120)).toMillis();
            assertTrue(d >= 120_000 && d < 125_001, "Retry-After 120 s: " + d);
        }
        long shortWait = BACKOFF.delay(6, Duration.ofSeconds(1)).toMillis();
        assertTrue(shortWait >= 32_000, "a short Retry-After does not shorten the backoff: " + shortWait);
    }

    @Test
    void bestSendsOnlyABetterScoreAndAverageSendsEveryNewMean() {
        assertTrue(GradePolicy.BEST.sends(5, null, false));
        assertTrue(GradePolicy.BEST.sends(5.5, 5.0, true));
        assertFalse(GradePolicy.BEST.sends(5, 5.0, true));
        assertTrue(GradePolicy.AVERAGE.sends(1, 9.0, true));
        assertTrue(GradePolicy.LATEST.sends(1, 9.0, true));
        assertFalse(GradePolicy.FIRST.sends(10, 1.0, true));
        assertEquals(GradePolicy.BEST, GradePolicy.DEFAULT);
    }

    @Test
    void policyNamesAreReadWhateverTheirCaseAndUnknownOnesAreRefused() {
        assertEquals(Optional.of(GradePolicy.AVERAGE), GradePolicy.parse(" average "));
        assertEquals(Optional.of(GradePolicy.LATEST), GradePolicy.parse("Latest"));
        assertEquals(Optional.empty(), GradePolicy.parse("highest"));
        assertEquals(Optional.empty(), GradePolicy.parse(null));
    }

    @Test
    void scoresAreScaledToTheColumnsMaximumToFourDecimals() {
        assertEquals(5.0, LineItemMaximums.scale(9, 18, 10), 0);
        assertEquals(33.3333, LineItemMaximums.scale(1, 3, 100), 0);
        assertEquals(7.0, LineItemMaximums.scale(7, 0, 10), 0, "a score without a maximum is left as it is");
    }

    @Test
    void theCommentNamesTheAttemptAndPointsWithoutNeedlessDecimals() {
        assertEquals("Attempt 2: 7 of 10 points.", GradeDelivery.comment(row(2, 7, 10, null)));
        assertEquals("Attempt 1: 7.5 of 10 points.", GradeDelivery.comment(row(1, 7.5, 10, null)));
    }

    @Test
    void aScoreWhoseTimestampLiesAheadWaitsUntilItIsTrueWithoutCountingATry() {
        OutboxStoreFixture.MovableClock clock = new OutboxStoreFixture.MovableClock(OutboxStoreFixture.T0);
        List<GradeOutbox.Outcome> outcomes = new ArrayList<>();
        // Nothing but the clock is needed: a row that may not go out yet never reaches the platform.
        GradeOutbox outbox = new GradeOutbox(null, clock, null, Duration.ofHours(1), null, null);
        GradeDelivery delivery = new GradeDelivery(outbox, null, null, null, null, BACKOFF, clock, outcomes::add);

        delivery.deliver(row(1, 7, 10, OutboxStoreFixture.T0.plusSeconds(3)));

        assertEquals(1, outcomes.size());
        GradeOutbox.Outcome o = outcomes.get(0);
        assertNull(o.status(), "waits, not failed");
        assertFalse(o.countsAsTry());
        assertEquals(OutboxStoreFixture.T0.plusSeconds(3).plusMillis(1), o.nextAttemptAt());
    }

    static OutboxRow row(int attempt, double given, double max, Instant timestamp) {
        Instant t = OutboxStoreFixture.T0;
        return new OutboxRow(
                1,
                1L,
                1,
                "learner",
                "link-1",
                "launch-1",
                attempt,
                given,
                max,
                timestamp,
                t,
                null,
                "https://lms.example/li/1",
                org.attentionlesson.ags.AgsScope.SCORE,
                "Quiz",
                false,
                OutboxStatus.PENDING,
                0,
                t,
                t.plus(Duration.ofHours(1)),
                "lease",
                null,
                null,
                t,
                null,
                1L,
                "COMPLETED");
    }
}
