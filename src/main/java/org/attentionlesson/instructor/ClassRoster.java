package org.attentionlesson.instructor;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.attentionlesson.access.Access;
import org.attentionlesson.grading.DeliveryStatus;
import org.attentionlesson.lesson.AttemptRecords;
import org.attentionlesson.lesson.AttemptRecords.AttemptSummary;
import org.attentionlesson.lti.ContextLearners;
import org.attentionlesson.nrps.Member;
import org.attentionlesson.nrps.Roster;
import org.attentionlesson.store.Database;

/**
 * Every student of the class at one resource link: the platform's roster (NRPS) joined with who launched the link
 * and what they did, so a student who never opened the activity is listed as not started. Each row has the
 * progress, attempts, best and latest submitted score, time spent, last activity and the last grade delivery.
 *
 * <p>Three ways to read it, so the cost follows what is shown: {@link #forLink} lists the whole class for sorting,
 * filtering and paging with one bounded query per source — "light" (no delivery status, open attempts counted from
 * their start only) unless asked for complete rows; {@link #complete} fills in one page of rows by IN lists of its
 * users; {@link #forEach} walks the whole class in chunks of {@link #CHUNK} users, complete, for the CSV, holding no
 * more than one chunk of rows. The facts come from the owners' read APIs: launches from lti, attempts from lesson,
 * deliveries from grading.
 */
public final class ClassRoster {
    static final int MAX_ROWS = 100_000;
    /** Users per chunk when walking the class. */
    static final int CHUNK = 500;

    /** Where a student is with the activity. */
    public enum Progress {
        NOT_STARTED,
        IN_PROGRESS,
        SUBMITTED
    }

    /**
     * One student. {@code name} may be null (no name shared); {@code inRoster} false for a student known only from a
     * launch (no roster, or no longer in it); {@code inactive} for a roster member the platform marks Inactive.
     */
    public record MemberRow(
            String subject,
            String name,
            Progress progress,
            int attempts,
            Integer bestPercent,
            Integer latestPercent,
            long secondsSpent,
            Instant lastActivity,
            String delivery,
            boolean inRoster,
            boolean inactive,
            boolean opened) {
        /** The name to sort and search by: the name, else the user id. */
        public String sortName() {
            return name == null ? subject : name;
        }
    }

    /**
     * The rows (unsorted), the subjects of staff who launched the link (their answers are not the class's), whether a
     * bound cut the reading short, and whether the rows are complete (else see {@link #complete}).
     */
    public record Result(List<MemberRow> members, Set<String> staff, boolean truncated, boolean complete) {}

    /** Receives rows one by one. */
    public interface RowSink {
        void accept(MemberRow row) throws IOException;
    }

    private static final class Tally {
        int attempts;
        int lastNumber;
        Double best;
        Double latest;
        boolean open;
        long seconds;
        Instant last;
    }

    private final ContextLearners learners;
    private final AttemptRecords attempts;
    private final DeliveryStatus deliveries;

    public ClassRoster(ContextLearners learners, AttemptRecords attempts, DeliveryStatus deliveries) {
        this.learners = learners;
        this.attempts = attempts;
        this.deliveries = deliveries;
    }

    public ClassRoster(Database db) {
        this(new ContextLearners(db), new AttemptRecords(db), new DeliveryStatus(db));
    }

    /**
     * The class at the resource link of {@code scope} (access.Access: registration, deployment, course, link);
     * {@code complete} also reads every delivery status and every open attempt's last answer (for sorting by them).
     */
    public Result forLink(Access.Scope scope, String lessonId, Roster roster, boolean complete) {
        ContextLearners.Seen seen = learners.atPlace(place(scope), MAX_ROWS);
        AttemptRecords.Summaries summaries = attempts.summaries(scope, lessonId, complete, MAX_ROWS);
        DeliveryStatus.Latest delivery = complete ? deliveries.latestAll(scope, MAX_ROWS) : null;
        Map<String, Tally> tallies = tallies(summaries.attempts());
        Map<String, String> status = delivery == null ? Map.of() : delivery.bySubject();
        Map<String, ContextLearners.Learner> launched = new HashMap<>();
        Set<String> staff = new HashSet<>();
        for (ContextLearners.Learner l : seen.learners()) {
            launched.put(l.subject(), l);
            if (l.staff()) {
                staff.add(l.subject());
            }
        }
        Map<String, MemberRow> rows = new LinkedHashMap<>();
        for (Member m : roster.members()) {
            if (m.isInstructor()) {
                staff.add(m.userId());
                continue;
            }
            if (m.status() == Member.Status.DELETED || staff.contains(m.userId())) {
                continue;
            }
            ContextLearners.Learner l = launched.get(m.userId());
            String name = m.displayName() != null ? m.displayName() : l == null ? null : l.name();
            rows.put(
                    m.userId(),
                    row(
                            m.userId(),
                            name,
                            tallies.get(m.userId()),
                            status.get(m.userId()),
                            true,
                            m.status() == Member.Status.INACTIVE,
                            l != null,
                            l == null ? null : l.lastLaunch()));
        }
        for (ContextLearners.Learner l : seen.learners()) {
            if (!l.staff() && !rows.containsKey(l.subject())) {
                rows.put(
                        l.subject(),
                        row(
                                l.subject(),
                                l.name(),
                                tallies.get(l.subject()),
                                status.get(l.subject()),
                                false,
                                false,
                                true,
                                l.lastLaunch()));
            }
        }
        boolean truncated = seen.truncated() || summaries.truncated() || delivery != null && delivery.truncated();
        return new Result(new ArrayList<>(rows.values()), Set.copyOf(staff), truncated, complete);
    }

