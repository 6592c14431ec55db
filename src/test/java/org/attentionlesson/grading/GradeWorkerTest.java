package org.attentionlesson.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The worker's batches against a real H2 outbox. Each row's score timestamp lies an hour ahead, so its delivery
 * ends in a wait without any platform: what is tested is which rows are leased, handed out and given back.
 */
class GradeWorkerTest {
    private final OutboxStoreFixture f = new OutboxStoreFixture();
    private final Instant later = OutboxStoreFixture.T0.plus(Duration.ofHours(1));

    @AfterEach
    void close() {
        f.close();
    }

    private List<Long> rows(int n) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long id = f.pending("learner-" + i, OutboxStoreFixture.T0.minusSeconds(n - i));
            f.db.withConnection(c -> {
                try (PreparedStatement ps =
                        c.prepareStatement("UPDATE grade_outbox SET score_timestamp = ? WHERE id = ?")) {
                    org.attentionlesson.store.Sql.bind(ps, later, id);
                    return ps.executeUpdate();
                }
            });
            ids.add(id);
        }
        return ids;
    }

    private GradeWorker worker(Consumer<GradeOutbox.Outcome> results, int concurrency, int batch) {
        GradeDelivery delivery = new GradeDelivery(
                f.outbox,
                null,
                null,
                null,
                null,
                new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1)),
                f.clock,
                results);
        return new GradeWorker(
                f.outbox,
                delivery,
                null,
                new GradeWorker.Settings(Duration.ofMillis(10), batch, concurrency, Duration.ofSeconds(60)),
                "node-test");
    }

    private int leased() {
        return f.db.withConnection(c -> {
            try (PreparedStatement ps =
                            c.prepareStatement("SELECT COUNT(*) FROM grade_outbox WHERE lease_token IS NOT NULL");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    @Test
    void everyDueRowIsHandedToExactlyOneDeliveryAndItsOutcomeWritten() throws Exception {
        List<Long> ids = rows(45);
        List<Long> delivered = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch all = new CountDownLatch(ids.size());
        try (GradeWorker w = worker(
                o -> {
                    f.outbox.record(List.of(o));
                    delivered.add(o.row().id());
                    all.countDown();
                },
                4,
                16)) {
            w.start();
            assertTrue(all.await(30, TimeUnit.SECONDS), "delivered: " + delivered.size());
        }
        assertEquals(ids.size(), delivered.size());
        assertEquals(new HashSet<>(ids), new HashSet<>(delivered), "each row once");
        assertEquals(0, leased(), "every lease ended with its outcome");
        for (long id : ids) {
            assertEquals(later.plusMillis(1), ((java.time.OffsetDateTime) f.column(id, "next_attempt_at")).toInstant());
        }
    }

    @Test
    void theWorkerHoldsAtMostTwoRowsPerThreadAndGivesUnstartedOnesBackWhenItStops() throws Exception {
        List<Long> ids = rows(10);
        CountDownLatch started = new CountDownLatch(2);
        CountDownLatch never = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        Set<Long> inFlight = Collections.synchronizedSet(new HashSet<>());
        GradeWorker w = worker(
                o -> {
                    calls.incrementAndGet();
                    inFlight.add(o.row().id());
                    started.countDown();
                    try {
                        never.await(); // a platform that does not answer: both threads stay busy
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                2,
                16);
        w.start();
        assertTrue(started.await(30, TimeUnit.SECONDS));
        Thread.sleep(200); // the dispatcher could lease more now if it were allowed to
        assertEquals(4, leased(), "two in flight and two waiting, for two delivery threads");
        w.close();

        assertEquals(2, calls.get(), "no row was started after the first two");
        assertEquals(2, leased(), "only the rows in flight keep their lease");
        List<OutboxRow> dueNow = f.outbox.claim("node-b", 100, Duration.ofSeconds(60));
        assertEquals(8, dueNow.size(), "the given-back rows and the never-leased ones are due at once");
        assertTrue(dueNow.stream().noneMatch(r -> inFlight.contains(r.id())));
        assertTrue(ids.containsAll(dueNow.stream().map(OutboxRow::id).toList()));
    }
}
