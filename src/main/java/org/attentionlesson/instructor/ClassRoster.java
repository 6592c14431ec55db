package org.attentionlesson.instructor;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.attentionlesson.access.Access;
import org.attentionlesson.lti.LtiRoles;
import org.attentionlesson.nrps.Member;
import org.attentionlesson.nrps.Roster;
import org.attentionlesson.store.Database;
import org.attentionlesson.store.Sql;
import org.attentionlesson.web.Json;

/**
 * Every student of the class at one resource link: the platform's roster (NRPS) joined with who launched the link
 * and what they did, so a student who never opened the activity is listed as not started. Each row has the
 * progress, attempts, best and latest submitted score, time spent, last activity and the last grade delivery.
 * Read with three queries, each bounded by {@link #MAX_ROWS}.
 */
public final class ClassRoster {
    static final int MAX_ROWS = 100_000;

    /** Where a student is with the activity. */
    public enum Progress { NOT_STARTED, IN_PROGRESS, SUBMITTED }

    /**
     * One student. {@code name} may be null (no name shared); {@code inRoster} false for a student known only from a
     * launch (no roster, or no longer in it); {@code inactive} for a roster member the platform marks Inactive.
     */
    public record MemberRow(String subject, String name, Progress progress, int attempts, Integer bestPercent,
            Integer latestPercent, long secondsSpent, Instant lastActivity, String delivery, boolean inRoster,
            boolean inactive) {
        /** The name to sort and search by: the name, else the user id. */
        public String sortName() {
            return name == null ? subject : name;
        }
    }

    /** The rows (unsorted) and the subjects of staff who launched the link (their answers are not the class's). */
    public record Result(List<MemberRow> members, Set<String> staff, boolean truncated) {
    }

    private record Person(String name, boolean staff) {
    }

    private static final class Tally {
        int attempts;
        Double best;
        Double latest;
        boolean open;
        long seconds;
        Instant last;
    }

    private final Database db;

    public ClassRoster(Database db) {
        this.db = db;
    }

    /** The class at the resource link of {@code scope} (access.Access: registration, deployment, course, link). */
    public Result forLink(Access.Scope scope, String lessonId, Roster roster) {
        return db.withConnection(c -> {
            boolean[] truncated = {false};
            Map<String, Person> launched = launched(c, scope, truncated);
            Map<String, Tally> tallies = tallies(c, scope, lessonId, truncated);
            Map<String, String> delivery = delivery(c, scope, truncated);
            Set<String> staff = new HashSet<>();
            launched.forEach((s, p) -> {
                if (p.staff()) {
                    staff.add(s);
                }
            });
            Map<String, MemberRow> rows = new LinkedHashMap<>();
            for (Member m : roster.members()) {
                if (m.isInstructor()) {
                    staff.add(m.userId());
                    continue;
                }
                if (m.status() == Member.Status.DELETED || staff.contains(m.userId())) {
                    continue;
                }
                Person p = launched.get(m.userId());
                String name = m.displayName() != null ? m.displayName() : p == null ? null : p.name();
                rows.put(m.userId(), row(m.userId(), name, tallies.get(m.userId()), delivery.get(m.userId()), true,
                        m.status() == Member.Status.INACTIVE));
            }
            launched.forEach((subject, p) -> {
                if (!p.staff() && !rows.containsKey(subject)) {
                    rows.put(subject, row(subject, p.name(), tallies.get(subject), delivery.get(subject), false, false));
                }
            });
            return new Result(new ArrayList<>(rows.values()), Set.copyOf(staff), truncated[0]);
        });
    }

    private static MemberRow row(String subject, String name, Tally t, String delivery, boolean inRoster,
            boolean inactive) {
        if (t == null || t.attempts == 0) {
            return new MemberRow(subject, name, Progress.NOT_STARTED, 0, null, null, 0, null, delivery, inRoster,
                    inactive);
        }
        Progress progress = t.open ? Progress.IN_PROGRESS : Progress.SUBMITTED;
        return new MemberRow(subject, name, progress, t.attempts, percent(t.best), percent(t.latest), t.seconds, t.last,
                delivery, inRoster, inactive);
    }

