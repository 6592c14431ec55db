package org.attentionlesson.grading;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import org.attentionlesson.access.Access;
import org.attentionlesson.store.Database;

/**
 * Instructor queries on grade delivery, read-only: where each student's latest score stands on its way to the
 * gradebook (the newest outbox row's {@link OutboxStatus} name), and which resource link a line item belongs to.
 * What other packages use instead of reading grade_outbox and ags_line_item.
 */
public final class DeliveryStatus {
    /** Status name per subject, and whether the bound on rows read cut the reading short. */
    public record Latest(Map<String, String> bySubject, boolean truncated) {}

    private final DeliveryStatusStore store;

    public DeliveryStatus(Database db) {
        this.store = new DeliveryStatusStore(db);
    }

    /** The newest delivery status of each of {@code subjects} in the scope; subjects without a score are absent. */
    public Map<String, String> latestOf(Access.Scope scope, Collection<String> subjects) {
        return store.latestOf(scope, subjects);
    }

    /** The newest delivery status of every subject in the scope, reading at most {@code maxRows} outbox rows. */
    public Latest latestAll(Access.Scope scope, int maxRows) {
        return store.latestAll(scope, maxRows);
    }

    /**
     * The resource link a line item URL was bound to in a deployment, for a submission review request that names
     * only the line item (LTI Submission Review 1.0, docs/lti.md).
     */
    public Optional<String> resourceLinkOfLineItem(long registrationId, long deploymentRowId, String lineItemUrl) {
        return lineItemUrl == null
                ? Optional.empty()
                : store.resourceLinkOfLineItem(registrationId, deploymentRowId, lineItemUrl);
    }
}