    /** The subjects of staff at the link: instructors in the roster and users whose latest launch was as staff. */
    public Set<String> staff(Access.Scope scope, Roster roster) {
        Set<String> staff = new HashSet<>();
        roster.members().stream().filter(Member::isInstructor).forEach(m -> staff.add(m.userId()));
        learners.atPlace(place(scope), MAX_ROWS).learners().stream()
                .filter(ContextLearners.Learner::staff)
                .forEach(l -> staff.add(l.subject()));
        return staff;
    }

    /**
     * {@code rows} (one page) completed with delivery status and open attempts' time, in the same order. A row's last
     * activity so far (the launch included, when the row came from the whole-class read) is kept if later; rows of
     * students who opened the activity and carry none yet (the by-name pages) have their latest launch looked up.
     */
    public List<MemberRow> complete(Access.Scope scope, String lessonId, List<MemberRow> rows) {
        List<String> subjects = rows.stream().map(MemberRow::subject).toList();
        Map<String, Tally> tallies = tallies(attempts.summariesOf(scope, lessonId, subjects));
        Map<String, String> status = deliveries.latestOf(scope, subjects);
        List<String> launchUnknown = rows.stream()
                .filter(r -> r.opened() && r.lastActivity() == null)
                .map(MemberRow::subject)
                .toList();
        Map<String, ContextLearners.Learner> launched =
                launchUnknown.isEmpty() ? Map.of() : learners.ofSubjects(place(scope), launchUnknown);
        List<MemberRow> out = new ArrayList<>(rows.size());
        for (MemberRow r : rows) {
            ContextLearners.Learner l = launched.get(r.subject());
            out.add(row(
                    r.subject(),
                    r.name(),
                    tallies.get(r.subject()),
                    status.get(r.subject()),
                    r.inRoster(),
                    r.inactive(),
                    r.opened(),
                    r.lastActivity() != null ? r.lastActivity() : l == null ? null : l.lastLaunch()));
        }
        return out;
    }

    /** One student of the class, complete; empty when {@code subject} is staff or not in the class. */
    public Optional<MemberRow> one(Access.Scope scope, String lessonId, Roster roster, String subject) {
        Map<String, Member> inRoster = new HashMap<>();
        roster.members().stream()
                .filter(m -> m.userId().equals(subject))
                .findFirst()
                .ifPresent(m -> inRoster.put(m.userId(), m));
        return build(scope, lessonId, List.of(subject), inRoster, false).stream()
                .findFirst();
    }

    /**
     * Every student, complete: the roster's students in the platform's order, then those known only from a launch
     * (by user id). Reads and hands over {@link #CHUNK} users at a time.
     */
    public void forEach(Access.Scope scope, String lessonId, Roster roster, RowSink sink) throws IOException {
        Map<String, Member> byId = new HashMap<>();
        List<String> chunk = new ArrayList<>(CHUNK);
        for (Member m : roster.members()) {
            if (m.status() == Member.Status.DELETED) {
                continue;
            }
            byId.putIfAbsent(m.userId(), m);
            if (m.isInstructor()) {
                continue;
            }
            chunk.add(m.userId());
            if (chunk.size() == CHUNK) {
                emit(build(scope, lessonId, chunk, byId, false), sink);
                chunk.clear();
            }
        }
        emit(build(scope, lessonId, chunk, byId, false), sink);
        String after = null;
        while (true) {
            List<String> subjects = learners.subjectsAfter(place(scope), after, CHUNK);
            if (subjects.isEmpty()) {
                return;
            }
            after = subjects.get(subjects.size() - 1);
            emit(
                    build(
                            scope,
                            lessonId,
                            subjects.stream().filter(s -> !byId.containsKey(s)).toList(),
                            byId,
                            true),
                    sink);
            if (subjects.size() < CHUNK) {
                return;
            }
        }
    }

