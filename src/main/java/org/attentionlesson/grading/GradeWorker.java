package org.attentionlesson.grading;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs on every node: takes new grade events into the outbox, leases due rows and delivers them on a bounded pool
 * of threads. Rows live in the database, so a restart or a dead node loses nothing: a leased row that never got an
 * answer returns to the queue when its lease ends, and its fixed timestamp lets the platform spot a repeat.
 */
public final class GradeWorker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GradeWorker.class);
    private static final long FULL_INTAKE_EVERY_MS = 5 * 60_000;

    public record Settings(Duration poll, int batch, int concurrency, Duration lease) {
    }

    private final GradeOutbox outbox;
    private final GradeDelivery delivery;
    private final Settings settings;
    private final String node;
    private final Semaphore inFlight;
    private final ExecutorService pool;
    private final Thread dispatcher;
    private final Object wake = new Object();
    private final AtomicInteger delivered = new AtomicInteger();
    private volatile boolean running = true;
    private volatile boolean healthy = true;

    public GradeWorker(GradeOutbox outbox, GradeDelivery delivery, Settings settings, String node) {
        this.outbox = outbox;
        this.delivery = delivery;
        this.settings = settings;
        this.node = node;
        this.inFlight = new Semaphore(settings.concurrency());
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(settings.concurrency(), r -> {
            Thread t = new Thread(r, "grade-delivery-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.dispatcher = new Thread(this::run, "grade-dispatcher");
        this.dispatcher.setDaemon(true);
    }

    public void start() {
        dispatcher.start();
    }

    /** Asks the dispatcher to look now (after a retry-now, or a submit on this node). */
    public void nudge() {
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    public boolean healthy() {
        return healthy && dispatcher.isAlive();
    }

    private void run() {
        long lastFull = 0;
        while (running) {
            try {
                long now = System.currentTimeMillis();
                boolean full = now - lastFull > FULL_INTAKE_EVERY_MS;
                int taken = outbox.intake(500, full);
                if (full) {
                    lastFull = now;
                }
                int free = inFlight.availablePermits();
                List<OutboxRow> rows = free == 0 ? List.of()
                        : outbox.claim(node, Math.min(free, settings.batch()), settings.lease());
                for (OutboxRow row : rows) {
                    inFlight.acquire();
                    pool.execute(() -> {
                        try {
                            delivery.deliver(row);
                        } finally {
                            inFlight.release();
                            nudge();
                        }
                    });
                }
                healthy = true;
                if (rows.isEmpty() && taken == 0 || free == 0) {
                    synchronized (wake) {
                        wake.wait(settings.poll().toMillis());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                healthy = false;
                log.warn("Grade worker on {}: {}", node, e.toString());
                try {
                    Thread.sleep(Math.max(1000, settings.poll().toMillis()));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        dispatcher.interrupt();
        pool.shutdownNow();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
            dispatcher.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
