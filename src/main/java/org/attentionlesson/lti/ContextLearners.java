package org.attentionlesson.lti;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.attentionlesson.store.Database;
import org.attentionlesson.store.ReadCache;

/**
 * Who launched the tool in a place (a deployment's course, optionally one resource link), as the launches stored
 * it: each user's latest launch there, with the name the platform shared (the {@code name},
 * {@code given_name}/{@code family_name} or {@code email} claims, LTI 1.3 §5.3.6, docs/lti.md) and whether that
 * launch carried a staff role. Read-only; what other packages use instead of reading launch_context.
 */
public final class ContextLearners {
    /** Users per query when looking up a list of users (bounded IN lists). */
    public static final int BATCH = 200;

    /**
     * A place: registration, deployment (row id), context (null for a launch without one) and resource link (null:
     * the whole context).
     */
    public record Place(long registrationId, long deploymentRowId, String contextId, String resourceLinkId) {}

    /**
     * One user as their latest launch at the place shows them; {@code name} null when none was shared;
     * {@code lastLaunch} when that launch was (the latest time they opened the activity there).
     */
    public record Learner(String subject, String name, boolean staff, java.time.Instant lastLaunch) {}

    /** The users read, and whether the bound on rows read cut the list short. */
    public record Seen(List<Learner> learners, boolean truncated) {}

    /**
     * The user ids that launched at a place (each once, in no set order), the subset whose latest launch there carried
     * a staff role, and whether the bound on ids read cut the list short.
     */
    public record Roll(List<String> subjects, java.util.Set<String> staff, boolean truncated) {}

    /** What a remembered roll was read for. */
    record RollKey(Place place, int maxRows) {}

    /** A user of a registration (user ids are unique per platform only). */
    public record Who(long registrationId, String subject) {}

    private final LearnerLaunchStore store;
    /** This node's memory of {@link #rollAt}, cleared by its own launches ({@link LaunchContexts#learners}). */
    private final ReadCache<RollKey, Roll> rolls;

    /** Reads with no memory: every {@link #rollAt} reads the database. */
    public ContextLearners(Database db) {
        this(db, new ReadCache<>(Duration.ZERO, 1));
    }

    ContextLearners(Database db, ReadCache<RollKey, Roll> rolls) {
        this.store = new LearnerLaunchStore(db);
        this.rolls = rolls;
    }

    /** The group of places a launch clears: its registration's context (every link in it). */
    static int group(long registrationId, String contextId) {
        return ReadCache.group(registrationId, contextId);
    }

    /** Every user who launched at the place (latest launch each), reading at most {@code maxRows} launches. */
    public Seen atPlace(Place place, int maxRows) {
        return store.atPlace(place, maxRows);
    }

    /**
     * Who launched at the place, without names: at most {@code maxRows} distinct user ids and the staff among them
     * (by their latest launch). Cheaper than {@link #atPlace} for a large class: it reads ids, not launches.
     */
    public Roll rollAt(Place place, int maxRows) {
        // Remembered a few seconds per place (docs/adr/0003-class-summaries.md): a class page view need not read
        // the whole link's launches when nobody launched there since the last view.
        return rolls.get(
                new RollKey(place, maxRows),
                group(place.registrationId(), place.contextId()),
                () -> store.rollAt(place, maxRows));
    }

    /**
     * Forgets what this node remembers of who launched in the place's context: the next {@link #rollAt} reads the
     * database, so launches stored by other nodes show at once (the class page's refresh).
     */
    public void forget(Place place) {
        rolls.changed(group(place.registrationId(), place.contextId()));
    }

    /** The users among {@code subjects} who launched at the place (latest launch each); the others are absent. */
    public Map<String, Learner> ofSubjects(Place place, Collection<String> subjects) {
        return store.ofSubjects(place, subjects);
    }

    /**
     * Up to {@code limit} distinct user ids that launched at the place, in the database's order of ids, after
     * {@code after} (null: from the first) — for walking a large class page by page with flat memory.
     */
    public List<String> subjectsAfter(Place place, String after, int limit) {
        return store.subjectsAfter(place, after, limit);
    }

    /** The display name of each user that launched with one anywhere in its registration; others are absent. */
    public Map<Who, String> names(Collection<Who> people) {
        return store.names(people);
    }

    /** A name to show from the name claims: {@code name}, else given and family names, else the e-mail, else null. */
    public static String displayName(String name, String given, String family, String email) {
        if (name != null && !name.isBlank()) {
            return name.trim();
        }
        String joined = ((given == null ? "" : given) + " " + (family == null ? "" : family)).trim();
        if (!joined.isEmpty()) {
            return joined;
        }
        return email == null || email.isBlank() ? null : email.trim();
    }
}
