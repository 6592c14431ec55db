package org.attentionlesson.lti;

import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.attentionlesson.lti.ContextLearners.Learner;
import org.attentionlesson.lti.ContextLearners.Place;
import org.attentionlesson.lti.ContextLearners.Who;
import org.attentionlesson.store.Database;
import org.attentionlesson.store.Sql;
import org.attentionlesson.web.Json;

/** The SQL behind {@link ContextLearners}: reads of launch_context by place and by user, IN lists bounded. */
final class LearnerLaunchStore {
    private static final int BATCH = ContextLearners.BATCH;
    private static final String PERSON = "subject, name, given_name, family_name, email, roles, created_at";

    private final Database db;

    LearnerLaunchStore(Database db) {
        this.db = db;
    }

    ContextLearners.Seen atPlace(Place place, int maxRows) {
        return db.withConnection(c -> {
            Map<String, Learner> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + PERSON + " FROM launch_context "
                    + "WHERE subject IS NOT NULL" + where(place) + " ORDER BY created_at DESC")) {
                ps.setMaxRows(maxRows);
                Sql.bind(ps, args(place));
                int n = read(ps, out);
                return new ContextLearners.Seen(List.copyOf(out.values()), n >= maxRows);
            }
        });
    }

    ContextLearners.Roll rollAt(Place place, int maxRows) {
        List<String> subjects = new ArrayList<>();
        List<String> everStaff = new ArrayList<>();
        db.withConnection(c -> {
            // The role sets used at the place (a class shares a handful), so staff are found without reading every
            // launch's roles.
            List<String> staffRoles = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT DISTINCT roles FROM launch_context " + "WHERE subject IS NOT NULL" + where(place))) {
                Sql.bind(ps, args(place));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (LtiRoles.isInstructor(List.of(Json.MAPPER.readValue(rs.getString(1), String[].class)))) {
                            staffRoles.add(rs.getString(1));
                        }
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("A stored launch has unreadable roles", e);
            }
            // Each user once, marked when any of their launches here carried a staff role set: one pass over the place.
            String marked = staffRoles.isEmpty()
                    ? "0"
                    : "MAX(CASE WHEN roles IN (?" + ", ?".repeat(staffRoles.size() - 1) + ") THEN 1 ELSE 0 END)";
            try (PreparedStatement ps = c.prepareStatement("SELECT subject, " + marked + " FROM launch_context "
                    + "WHERE subject IS NOT NULL" + where(place) + " GROUP BY subject")) {
                ps.setMaxRows(maxRows);
                Sql.bind(ps, concat(staffRoles.toArray(), args(place)));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        subjects.add(rs.getString(1));
                        if (rs.getInt(2) == 1) {
                            everStaff.add(rs.getString(1));
                        }
                    }
                }
            }
            return null;
        });
        // Of those, staff are the ones whose latest launch here was as staff.
        java.util.Set<String> staff = new java.util.HashSet<>();
        ofSubjects(place, everStaff).values().stream().filter(Learner::staff).forEach(l -> staff.add(l.subject()));
        return new ContextLearners.Roll(List.copyOf(subjects), java.util.Set.copyOf(staff), subjects.size() >= maxRows);
    }

    Map<String, Learner> ofSubjects(Place place, Collection<String> subjects) {
        List<String> all = List.copyOf(new LinkedHashSet<>(subjects));
        Map<String, Learner> out = new HashMap<>();
        if (all.isEmpty()) {
            return out;
        }
        return db.withConnection(c -> {
            for (int from = 0; from < all.size(); from += BATCH) {
                List<String> batch = all.subList(from, Math.min(all.size(), from + BATCH));
                if (db.isPostgres()) {
                    // PostgreSQL reads a whole large place for a plain IN list (a sequential scan per batch, so a
                    // walk of the class grows with its square); one index lookup per user in ix_launch_user instead:
                    // the users as an array, each joined LATERAL to its launches (OFFSET 0 keeps it a lookup).
                    try (PreparedStatement ps = c.prepareStatement("SELECT " + PERSON + " FROM unnest(CAST(? AS "
                            + "VARCHAR[])) AS u(s) CROSS JOIN LATERAL (SELECT " + PERSON + " FROM "
                            + "launch_context WHERE registration_id = ? AND subject = u.s" + whereInRegistration(place)
                            + " OFFSET 0) l ORDER BY l.created_at DESC")) {
                        Sql.bind(
                                ps,
                                concat(
                                        new Object[] {
                                            c.createArrayOf("varchar", batch.toArray()), place.registrationId()
                                        },
                                        argsInRegistration(place)));
                        read(ps, out);
                    }
                    continue;
                }
                // H2: (registration_id, subject) IN (…) and no separate registration_id = ?: only so does H2 look
                // each user up in ix_launch_user instead of reading the whole place per batch.
                try (PreparedStatement ps = c.prepareStatement("SELECT " + PERSON + " FROM launch_context "
                        + "WHERE (registration_id, subject) IN (" + pairs(batch.size()) + ")"
                        + whereInRegistration(place)
                        + " ORDER BY created_at DESC")) {
                    Object[] values = new Object[batch.size() * 2];
                    for (int i = 0; i < batch.size(); i++) {
                        values[2 * i] = place.registrationId();
                        values[2 * i + 1] = batch.get(i);
                    }
                    Sql.bind(ps, concat(values, argsInRegistration(place)));
                    read(ps, out);
                }
            }
            return out;
        });
    }

    List<String> subjectsAfter(Place place, String after, int limit) {
        return db.withConnection(c -> {
            List<String> out = new ArrayList<>();
            // LIMIT in the statement, so each step reads ix_launch_user from where the last one stopped (not the
            // whole place, sorted, once per step).
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT subject FROM launch_context "
                    + "WHERE subject IS NOT NULL" + (after == null ? "" : " AND subject > ?") + where(place)
                    + " ORDER BY subject LIMIT ?")) {
                Object[] values = after == null ? args(place) : concat(new Object[] {after}, args(place));
                Sql.bind(ps, concat(values, new Object[] {limit}));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
            return out;
        });
    }

    Map<Who, String> names(Collection<Who> people) {
        LinkedHashSet<Who> wanted = new LinkedHashSet<>(people);
        wanted.removeIf(w -> w.subject() == null);
        Map<Who, String> out = new HashMap<>();
        if (wanted.isEmpty()) {
            return out;
        }
        List<Who> all = List.copyOf(wanted);
        return db.withConnection(c -> {
            for (int from = 0; from < all.size(); from += BATCH) {
                List<Who> batch = all.subList(from, Math.min(all.size(), from + BATCH));
                try (PreparedStatement ps = c.prepareStatement("SELECT registration_id, subject, name, given_name, "
                        + "family_name, email FROM launch_context WHERE (registration_id, subject) IN ("
                        + pairs(batch.size()) + ") AND (name IS NOT NULL OR given_name IS NOT NULL OR family_name IS "
                        + "NOT NULL OR email IS NOT NULL) ORDER BY created_at DESC")) {
                    Object[] values = new Object[batch.size() * 2];
                    for (int i = 0; i < batch.size(); i++) {
                        values[2 * i] = batch.get(i).registrationId();
                        values[2 * i + 1] = batch.get(i).subject();
                    }
                    Sql.bind(ps, values);
                    ps.setMaxRows(10_000);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            Who who = new Who(rs.getLong(1), rs.getString(2));
                            if (!out.containsKey(who)) { // newest launch first: its name wins
                                String name = ContextLearners.displayName(
                                        rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6));
                                if (name != null) {
                                    out.put(who, name);
                                }
                            }
                        }
                    }
                }
            }
            return out;
        });
    }

    /** Reads launches newest first into {@code out}, keeping each subject's first (latest); returns rows read. */
    private static int read(PreparedStatement ps, Map<String, Learner> out) throws SQLException {
        int n = 0;
        Map<String, Boolean> staffByRoles = new HashMap<>(); // a class shares a handful of role sets: parse each once
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                n++;
                String subject = rs.getString(1);
                if (out.containsKey(subject)) {
                    continue;
                }
                String rolesJson = rs.getString(6);
                Boolean staff = staffByRoles.get(rolesJson);
                if (staff == null) {
                    staff = LtiRoles.isInstructor(List.of(Json.MAPPER.readValue(rolesJson, String[].class)));
                    staffByRoles.put(rolesJson, staff);
                }
                out.put(
                        subject,
                        new Learner(
                                subject,
                                ContextLearners.displayName(
                                        rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)),
                                staff,
                                Sql.instant(rs.getTimestamp(7))));
            }
        } catch (IOException e) {
            throw new IllegalStateException("A stored launch has unreadable roles", e);
        }
        return n;
    }

    private static String where(Place p) {
        return " AND registration_id = ?" + whereInRegistration(p);
    }

    /** The place's conditions but the registration's, for a query that fixes the registration otherwise. */
    private static String whereInRegistration(Place p) {
        return " AND deployment_row_id = ? AND " + (p.contextId() == null ? "context_id IS NULL" : "context_id = ?")
                + (p.resourceLinkId() == null ? "" : " AND resource_link_id = ?");
    }

    private static Object[] args(Place p) {
        return concat(new Object[] {p.registrationId()}, argsInRegistration(p));
    }

    private static Object[] argsInRegistration(Place p) {
        List<Object> a = new ArrayList<>(3);
        a.add(p.deploymentRowId());
        if (p.contextId() != null) {
            a.add(p.contextId());
        }
        if (p.resourceLinkId() != null) {
            a.add(p.resourceLinkId());
        }
        return a.toArray();
    }

    private static String pairs(int n) {
        return "(?, ?)" + ", (?, ?)".repeat(n - 1);
    }

    private static Object[] concat(Object[] a, Object[] b) {
        Object[] all = new Object[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