    private static void emit(List<MemberRow> rows, RowSink sink) throws IOException {
        for (MemberRow r : rows) {
            sink.accept(r);
        }
    }

    /**
     * Complete rows for {@code subjects}, in order; staff, and users neither in {@code roster} nor launched at the
     * link, are left out. {@code launchedOnly}: the subjects are known to have launched and not to be in the roster.
     */
    private List<MemberRow> build(
            Access.Scope scope,
            String lessonId,
            Collection<String> subjects,
            Map<String, Member> roster,
            boolean launchedOnly) {
        if (subjects.isEmpty()) {
            return List.of();
        }
        Map<String, ContextLearners.Learner> launched = learners.ofSubjects(place(scope), subjects);
        Map<String, Tally> tallies = tallies(attempts.summariesOf(scope, lessonId, subjects));
        Map<String, String> status = deliveries.latestOf(scope, subjects);
        List<MemberRow> out = new ArrayList<>(subjects.size());
        for (String s : subjects) {
            Member m = launchedOnly ? null : roster.get(s);
            ContextLearners.Learner l = launched.get(s);
            if (m != null && (m.isInstructor() || m.status() == Member.Status.DELETED)
                    || l != null && l.staff()
                    || m == null && l == null) {
                continue;
            }
            String name = m != null && m.displayName() != null ? m.displayName() : l == null ? null : l.name();
            out.add(row(
                    s,
                    name,
                    tallies.get(s),
                    status.get(s),
                    m != null,
                    m != null && m.status() == Member.Status.INACTIVE,
                    l != null,
                    l == null ? null : l.lastLaunch()));
        }
        return out;
    }

    /** Per learner: attempts, best and latest submitted share, an open attempt, time spent and last activity. */
    private static Map<String, Tally> tallies(List<AttemptSummary> list) {
        Map<String, Tally> out = new HashMap<>();
        for (AttemptSummary a : list) {
            Tally t = out.computeIfAbsent(a.learnerKey(), k -> new Tally());
            t.attempts++;
            if (!a.submitted()) {
                t.open = true;
            } else {
                double max = a.scoreMaximum() == null ? 0 : a.scoreMaximum();
                Double share = max <= 0 ? null : (a.scoreGiven() == null ? 0 : a.scoreGiven()) / max;
                t.best = t.best == null ? share : share == null ? t.best : Math.max(t.best, share);
                if (a.number() >= t.lastNumber) {
                    t.lastNumber = a.number();
                    t.latest = share;
                }
            }
            Instant started = a.startedAt();
            Instant end = a.submitted() ? a.submittedAt() : a.lastAnswerAt();
            if (started != null && end != null && end.isAfter(started)) {
                t.seconds += Duration.between(started, end).toSeconds();
            }
            Instant last = end != null ? end : started;
            if (last != null && (t.last == null || last.isAfter(t.last))) {
                t.last = last;
            }
        }
        return out;
    }

    /**
     * One student's row. {@code lastLaunch}: when they last opened the activity at the link (null if never, or not
     * known); the row's last activity is the later of it and their attempts' last activity, so a student who opened
     * the activity but has not answered yet shows when they opened it.
     */
    private static MemberRow row(
            String subject,
            String name,
            Tally t,
            String delivery,
            boolean inRoster,
            boolean inactive,
            boolean opened,
            Instant lastLaunch) {
        if (t == null || t.attempts == 0) {
            return new MemberRow(
                    subject,
                    name,
                    Progress.NOT_STARTED,
                    0,
                    null,
                    null,
                    0,
                    opened ? lastLaunch : null,
                    delivery,
                    inRoster,
                    inactive,
                    opened);
        }
        Progress progress = t.open ? Progress.IN_PROGRESS : Progress.SUBMITTED;
        Instant last = t.last == null || lastLaunch != null && lastLaunch.isAfter(t.last) ? lastLaunch : t.last;
        return new MemberRow(
                subject,
                name,
                progress,
                t.attempts,
                percent(t.best),
                percent(t.latest),
                t.seconds,
                last,
                delivery,
                inRoster,
                inactive,
                true);
    }

    static ContextLearners.Place place(Access.Scope scope) {
        return new ContextLearners.Place(
                scope.registrationId(), scope.deploymentRowId(), scope.contextId(), scope.resourceLinkId());
    }

    private static Integer percent(Double share) {
        return share == null ? null : (int) Math.round(share * 100);
    }
}
