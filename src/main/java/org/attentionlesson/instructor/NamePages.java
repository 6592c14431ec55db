package org.attentionlesson.instructor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.attentionlesson.access.Access;
import org.attentionlesson.instructor.ClassRoster.MemberRow;
import org.attentionlesson.instructor.ClassRoster.Progress;
import org.attentionlesson.lesson.AttemptRecords;
import org.attentionlesson.lti.ContextLearners;
import org.attentionlesson.nrps.Member;
import org.attentionlesson.nrps.Roster;

/**
 * The class page's default list — every student by name, optionally searched by name or id — paged from the roster
 * the tool already holds (NRPS gives the names), so a page view reads the database for the shown page only: the ids
 * that launched at the link (for students not in the roster and staff), the counts per progress as aggregates, and
 * the attempts and deliveries of the page's students ({@link ClassRoster#complete}). The rows and their order are
 * those of {@link ClassRoster#forLink} sorted by {@link ClassView}: the same students, the same counts. Sorts by a
 * result column and progress filters need every student's results, and go through {@link ClassRoster#forLink}.
 */
final class NamePages {
    /**
     * Most students whose name must come from their launch (the roster has none, or they are not in it); past it the
     * page reads the class the long way.
     */
    static final int MAX_NAMELESS = 2_000;

    /** One page, its rows complete, and whether a bound cut the reading short. */
    record Shown(ClassView.Page page, boolean truncated) {}

    private final ContextLearners learners;
    private final AttemptRecords attempts;
    private final ClassRoster roster;

    NamePages(ContextLearners learners, AttemptRecords attempts, ClassRoster roster) {
        this.learners = learners;
        this.attempts = attempts;
        this.roster = roster;
    }

    /**
     * Forgets the counts this node remembers for the scope's context (who launched, who started): the next page
     * reads them from the database, with what other nodes wrote since.
     */
    void forget(Access.Scope scope) {
        learners.forget(ClassRoster.place(scope));
        attempts.forget(scope);
    }

    /** Whether {@link #page} serves {@code q}: sorted by name, no progress filter. */
    static boolean serves(ClassView.Query q) {
        return q.sort() == ClassView.Sort.NAME && q.progress() == null;
    }

    /** The page {@code q} asks for, or empty when this way cannot serve it (see {@link #serves}, {@link #MAX_NAMELESS}). */
    Optional<Shown> page(Access.Scope scope, String lessonId, Roster members, ClassView.Query q) {
        if (!serves(q)) {
            return Optional.empty();
        }
        ContextLearners.Place place = ClassRoster.place(scope);
        ContextLearners.Roll roll = learners.rollAt(place, ClassRoster.MAX_ROWS);
        // The class sorted by name depends only on the roster, who launched (both held in memory as long as they
        // do not change) and the query: views of other pages, and views again, reuse it.
        Sorted key = new Sorted(members, roll, q.search(), q.descending());
        Listed listed;
        synchronized (sorted) {
            listed = sorted.get(key);
        }
        if (listed == null) {
            Optional<Listed> fresh = list(place, members, roll, q);
            if (fresh.isEmpty()) {
                return Optional.empty();
            }
            listed = fresh.get();
            synchronized (sorted) {
                sorted.put(key, listed);
            }
        }
        List<MemberRow> matching = listed.matching();
        int pages = Math.max(1, (matching.size() + ClassView.PAGE_SIZE - 1) / ClassView.PAGE_SIZE);
        int page = Math.min(q.page(), pages);
        int from = (page - 1) * ClassView.PAGE_SIZE;
        List<MemberRow> rows = roster.complete(
                scope, lessonId, matching.subList(from, Math.min(matching.size(), from + ClassView.PAGE_SIZE)));
        return Optional.of(new Shown(
                new ClassView.Page(
                        List.copyOf(rows),
                        page,
                        pages,
                        listed.total(),
                        matching.size(),
                        counts(scope, lessonId, listed.total(), listed.staffNotListed())),
                roll.truncated()));
    }

    /**
     * What a sorted list was made from: the roster and roll objects themselves (both immutable, replaced when they
     * change), the search and the direction.
     */
    private static final class Sorted {
        private final Roster roster;
        private final ContextLearners.Roll roll;
        private final String search;
        private final boolean descending;

