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
 * New events are taken in on a thread of their own ("grade-intake") when the poll interval has passed or the last
 * intake found some, so deliveries go on while a backlog is taken in; each intake that made rows wakes the dispatcher.
 * The delivery threads write their outcomes back by group commit ({@link OutcomeWriter}).
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
    private final Thread intakeThread;
    private final Object wake = new Object();
    private final Object intakeWake = new Object();
    private volatile boolean running = true;
    private volatile boolean healthy = true;
    private volatile boolean intakeHealthy = true;
    /** Set by {@link #nudge} and by an intake that made rows: look for due rows now. */
    private volatile boolean lookNow;
    /** Set by {@link #nudge}: take events in now (also the recent ones that committed out of id order). */
    private volatile boolean intakeNow;
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
        this.intakeThread = new Thread(this::takeIn, "grade-intake");
        this.intakeThread.setDaemon(true);
    }

    public void start() {
        intakeThread.start();
        dispatcher.start();
    }

    /** Asks the worker to take events in and look for due rows now (after a retry-now, or a submit on this node). */
    public void nudge() {
        intakeNow = true;
        synchronized (intakeWake) {
            intakeWake.notifyAll();
        }
        wakeDispatcher();
    }

    private void wakeDispatcher() {
        lookNow = true;
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    public boolean healthy() {
        return healthy && intakeHealthy && dispatcher.isAlive() && intakeThread.isAlive();
    }

    /**
     * On the intake thread: takes new grade events into the outbox, at once again while it finds some (catching up
     * with a backlog), otherwise after the poll interval; every few seconds it also looks at the recent events that
     * committed out of id order, and every few minutes at all of them.
     */
    private void takeIn() {
        long lastFull = 0;
        long lastRecent = 0;
        while (running) {
            try {
                long now = System.currentTimeMillis();
                boolean asked = intakeNow;
                intakeNow = false;
                boolean full = now - lastFull > FULL_INTAKE_EVERY_MS;
                boolean recent = asked || now - lastRecent > RECENT_INTAKE_EVERY_MS;
                int taken = outbox.intake(
                        INTAKE_BATCH,
                        full ? GradeOutbox.Scan.FULL : recent ? GradeOutbox.Scan.RECENT : GradeOutbox.Scan.NEW);
                if (full) {
                    lastFull = now;
                }
                if (full || recent) {
                    lastRecent = now;
                }
                intakeHealthy = true;
                if (taken > 0) {
                    wakeDispatcher(); // new rows are due now
                    continue; // catching up: the next events at once
                }
                synchronized (intakeWake) {
                    if (running && !intakeNow) {
                        intakeWake.wait(settings.poll().toMillis());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                intakeHealthy = false;
                log.warn("Grade intake on {}: {}", node, e.toString());
                try {
                    Thread.sleep(Math.max(1000, settings.poll().toMillis()));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void run() {
        long nextClaim = 0;
        while (running) {
            try {
                long now = System.currentTimeMillis();
                boolean look = lookNow;
                lookNow = false;
                int room = maxHeld - held.get();
                if (room >= claimThreshold && (look || now >= nextClaim)) {
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
                    // Sleep until the next claim is due (or the intake made rows); a claim also needs enough free
                    // delivery slots,
                    // and the delivery threads wake the dispatcher when those free up.
                    // The flag is raised before the count is read, so a delivery thread that frees room after
                    // the read sees the flag and wakes this wait.
                    waitingForSlots = true;
                    boolean slotsShort = maxHeld - held.get() < claimThreshold;
                    waitingForSlots = slotsShort;
                    // Short of slots: only a delivery thread freeing room (or the intake, or stop) wakes it.
                    long until = slotsShort ? settings.poll().toMillis() : nextClaim - System.currentTimeMillis();
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
        synchronized (intakeWake) {
            intakeWake.notifyAll();
        }
        try {
            if (intakeThread.isAlive()) {
                // An intake under way finishes its transaction; the events stay in the database either way.
                intakeThread.join(Math.max(1, remainingMillis(deadline)));
                if (intakeThread.isAlive()) {
                    intakeThread.interrupt();
                    intakeThread.join(2000);
                }
            }
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
