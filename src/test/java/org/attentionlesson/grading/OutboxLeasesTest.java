package org.attentionlesson.grading;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The outbox row's life: leased, delivered, retried, failed, given back; written in batches. Real H2, no server. */
class OutboxLeasesTest {
    private static final Duration LEASE = Duration.ofSeconds(60);
    private final OutboxStoreFixture f = new OutboxStoreFixture();
    private final Instant t0 = OutboxStoreFixture.T0;

    @AfterEach
    void close() {
        f.close();
    }

    private static List<Long> ids(List<OutboxRow> rows) {
        return rows.stream().map(OutboxRow::id).toList();
    }

    @Test
    void aClaimLeasesOnlyDueRowsOldestDueFirstAndNoMoreThanTheLimit() {
        long second = f.pending("b", t0.minusSeconds(2));
        long first = f.pending("a", t0.minusSeconds(3));
        long third = f.pending("c", t0.minusSeconds(1));
        f.pending("later", t0.plusSeconds(10));

        List<OutboxRow> claimed = f.outbox.claim("node-a", 2, LEASE);
        assertEquals(List.of(first, second), ids(claimed));
        assertNotNull(claimed.get(0).leaseToken());
        assertEquals(claimed.get(0).leaseToken(), claimed.get(1).leaseToken(), "one lease for the batch");
        assertEquals(List.of(third), ids(f.outbox.claim("node-a", 10, LEASE)), "the row due later is not leased yet");
        assertEquals("node-a", f.column(first, "lease_owner"));
    }

    @Test
    void aLeasedRowIsNotClaimedAgainUntilItsLeaseHasEnded() {
        long id = f.pending("a", t0);
        OutboxRow mine = f.outbox.claim("node-a", 10, LEASE).get(0);

        assertTrue(f.outbox.claim("node-b", 10, LEASE).isEmpty());
        f.clock.advance(LEASE.minusSeconds(1));
        assertTrue(f.outbox.claim("node-b", 10, LEASE).isEmpty(), "still inside the lease");
        f.clock.advance(Duration.ofSeconds(2));
        List<OutboxRow> takenOver = f.outbox.claim("node-b", 10, LEASE);
        assertEquals(List.of(id), ids(takenOver));
        assertNotEquals(mine.leaseToken(), takenOver.get(0).leaseToken());
    }

    @Test
    void theOutcomeOfANodeWhoseLeaseWasTakenOverDoesNotApply() {
        long id = f.pending("a", t0);
        OutboxRow late = f.outbox.claim("node-a", 10, LEASE).get(0);
        f.clock.advance(LEASE.plusSeconds(1));
        OutboxRow current = f.outbox.claim("node-b", 10, LEASE).get(0);

        assertArrayEquals(new boolean[] {false}, f.outbox.record(List.of(f.outbox.failedOutcome(late, 400, "no"))));
        assertEquals(OutboxStatus.PENDING, f.status(id), "the late node's outcome is not written");
        assertArrayEquals(
                new boolean[] {true}, f.outbox.record(List.of(f.outbox.deliveredOutcome(current, 200, null))));
        assertEquals(OutboxStatus.DELIVERED, f.status(id));
    }

    @Test
    void aBatchOfOutcomesIsWrittenInOneGoAndEachRowGetsItsOwn() {
        for (int i = 0; i < 6; i++) {
            f.pending("s" + i, t0.minusSeconds(10 - i));
        }
        List<OutboxRow> rows = f.outbox.claim("node-a", 10, LEASE);
        List<GradeOutbox.Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            outcomes.add(f.outbox.deliveredOutcome(rows.get(i), 200, null));
        }
        outcomes.add(f.outbox.failedOutcome(rows.get(4), 403, "Refused."));
        outcomes.add(f.outbox.retryOutcome(rows.get(5), 503, "Unavailable.", Duration.ofSeconds(30), true));

