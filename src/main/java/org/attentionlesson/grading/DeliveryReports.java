package org.attentionlesson.grading;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The admin console's view of grade deliveries across every institution (never a launch's: instructors see their
 * course's on {@code /instructor/grades}, scoped by access.Access): counts per status, the deliveries to look at,
 * "retry now", and each registration's delivery health. Records only; the SQL stays in grading's stores.
 */
public final class DeliveryReports {
    /** A delivery an admin should look at, with the course (context id) it was made in (null when unknown). */
    public record Problem(OutboxRow row, String contextId) {}

    /** One registration's deliveries: the platform's last acceptance, and rows waiting or failed. */
    public record RegistrationGrades(Instant lastDelivered, long pending, long failed) {}

    private final GradeOutbox outbox;
    private final OutboxReportStore store;

    public DeliveryReports(GradeOutbox outbox) {
        this.outbox = outbox;
        this.store = new OutboxReportStore(outbox.db());
    }

    public Map<OutboxStatus, Long> counts() {
        return outbox.counts(null);
    }

    /** Failed rows and waiting rows that failed at least once, newest first. */
    public List<Problem> problems(int limit) {
        List<OutboxRow> rows = outbox.problems(null, limit);
        Map<Long, String> contexts =
                store.contextIds(rows.stream().map(OutboxRow::id).toList());
        return rows.stream().map(r -> new Problem(r, contexts.get(r.id()))).toList();
    }

    /** "Retry now" for any institution's failed or waiting row; false when there is no such row. */
    public boolean retryNow(long id) {
        return outbox.retryNow(id, null);
    }

    public RegistrationGrades of(long registrationId) {
        return store.registration(registrationId);
    }
}