        Sorted(Roster roster, ContextLearners.Roll roll, String search, boolean descending) {
            this.roster = roster;
            this.roll = roll;
            this.search = search;
            this.descending = descending;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Sorted s
                    && s.roster == roster
                    && s.roll == roll
                    && s.descending == descending
                    && s.search.equals(search);
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(roster) * 31
                    + System.identityHashCode(roll)
                    + search.hashCode()
                    + (descending ? 1 : 0);
        }
    }

    /** The class's students in the query's order (rows still bare), how many in all, and staff not among them. */
    private record Listed(List<MemberRow> matching, int total, List<String> staffNotListed) {}

    /** Sorted lists kept: a few classes' views at once. */
    private static final int SORTED_KEPT = 8;

    private final Map<Sorted, Listed> sorted = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Sorted, Listed> eldest) {
            return size() > SORTED_KEPT;
        }
    };

    private Optional<Listed> list(
            ContextLearners.Place place, Roster members, ContextLearners.Roll roll, ClassView.Query q) {
        // The same students as ClassRoster.forLink: roster learners not deleted nor staff by launch, then users known
        // only from a launch at the link whose latest launch was not as staff.
        Set<String> staff = new HashSet<>(roll.staff());
        Map<String, Member> inRoster = new LinkedHashMap<>();
        for (Member m : members.members()) {
            if (m.isInstructor()) {
                staff.add(m.userId());
                continue;
            }
            if (m.status() == Member.Status.DELETED || staff.contains(m.userId())) {
                continue;
            }
            inRoster.put(m.userId(), m);
        }
        List<String> launchedOnly = new ArrayList<>();
        List<String> nameless = new ArrayList<>();
        for (Member m : inRoster.values()) {
            if (m.displayName() == null) {
                nameless.add(m.userId());
            }
        }
        for (String s : roll.subjects()) {
            if (!roll.staff().contains(s) && !inRoster.containsKey(s)) {
                launchedOnly.add(s);
                nameless.add(s);
            }
        }
        if (nameless.size() > MAX_NAMELESS) {
            return Optional.empty();
        }
        Map<String, ContextLearners.Learner> launched =
                nameless.isEmpty() ? Map.of() : learners.ofSubjects(place, nameless);
        List<MemberRow> all = new ArrayList<>(inRoster.size() + launchedOnly.size());
        Set<String> opened = new HashSet<>(roll.subjects());
        for (Member m : inRoster.values()) {
            ContextLearners.Learner l = launched.get(m.userId());
            String name = m.displayName() != null ? m.displayName() : l == null ? null : l.name();
            all.add(bare(m.userId(), name, true, m.status() == Member.Status.INACTIVE, opened.contains(m.userId())));
        }
        for (String s : launchedOnly) {
            ContextLearners.Learner l = launched.get(s);
            all.add(bare(s, l == null ? null : l.name(), false, false, true));
        }
        Set<String> listed = new HashSet<>();
        all.forEach(r -> listed.add(r.subject()));
        List<String> staffNotListed =
                staff.stream().filter(s -> !listed.contains(s)).sorted().toList();
        return Optional.of(new Listed(List.copyOf(ClassView.sorted(all, q)), all.size(), staffNotListed));
    }

    /**
     * Students per progress name: the database counts who started and who has an open attempt; the staff who worked
     * at the link are taken off, and whoever did not start is not started.
     */
    private Map<String, Integer> counts(Access.Scope scope, String lessonId, int total, List<String> others) {
        AttemptRecords.Started started = attempts.started(scope, lessonId);
        int learners = started.learners();
        int open = started.withOpenAttempt();
        Map<String, Boolean> openOf = new HashMap<>();
        for (AttemptRecords.AttemptSummary a : attempts.summariesOf(scope, lessonId, others)) {
            openOf.merge(a.learnerKey(), !a.submitted(), Boolean::logicalOr);
        }
        for (boolean o : openOf.values()) {
            learners--;
            if (o) {
                open--;
            }
        }
        learners = Math.max(0, Math.min(learners, total));
        open = Math.max(0, Math.min(open, learners));
        Map<String, Integer> counts = new LinkedHashMap<>(); // by progress name, as the template looks them up
        counts.put(Progress.NOT_STARTED.name(), total - learners);
        counts.put(Progress.IN_PROGRESS.name(), open);
        counts.put(Progress.SUBMITTED.name(), learners - open);
        return counts;
    }

    private static MemberRow bare(String subject, String name, boolean inRoster, boolean inactive, boolean opened) {
        return new MemberRow(
                subject, name, Progress.NOT_STARTED, 0, null, null, 0, null, null, inRoster, inactive, opened);
    }
}
