package org.attentionlesson.grading;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes delivery outcomes back to the outbox by group commit: each delivery thread queues its outcome, and
 * whichever thread finds the writer free writes everything queued so far in one transaction while the others go
 * on with their next score. Under load that is one commit for dozens of scores instead of one each.
 *
 * <p>An outcome waiting here is not yet durable, but its row is still leased, so no other node takes it; if this
 * node dies first, the row returns when its lease ends and the platform recognises the repeat by its timestamp
 * (409 → delivered), exactly as when a node dies between the platform's answer and the database write.
 */
final class OutcomeWriter implements Consumer<GradeOutbox.Outcome> {
    private static final Logger log = LoggerFactory.getLogger(OutcomeWriter.class);
    private static final int MAX_BATCH = 256;

    private final GradeOutbox outbox;
    private final ConcurrentLinkedQueue<GradeOutbox.Outcome> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock writing = new ReentrantLock();

    OutcomeWriter(GradeOutbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public void accept(GradeOutbox.Outcome outcome) {
        queue.add(outcome);
        // Whoever queued last re-checks after the writer lets go, so nothing is left behind in the queue.
        while (!queue.isEmpty() && writing.tryLock()) {
            try {
                writeQueued();
            } finally {
                writing.unlock();
            }
        }
    }

    /** Writes whatever is queued, waiting for a write in progress (shutdown). */
    void flush() {
        writing.lock();
        try {
            while (!queue.isEmpty()) {
                writeQueued();
            }
        } finally {
            writing.unlock();
        }
    }

    private void writeQueued() {
        List<GradeOutbox.Outcome> batch = new ArrayList<>();
        GradeOutbox.Outcome o;
        while (batch.size() < MAX_BATCH && (o = queue.poll()) != null) {
            batch.add(o);
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            outbox.record(batch);
        } catch (RuntimeException e) {
            // The rows stay leased and go out again when their lease ends; the platform sees the same timestamp.
            log.warn("Writing {} grade delivery outcomes failed: {}", batch.size(), e.toString());
        }
    }
}
