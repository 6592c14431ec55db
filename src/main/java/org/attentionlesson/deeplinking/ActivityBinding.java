package org.attentionlesson.deeplinking;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.attentionlesson.grading.GradingSettings;
import org.attentionlesson.lti.LaunchContext;
import org.attentionlesson.lti.LaunchService;
import org.attentionlesson.lti.MessageType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds a deep-linked activity's settings to the platform's resource link on its launches. The platform made the
 * resource link (and its id) only after our deep linking response, so the first launch carrying
 * {@code custom.activity} is the first time the two can be joined. Runs inside the launch's transaction; the grade
 * policy and the attempts allowed are written only while the link has no grading setting, so a later change by the
 * instructor on the grade delivery page stands.
 *
 * <p>A link's grading setting is never removed once written, so a link found already bound stays bound: each node
 * remembers such links (a bounded set) and then says from memory that a launch there writes nothing, which lets the
 * launch be stored by its one statement (LaunchService) instead of a transaction that reads the activity again.
 */
public final class ActivityBinding implements LaunchService.LaunchListener {
    private static final Logger log = LoggerFactory.getLogger(ActivityBinding.class);
    /** The custom parameter the content item carries; Moodle's lower-casing leaves it as it is. */
    public static final String CUSTOM_KEY = "activity";

    private final Activities activities;
    private final GradingSettings settings;

    /** Links this node found already bound: (registration, deployment row, resource link id). */
    private final Set<Link> bound = Collections.synchronizedSet(Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Link, Boolean> eldest) {
            return size() > BOUND_LINKS_KEPT;
        }
    }));

    static final int BOUND_LINKS_KEPT = 16_384;

    private record Link(long registrationId, long deploymentRowId, String resourceLinkId) {
        static Link of(LaunchContext l) {
            return new Link(l.registrationId(), l.deploymentRowId(), l.resourceLinkId());
        }
    }

    public ActivityBinding(Activities activities, GradingSettings settings) {
        this.activities = activities;
        this.settings = settings;
    }

    /** Only a resource link launch naming one of our activities ({@code custom.activity}) can bind anything. */
    @Override
    public boolean mayWrite(LaunchContext launch) {
        if (launch.messageType() != MessageType.RESOURCE_LINK
                || launch.resourceLinkId() == null
                || launch.custom() == null) {
            return false;
        }
        String id = launch.custom().get(CUSTOM_KEY);
        return id != null && !id.isBlank() && id.length() <= 64 && !bound.contains(Link.of(launch));
    }

    /** The setting belongs to the link in the launch's deployment (LTI Core 1.3 §5.3.5). */
    @Override
    public void launched(Connection c, LaunchContext launch) throws SQLException {
        if (!mayWrite(launch)) {
            return;
        }
        String id = launch.custom().get(CUSTOM_KEY);
        Optional<Activity> activity = activities.find(c, launch.registrationId(), id.trim());
        if (activity.isEmpty()) {
            // A copied course from another installation, or a hand-edited custom parameter: the lesson still runs.
            log.info(
                    "Launch {} names activity {} which registration {} does not have",
                    launch.id(),
                    id.trim(),
                    launch.registrationId());
            return;
        }
        // Grading owns the setting (GradingSettings); the exercise and the grade policy read it from there.
        boolean saved = settings.saveIfAbsent(
                c,
                launch.registrationId(),
                launch.deploymentRowId(),
                launch.resourceLinkId(),
                activity.get().policy(),
                activity.get().attemptLimit());
        if (!saved) {
            // Bound by an earlier, committed launch: remembered (a row this transaction wrote is not, as the
            // transaction may still roll back; the link's next launch finds it bound).
            bound.add(Link.of(launch));
        }
        if (saved) {
            log.info(
                    "Activity {} bound to resource link {} of registration {} with policy {} and attempts {}",
                    activity.get().id(),
                    launch.resourceLinkId(),
                    launch.registrationId(),
                    activity.get().policy(),
                    activity.get().attemptLimit() == null
                            ? "unlimited"
                            : activity.get().attemptLimit());
        }
    }
}
