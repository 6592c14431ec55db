package org.attentionlesson.deeplinking;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Clock;
import java.util.Optional;
import org.attentionlesson.lti.LaunchContext;
import org.attentionlesson.lti.LaunchService;
import org.attentionlesson.lti.MessageType;
import org.attentionlesson.store.Database;
import org.attentionlesson.store.Sql;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds a deep-linked activity's settings to the platform's resource link on its launches. The platform made the
 * resource link (and its id) only after our deep linking response, so the first launch carrying
 * {@code custom.activity} is the first time the two can be joined. Runs inside the launch's transaction; the grade
 * policy and the attempts allowed are written only while the link has no grading setting, so a later change by the
 * instructor on the grade delivery page stands.
 */
public final class ActivityBinding implements LaunchService.LaunchListener {
    private static final Logger log = LoggerFactory.getLogger(ActivityBinding.class);
    /** The custom parameter the content item carries; Moodle's lower-casing leaves it as it is. */
    public static final String CUSTOM_KEY = "activity";

    private final Activities activities;
    private final Clock clock;

    public ActivityBinding(Activities activities, Clock clock) {
        this.activities = activities;
        this.clock = clock;
    }

    /** The setting belongs to the link in the launch's deployment (LTI Core 1.3 §5.3.5). */
    @Override
    public void launched(Connection c, LaunchContext launch) throws SQLException {
        if (launch.messageType() != MessageType.RESOURCE_LINK || launch.resourceLinkId() == null
                || launch.custom() == null) {
            return;
        }
        String id = launch.custom().get(CUSTOM_KEY);
        if (id == null || id.isBlank() || id.length() > 64) {
            return;
        }
        Optional<Activity> activity = activities.find(c, launch.registrationId(), id.trim());
        if (activity.isEmpty()) {
            // A copied course from another installation, or a hand-edited custom parameter: the lesson still runs.
            log.info("Launch {} names activity {} which registration {} does not have", launch.id(), id.trim(),
                    launch.registrationId());
            return;
        }
        if (hasGradingSetting(c, launch.registrationId(), launch.deploymentRowId(), launch.resourceLinkId())) {
            return;
        }
        // Grading and the exercise read this row (GradingSettings); no row means the defaults.
        Savepoint before = c.setSavepoint();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO grading_setting (registration_id, "
                + "deployment_row_id, resource_link_id, policy, attempt_limit, updated_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            Sql.bind(ps, launch.registrationId(), launch.deploymentRowId(), launch.resourceLinkId(),
                    activity.get().policy(),
                    activity.get().attemptLimit(), clock.instant());
            ps.executeUpdate();
            c.releaseSavepoint(before);
            log.info("Activity {} bound to resource link {} of registration {} with policy {} and attempts {}",
                    activity.get().id(), launch.resourceLinkId(), launch.registrationId(), activity.get().policy(),
                    activity.get().attemptLimit() == null ? "unlimited" : activity.get().attemptLimit());
        } catch (SQLException e) {
            if (!Database.StoreException.isUniqueViolation(e)) {
                throw e;
            }
            // A simultaneous first launch on another node bound it already; on PostgreSQL the savepoint keeps this
            // launch's transaction usable.
            c.rollback(before);
        }
    }

    private static boolean hasGradingSetting(Connection c, long registrationId, long deploymentRowId,
            String resourceLinkId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM grading_setting WHERE registration_id = ? "
                + "AND deployment_row_id = ? AND resource_link_id = ?")) {
            Sql.bind(ps, registrationId, deploymentRowId, resourceLinkId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
