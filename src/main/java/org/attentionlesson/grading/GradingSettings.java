package org.attentionlesson.grading;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import org.attentionlesson.lesson.ActivityRules;
import org.attentionlesson.store.Database;

/**
 * Settings of each activity (resource link), one {@code grading_setting} row: the grade policy (best attempt unless
 * set otherwise) and how many attempts a learner may start (unlimited unless set). No row means the defaults. A row
 * belongs to the link in one deployment: link ids are unique only within a deployment (LTI Core 1.3 §5.3.5).
 */
public final class GradingSettings {
    /** Attempts allowed at most when limited; the picker and the instructor page offer 1 to this. */
    public static final int MAX_ATTEMPT_LIMIT = 10;

    /** An activity's rules; {@code attemptLimit} null means unlimited. */
    public record Rules(GradePolicy policy, Integer attemptLimit) {
        public static final Rules DEFAULT = new Rules(GradePolicy.DEFAULT, null);

        public Rules {
            if (attemptLimit != null && !validLimit(attemptLimit)) {
                throw new IllegalArgumentException("attempt limit " + attemptLimit);
            }
        }
    }

    private final Database db;
    private final Clock clock;

    public GradingSettings(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public static boolean validLimit(int limit) {
        return limit >= 1 && limit <= MAX_ATTEMPT_LIMIT;
    }

    public GradePolicy policy(long registrationId, long deploymentRowId, String resourceLinkId) {
        return rules(registrationId, deploymentRowId, resourceLinkId).policy();
    }

    GradePolicy policy(Connection c, long registrationId, Long deploymentRowId, String resourceLinkId)
            throws SQLException {
        return rules(c, registrationId, deploymentRowId, resourceLinkId).policy();
    }

    public Rules rules(long registrationId, long deploymentRowId, String resourceLinkId) {
        return db.withConnection(c -> rules(c, registrationId, deploymentRowId, resourceLinkId));
    }

    /**
     * The activity's rules in that deployment as stored, or the defaults when it has no row (or the deployment is
     * unknown: rows from before the tool kept it whose launch is gone).
     */
    public static Rules rules(Connection c, long registrationId, Long deploymentRowId, String resourceLinkId)
            throws SQLException {
        if (deploymentRowId == null) {
            return Rules.DEFAULT;
        }
        return GradingSettingStore.read(c, registrationId, deploymentRowId, resourceLinkId);
    }

    /** The rules as the exercise asks for them (lesson declares what it needs; the root wires this in). */
    public ActivityRules activityRules() {
        return (c, registrationId, deploymentRowId, resourceLinkId) -> {
            Rules r = rules(c, registrationId, deploymentRowId, resourceLinkId);
            return new ActivityRules.Rules(r.attemptLimit(), r.policy().name());
        };
    }

    /**
     * Saves an activity's first settings inside the caller's transaction (a deep-linked activity's first launch),
     * unless the link already has a row: a later change by the instructor stands. True when saved.
     */
    public boolean saveIfAbsent(
            Connection c,
            long registrationId,
            long deploymentRowId,
            String resourceLinkId,
            GradePolicy policy,
            Integer attemptLimit)
            throws SQLException {
        return GradingSettingStore.insertIfAbsent(
                c,
                registrationId,
                deploymentRowId,
                resourceLinkId,
                new Rules(policy == null ? GradePolicy.DEFAULT : policy, attemptLimit),
                clock.instant());
    }

    public void setPolicy(long registrationId, long deploymentRowId, String resourceLinkId, GradePolicy policy) {
        upsert(registrationId, deploymentRowId, resourceLinkId, "policy", policy, new Rules(policy, null));
    }

    /** Sets the attempts allowed ({@code null}: unlimited); applies to attempts started from now on. */
    public void setAttemptLimit(
            long registrationId, long deploymentRowId, String resourceLinkId, Integer attemptLimit) {
        upsert(
                registrationId,
                deploymentRowId,
                resourceLinkId,
                "attempt_limit",
                attemptLimit,
                new Rules(GradePolicy.DEFAULT, attemptLimit));
    }

    private void upsert(
            long registrationId,
            long deploymentRowId,
            String resourceLinkId,
            String column,
            Object value,
            Rules inserted) {
        db.inTransaction(c -> {
            GradingSettingStore.upsert(
                    c, registrationId, deploymentRowId, resourceLinkId, column, value, inserted, clock.instant());
            return null;
        });
    }
}
