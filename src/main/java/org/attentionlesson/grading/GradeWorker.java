package org.attentionlesson.grading;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
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
 *
 * <p>Under load the dispatcher works in batches: it keeps up to two rows per delivery thread leased (one lease
 * statement for many rows), and leases more only when at least half a batch of room is free; a delivery thread
 * that finishes a score takes the next leased row at once, without waiting for the dispatcher. A leased row waits
 * in memory for at most about one delivery, and one whose lease is nearly over is not sent but given back.
 * New events are taken in when the poll interval has passed or the last intake found some, and the delivery
 * threads write their outcomes back by group commit ({@link OutcomeWriter}).
 */
public final class GradeWorker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GradeWorker.class);
    private static final long FULL_INTAKE_EVERY_MS = 5 * 60_000;
    private static final long RECENT_INTAKE_EVERY_MS = 2_000;
    private static final int INTAKE_BATCH = 500;

    public record Settings(Duration poll, int batch, int concurrency, Duration lease) {}

    private final GradeOutbox outbox;
    private final GradeDelivery delivery;
    private final OutcomeWriter writer;
    private final Settings settings;
    private final String node;
    private final Semaphore inFlight;
    /** Leased rows not yet started, in the order they became due, each with the time its lease must be used by. */
    private final ConcurrentLinkedQueue<Leased> ready = new ConcurrentLinkedQueue<>();
    /** Rows this node holds: in flight plus waiting in {@link #ready}. */
    private final AtomicInteger held = new AtomicInteger();
    /** At most this many rows held at once (two per delivery thread). */
    private final int maxHeld;
    /** Lease more only when at least this many rows fit. */
    private final int claimThreshold;

    private final ExecutorService pool;
    private final Thread dispatcher;
    private final Object wake = new Object();
    private volatile boolean running = true;
    private volatile boolean healthy = true;
    /** Set by {@link #nudge}: take events in and look for due rows now. */
    private volatile boolean lookNow;
    /** The dispatcher waits for delivery slots: wake it when enough are free. */
    private volatile boolean waitingForSlots;

    /** A leased row and the instant after which it is no longer sent (its lease could end mid-delivery). */
    private record Leased(OutboxRow row, long sendByMillis) {}

    public GradeWorker(GradeOutbox outbox, GradeDelivery delivery, Settings settings, String node) {
        this(outbox, delivery, null, settings, node);
    }

    GradeWorker(GradeOutbox outbox, GradeDelivery delivery, OutcomeWriter writer, Settings settings, String node) {
        this.outbox = outbox;
        this.delivery = delivery;
        this.writer = writer;
        this.settings = settings;
        this.node = node;
        this.inFlight = new Semaphore(settings.concurrency());
        this.maxHeld = 2 * settings.concurrency();
        this.claimThreshold = Math.max(1, Math.min(settings.batch(), settings.concurrency()) / 2);
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
        lookNow = true;
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    public boolean healthy() {
        return healthy && dispatcher.isAlive();
    }

    private void run() {
        long lastFull = 0;
        long lastRecent = 0;
        long nextIntake = 0;
        long nextClaim = 0;
        while (running) {
            try {
                long now = System.currentTimeMillis();
                boolean look = lookNow;
                lookNow = false;
                boolean full = now - lastFull > FULL_INTAKE_EVERY_MS;
                boolean recent = look || now - lastRecent > RECENT_INTAKE_EVERY_MS;
                int taken = 0;
                if (full || look || now >= nextIntake) {
                    taken = outbox.intake(
                            INTAKE_BATCH,
                            full ? GradeOutbox.Scan.FULL : recent ? GradeOutbox.Scan.RECENT : GradeOutbox.Scan.NEW);
                    if (full) {
                        lastFull = now;
                    }
                    if (full || recent) {
                        lastRecent = now;
                    }
                    // Catching up: take the next events in at once; otherwise wait for the poll interval.
                    nextIntake = taken > 0 ? now : now + settings.poll().toMillis();
                }
                int room = maxHeld - held.get();
                if (room >= claimThreshold && (look || taken > 0 || now >= nextClaim)) {
                    int asked = Math.min(room, settings.batch());
                    List<OutboxRow> rows = outbox.claim(node, asked, settings.lease());
                    // A short claim means the due rows are all out: look again after the poll interval.
                    nextClaim = rows.size() < asked ? now + settings.poll().toMillis() : now;
                    // Sent only while at least a third of the lease is left: a slow platform cannot make a row
                    // go out on a lease that another node may already have taken over.
                    long sendBy = System.currentTimeMillis() + settings.lease().toMillis() * 2 / 3;
                    held.addAndGet(rows.size());
                    for (OutboxRow row : rows) {
                        ready.add(new Leased(row, sendBy));
                    }
                }
                while (!ready.isEmpty() && inFlight.tryAcquire()) {
                    pool.execute(this::deliverReady);
                }
                healthy = true;
                synchronized (wake) {
                    if (lookNow) {
                        continue;
                    }
                    // Sleep until the next intake or claim is due; a claim also needs enough free delivery slots,
                    // and the delivery threads wake the dispatcher when those free up.
                    // The flag is raised before the count is read, so a delivery thread that frees room after
                    // the read sees the flag and wakes this wait.
                    waitingForSlots = true;
                    boolean slotsShort = maxHeld - held.get() < claimThreshold;
                    waitingForSlots = slotsShort;
                    long wakeAt = slotsShort ? nextIntake : Math.min(nextIntake, nextClaim);
                    long until = wakeAt - System.currentTimeMillis();
                    try {
                        if (until > 0) {
                            wake.wait(until);
                        }
                    } finally {
                        waitingForSlots = false;
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

    /** On a delivery thread: sends leased rows one after the other while there are any, then frees its slot. */
    private void deliverReady() {
        try {
            Leased next;
            while (running && (next = ready.poll()) != null) {
                try {
                    if (System.currentTimeMillis() > next.sendByMillis()) {
                        outbox.release(List.of(next.row())); // too late for this lease: give it back unsent
                    } else {
                        delivery.deliver(next.row());
                    }
                } catch (RuntimeException e) {
                    log.warn("Grade worker on {}: row {}: {}", node, next.row().id(), e.toString());
                } finally {
                    held.decrementAndGet();
                    wakeIfRoom();
                }
            }
        } finally {
            inFlight.release();
        }
        if (running && !ready.isEmpty() && inFlight.tryAcquire()) {
            pool.execute(this::deliverReady); // a row queued between the last poll and the release
        }
    }

    private void wakeIfRoom() {
        if (waitingForSlots && maxHeld - held.get() >= claimThreshold) {
            synchronized (wake) {
                if (waitingForSlots) {
                    wake.notifyAll();
                }
            }
        }
    }

    /** Stops with the default drain of 10 seconds ({@link #stop(Duration)}). */
    @Override
    public void close() {
        stop(Duration.ofSeconds(10));
    }

    /**
     * Stops taking work and drains: the dispatcher ends after its current round, deliveries already started may
     * finish within {@code drain} (their outcomes written), and only those still running then are interrupted (their
     * rows return when the lease ends). Returns when every worker thread has ended, so the database may close.
     */
    public void stop(Duration drain) {
        long deadline = System.nanoTime() + drain.toNanos();
        running = false;
        synchronized (wake) {
            wake.notifyAll();
        }
        try {
            if (dispatcher.isAlive()) {
                dispatcher.join(Math.max(1, remainingMillis(deadline)));
                if (dispatcher.isAlive()) {
                    dispatcher.interrupt(); // waiting for a delivery slot past the drain time
                    dispatcher.join(2000);
                }
            }
            pool.shutdown();
            if (!pool.awaitTermination(Math.max(1, remainingMillis(deadline)), TimeUnit.MILLISECONDS)) {
                log.info(
                        "Grade worker on {}: deliveries still running after {} s are interrupted; their rows return "
                                + "when the lease ends",
                        node,
                        drain.toSeconds());
                pool.shutdownNow();
                pool.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pool.shutdownNow();
        }
        List<OutboxRow> unsent = new ArrayList<>();
        for (Leased l; (l = ready.poll()) != null; ) {
            unsent.add(l.row());
        }
        if (!unsent.isEmpty()) {
            try {
                outbox.release(unsent); // due again at once, for this node's successor or any other node
            } catch (RuntimeException e) {
                log.warn(
                        "Grade worker on {}: giving back {} leases at shutdown failed: {}",
                        node,
                        unsent.size(),
                        e.toString());
            }
        }
        if (writer != null) {
            try {
                writer.flush(); // outcomes already known are written, so their rows need not wait for the lease
            } catch (RuntimeException e) {
                log.warn("Grade worker on {}: writing outcomes at shutdown failed: {}", node, e.toString());
            }
        }
    }

    private static long remainingMillis(long deadline) {
        return TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    }
}