    /** The latest launch of each subject at the link: its name, and whether it was a staff launch. */
    private static Map<String, Person> launched(Connection c, Access.Scope scope, boolean[] truncated)
            throws SQLException {
        Map<String, Person> people = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT subject, name, given_name, family_name, email, roles "
                + "FROM launch_context WHERE subject IS NOT NULL" + scope.where("") + " ORDER BY created_at DESC")) {
            ps.setMaxRows(MAX_ROWS);
            Sql.bind(ps, scope.args());
            try (ResultSet rs = ps.executeQuery()) {
                int n = 0;
                while (rs.next()) {
                    n++;
                    String subject = rs.getString(1);
                    if (people.containsKey(subject)) {
                        continue;
                    }
                    List<String> roles = List.of(Json.MAPPER.readValue(rs.getString(6), String[].class));
                    people.put(subject, new Person(ClassResults.displayName(rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getString(5)), LtiRoles.isInstructor(roles)));
                }
                truncated[0] |= n >= MAX_ROWS;
            } catch (IOException e) {
                throw new IllegalStateException("A stored launch has unreadable roles", e);
            }
        }
        return people;
    }

    /** Per learner: attempts, best and latest submitted share, an open attempt, time spent and last activity. */
    private static Map<String, Tally> tallies(Connection c, Access.Scope scope, String lessonId, boolean[] truncated)
            throws SQLException {
        Map<String, Tally> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT a.learner_key, a.started_at, a.submitted_at, "
                + "a.score_given, a.score_maximum, (SELECT MAX(x.committed_at) FROM exercise_answer x "
                + "WHERE x.attempt_id = a.id) FROM exercise_attempt a WHERE a.lesson_id = ? AND a.anonymous = FALSE"
                + scope.where("a") + " ORDER BY a.attempt_number")) {
            ps.setMaxRows(MAX_ROWS);
            Sql.bind(ps, scope.args(new Object[] {lessonId}));
            try (ResultSet rs = ps.executeQuery()) {
                int n = 0;
                while (rs.next()) {
                    n++;
                    Tally t = out.computeIfAbsent(rs.getString(1), k -> new Tally());
                    Instant started = Sql.instant(rs.getTimestamp(2));
                    Instant submitted = Sql.instant(rs.getTimestamp(3));
                    Instant lastAnswer = Sql.instant(rs.getTimestamp(6));
                    t.attempts++;
                    if (submitted == null) {
                        t.open = true;
                    } else {
                        double max = rs.getDouble(5);
                        Double share = max <= 0 ? null : rs.getDouble(4) / max;
                        t.best = t.best == null ? share : share == null ? t.best : Math.max(t.best, share);
                        t.latest = share;
                    }
                    Instant end = submitted != null ? submitted : lastAnswer;
                    if (started != null && end != null && end.isAfter(started)) {
                        t.seconds += Duration.between(started, end).toSeconds();
                    }
                    Instant last = end != null ? end : started;
                    if (last != null && (t.last == null || last.isAfter(t.last))) {
                        t.last = last;
                    }
                }
                truncated[0] |= n >= MAX_ROWS;
            }
        }
        return out;
    }

    /** The newest submitted score's outbox status per subject at the link (progress reports aside, V20). */
    private static Map<String, String> delivery(Connection c, Access.Scope scope, boolean[] truncated)
            throws SQLException {
        Map<String, String> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT subject, status FROM grade_outbox WHERE "
                + "progress = 'COMPLETED'" + scope.where("") + " ORDER BY id DESC")) {
            ps.setMaxRows(MAX_ROWS);
            Sql.bind(ps, scope.args());
            try (ResultSet rs = ps.executeQuery()) {
                int n = 0;
                while (rs.next()) {
                    n++;
                    out.putIfAbsent(rs.getString(1), rs.getString(2));
                }
                truncated[0] |= n >= MAX_ROWS;
            }
        }
        return out;
    }

    private static Integer percent(Double share) {
        return share == null ? null : (int) Math.round(share * 100);
    }
}
