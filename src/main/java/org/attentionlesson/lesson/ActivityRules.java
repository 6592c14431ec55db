package org.attentionlesson.lesson;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The rules the exercise follows for an activity (a resource link in one deployment, LTI Core 1.3 §5.3.5): how many
 * attempts a learner may start, and the grade policy's name to show. Grading owns the settings and provides them.
 */
@FunctionalInterface
public interface ActivityRules {
    /** {@code attemptLimit} null means unlimited. */
    record Rules(Integer attemptLimit, String policyName) {}

    /** Unlimited attempts, best score counts: an activity nobody set up. */
    ActivityRules DEFAULTS = (c, registrationId, deploymentRowId, resourceLinkId) -> new Rules(null, "BEST");

    /** The rules in that deployment; the defaults when {@code deploymentRowId} is null (unknown). */
    Rules rules(Connection c, long registrationId, Long deploymentRowId, String resourceLinkId) throws SQLException;
}