        assertArrayEquals(new boolean[] {true, true, true, true, true, true}, f.outbox.record(outcomes));
        for (int i = 0; i < 4; i++) {
            long id = rows.get(i).id();
            assertEquals(OutboxStatus.DELIVERED, f.status(id));
            assertEquals(1, f.tries(id));
            assertEquals(200, f.column(id, "last_http_status"));
            assertNotNull(f.column(id, "finished_at"));
            assertNull(f.column(id, "lease_token"), "the lease is cleared with the outcome");
        }
        assertEquals(OutboxStatus.FAILED, f.status(rows.get(4).id()));
        assertEquals("Refused.", f.column(rows.get(4).id(), "last_error"));
        assertEquals(OutboxStatus.PENDING, f.status(rows.get(5).id()));
        assertEquals(503, f.column(rows.get(5).id(), "last_http_status"));
    }

    @Test
    void aRetryKeepsTheRowPendingUntilItsNextTryIsDue() {
        long id = f.pending("a", t0);
        OutboxRow row = f.outbox.claim("node-a", 10, LEASE).get(0);
        f.outbox.record(List.of(f.outbox.retryOutcome(row, 429, "Slow down.", Duration.ofSeconds(30), true)));

        assertEquals(OutboxStatus.PENDING, f.status(id));
        assertEquals(1, f.tries(id));
        assertEquals(t0.plusSeconds(30), ((java.time.OffsetDateTime) f.column(id, "next_attempt_at")).toInstant());
        assertTrue(f.outbox.claim("node-a", 10, LEASE).isEmpty(), "not before the next try is due");
        f.clock.advance(Duration.ofSeconds(30));
        OutboxRow again = f.outbox.claim("node-a", 10, LEASE).get(0);
        assertEquals(1, again.tries());
        assertEquals("Slow down.", again.lastError());
    }

    @Test
    void aRetryThatWouldPassTheGiveUpTimeFailsTheRowInstead() {
        long id = f.pending("a", t0);
        OutboxRow row = f.outbox.claim("node-a", 10, LEASE).get(0);
        GradeOutbox.Outcome o = f.outbox.retryOutcome(row, 500, "Server error.", f.giveUp.plusMinutes(1), true);

        assertEquals(OutboxStatus.FAILED, o.status());
        assertTrue(o.note().startsWith("Gave up after 1 tries: Server error."), o.note());
        f.outbox.record(List.of(o));
        assertEquals(OutboxStatus.FAILED, f.status(id));
    }

    @Test
    void aWaitThatIsNotATryNeitherCountsNorGivesUp() {
        long id = f.pending("a", t0);
        OutboxRow row = f.outbox.claim("node-a", 10, LEASE).get(0);
        GradeOutbox.Outcome o = f.outbox.retryOutcome(row, 0, "Waiting.", f.giveUp.plusMinutes(1), false);

        assertNull(o.status(), "a wait past the give-up time is still a wait");
        f.outbox.record(List.of(o));
        assertEquals(OutboxStatus.PENDING, f.status(id));
        assertEquals(0, f.tries(id));
    }

    @Test
    void leasesGivenBackUnusedAreDueAtOnceForAnyNode() {
        for (int i = 0; i < 3; i++) {
            f.pending("s" + i, t0.minusSeconds(5 - i));
        }
        List<OutboxRow> rows = f.outbox.claim("node-a", 10, LEASE);
        assertEquals(2, f.outbox.release(rows.subList(0, 2)));

        assertEquals(ids(rows.subList(0, 2)), ids(f.outbox.claim("node-b", 10, LEASE)));
        assertEquals(
                0, f.outbox.release(rows.subList(0, 2)), "node-b holds them now: node-a's old lease gives nothing");
        assertEquals("node-a", f.column(rows.get(2).id(), "lease_owner"));
    }

    @Test
    void aRowSupersededWhileInFlightKeepsThatStatus() throws Exception {
        long id = f.pending("a", t0);
        OutboxRow row = f.outbox.claim("node-a", 10, LEASE).get(0);
        f.db.withConnection(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("UPDATE grade_outbox SET status = 'SUPERSEDED' WHERE id = ?")) {
                ps.setLong(1, id);
                return ps.executeUpdate();
            }
        });

        assertArrayEquals(new boolean[] {false}, f.outbox.record(List.of(f.outbox.deliveredOutcome(row, 200, null))));
        assertEquals(OutboxStatus.SUPERSEDED, f.status(id));
    }

    @Test
    void retryNowSendsAFailedRowAgainAsAResendWithAFreshGiveUpTime() {
        long id = f.pending("a", t0);
        OutboxRow row = f.outbox.claim("node-a", 10, LEASE).get(0);
        f.outbox.record(List.of(f.outbox.failedOutcome(row, 403, "Refused.")));
        f.clock.advance(Duration.ofHours(5));

        assertTrue(f.outbox.retryNow(id, null));
        OutboxRow again = f.outbox.claim("node-a", 10, LEASE).get(0);
        assertEquals(id, again.id());
        assertTrue(again.regrade(), "marked as a re-send");
        assertEquals(f.clock.instant().plus(f.giveUp), again.giveUpAt());
        assertNull(again.finishedAt());
        assertFalse(f.outbox.retryNow(Long.MAX_VALUE, null));
    }

    @Test
    void batchesOfIdsArePaddedToAPowerOfTwoSoFewStatementTextsAreUsed() {
        assertEquals(List.of(5L), OutboxLeases.padded(List.of(5L)));
        assertEquals(List.of(1L, 2L, 3L, 3L), OutboxLeases.padded(List.of(1L, 2L, 3L)));
        assertEquals(8, OutboxLeases.padded(List.of(1L, 2L, 3L, 4L, 5L)).size());
        assertEquals(4, OutboxLeases.padded(List.of(1L, 2L, 3L, 4L)).size());
    }
}
