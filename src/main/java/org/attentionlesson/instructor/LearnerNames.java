package org.attentionlesson.instructor;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.attentionlesson.store.Database;
import org.attentionlesson.store.Sql;

/**
 * Names for the platform's user ids ({@code sub}) on instructor pages, from each user's latest launch in the same
 * registration (the {@code name}, {@code given_name}/{@code family_name} or {@code email} claims, LTI 1.3 §5.3.6).
 * A user who never launched with a name, or whose platform shares none, has none here: the page shows the id.
 * The tool does not call Names and Role Provisioning, so there is no roster to fall back on.
 */
public final class LearnerNames {
    /** Subjects looked up per query (bounded IN list). */
    static final int BATCH = 100;

    /** Who a row is about: a registration's user. */
    public record Who(long registrationId, String subject) {
    }

    private final Database db;

    public LearnerNames(Database db) {
        this.db = db;
    }

    /** The display name of each user that has one; users without a name are absent from the map. */
    public Map<Who, String> of(Collection<Who> people) {
        Set<Who> wanted = new LinkedHashSet<>(people);
        wanted.removeIf(w -> w.subject() == null);
        Map<Who, String> out = new HashMap<>();
        if (wanted.isEmpty()) {
            return out;
        }
        List<Who> all = List.copyOf(wanted);
        return db.withConnection(c -> {
            for (int from = 0; from < all.size(); from += BATCH) {
                List<Who> batch = all.subList(from, Math.min(all.size(), from + BATCH));
                StringBuilder sql = new StringBuilder("SELECT registration_id, subject, name, given_name, family_name, "
                        + "email FROM launch_context WHERE (registration_id, subject) IN (");
                for (int i = 0; i < batch.size(); i++) {
                    sql.append(i == 0 ? "(?, ?)" : ", (?, ?)");
                }
                sql.append(") AND (name IS NOT NULL OR given_name IS NOT NULL OR family_name IS NOT NULL "
                        + "OR email IS NOT NULL) ORDER BY created_at DESC");
                try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
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
                                String name = ClassResults.displayName(rs.getString(3), rs.getString(4),
                                        rs.getString(5), rs.getString(6));
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

    /** One user's name, or null. */
    public String of(long registrationId, String subject) {
        return of(List.of(new Who(registrationId, subject))).get(new Who(registrationId, subject));
    }
}
