package org.attentionlesson.lti;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.attentionlesson.store.Database;
import org.attentionlesson.store.ReadCache;
import org.attentionlesson.store.Sql;
import org.attentionlesson.web.Json;

/** Stored launch contexts. */
public final class LaunchContexts {
    static final String COLUMNS = "id, registration_id, deployment_row_id, message_type, subject, name, given_name, "
            + "family_name, email, roles, context_id, context_title, context_label, resource_link_id, resource_link_title, "
            + "target_link_uri, locale, document_target, return_url, ags_lineitems, ags_lineitem, ags_scopes, nrps_url, "
            + "custom_json, deep_linking_json, platform_json, created_at";

    private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {};
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};

    /**
     * Launch contexts are written once and never changed (old ones are purged, see {@link #purgeOlderThan}), so the ones this node stored or read lately are
     * kept here: the page a launch redirects to (and its API calls) need not read back the row just written. Another
     * node reads it from the database as before. Bounded; least recently stored or read goes first.
     */
    static final int CACHE_SIZE = 4096;

    private final Map<String, LaunchContext> recent =
            java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>(CACHE_SIZE * 4 / 3 + 1, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, LaunchContext> eldest) {
                    return size() > CACHE_SIZE;
                }
            });

    private final Database db;

    /**
     * A new launch context id: the launch's time in milliseconds as 11 hex digits, then 18 random bytes (base64url,
     * 24 characters). The random part keeps ids unguessable as before; the time prefix makes each new row's key the
     * largest so far, so inserts land on the rightmost page of the primary key instead of a random one (on H2 every
     * page a commit touches is rewritten whole; on PostgreSQL the index stays compact). The id is opaque elsewhere: it
     * reaches pages only inside the signed launch token.
     */
    static String newId(java.time.Instant now) {
        return newId(now, org.attentionlesson.web.RandomTokens.of(18));
    }

    /** An id made of {@code now} as {@link #newId(java.time.Instant)} writes it, then {@code rest} (24 characters). */
    static String newId(java.time.Instant now, String rest) {
        long millis = Math.max(0, now.toEpochMilli());
        char[] hex = new char[11];
        for (int i = 10; i >= 0; i--) {
            hex[i] = Character.forDigit((int) (millis & 0xf), 16);
            millis >>>= 4;
        }
        return new String(hex) + rest;
    }

    /** Who launched at each place lately, as the class page reads it (see {@link #learners}). */
    private final ReadCache<ContextLearners.RollKey, ContextLearners.Roll> rolls;

    public LaunchContexts(Database db) {
        this(db, Duration.ZERO);
    }

    /**
     * @param summaryLifetime how long this node reuses a place's roll of launched users ({@link #learners}); its own
     *     launches clear it at once, other nodes' show when it ages out
     */
    public LaunchContexts(Database db, Duration summaryLifetime) {
        this.db = db;
        this.rolls = new ReadCache<>(summaryLifetime, 64);
    }

    /** The launches' read side, sharing this node's memory of who launched where. */
    public ContextLearners learners() {
        return new ContextLearners(db, rolls);
    }

    /** Keeps a launch context this node has just stored, once its transaction has committed. */
    public void stored(LaunchContext l) {
        recent.put(l.id(), l);
        rolls.changed(ContextLearners.group(l.registrationId(), l.contextId()));
    }

    public void insert(Connection c, LaunchContext l) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO launch_context (" + COLUMNS + ") VALUES "
                + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            Sql.bind(ps, values(l));
            ps.executeUpdate();
        }
    }

    /**
     * The values of one row, in the order of {@link #COLUMNS}; {@link #SELECT_VALUES} is a select list of as many
     * parameters, typed, for an {@code INSERT … SELECT} (LoginStates#consumeAndInsert).
     */
    static Object[] values(LaunchContext l) {
        return new Object[] {
            l.id(),
            l.registrationId(),
            l.deploymentRowId(),
            l.messageType(),
            l.subject(),
            l.name(),
            l.givenName(),
            l.familyName(),
            l.email(),
            Json.write(l.roles()),
            l.contextId(),
            l.contextTitle(),
            l.contextLabel(),
            l.resourceLinkId(),
            l.resourceLinkTitle(),
            l.targetLinkUri(),
            l.locale(),
            l.documentTarget(),
            l.returnUrl(),
            l.ags().lineitems(),
            l.ags().lineitem(),
            l.ags().scopes() == null ? null : String.join(" ", l.ags().scopes()),
            l.nrpsUrl(),
            Json.write(l.custom()),
            l.deepLinkingSettingsJson(),
            l.platformJson(),
            l.createdAt()
        };
    }

    static final String SELECT_VALUES = "CAST(? AS VARCHAR(64)), CAST(? AS BIGINT), CAST(? AS BIGINT), "
            + "CAST(? AS VARCHAR(64)), "
            + String.join(", ", java.util.Collections.nCopies(22, "CAST(? AS VARCHAR(20000))"))
            + ", CAST(? AS TIMESTAMP WITH TIME ZONE)";

    public Optional<LaunchContext> find(String id) {
        LaunchContext known = recent.get(id);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<LaunchContext> found = db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM launch_context WHERE id = ?")) {
                Sql.bind(ps, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(read(rs)) : Optional.empty();
                }
            }
        });
        found.ifPresent(this::stored);
        return found;
    }

    /**
     * Deletes the launch contexts older than {@code cutoff} that nothing needs any more: a person's latest launch of
     * each resource link (per deployment and course: link ids are unique only within a deployment, LTI Core 1.3
     * §5.3.5) stays (it names the student in the class results), and so does a launch a cookie-less
     * hand-off still points at. What goes: superseded launches, deep-linking and anonymous ones. A score waiting for
     * delivery needs no launch: grading records what it needs of the launch with the score (V20). {@code cutoff} is
     * at least the launch token's lifetime ago, so no live page loses its context.
     */
    public int purgeOlderThan(java.time.Instant cutoff) {
        int n = db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM launch_context WHERE created_at < ? "
                    + "AND NOT EXISTS (SELECT 1 FROM launch_handoff h WHERE h.launch_id = launch_context.id) "
                    + "AND (subject IS NULL OR resource_link_id IS NULL OR EXISTS (SELECT 1 FROM launch_context n "
                    + "WHERE n.registration_id = launch_context.registration_id "
                    + "AND n.deployment_row_id = launch_context.deployment_row_id "
                    + "AND COALESCE(n.context_id, '') = COALESCE(launch_context.context_id, '') "
                    + "AND n.resource_link_id = launch_context.resource_link_id AND n.subject = launch_context.subject "
                    + "AND n.created_at > launch_context.created_at))")) {
                Sql.bind(ps, cutoff);
                return ps.executeUpdate();
            }
        });
        if (n > 0) {
            synchronized (recent) {
                recent.values().removeIf(l -> l.createdAt().isBefore(cutoff));
            }
        }
        return n;
    }

    public long count() {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM launch_context");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private static LaunchContext read(ResultSet rs) throws SQLException {
        String scopes = rs.getString(22);
        return new LaunchContext(
                rs.getString(1),
                rs.getLong(2),
                rs.getLong(3),
                MessageType.valueOf(rs.getString(4)),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                rs.getString(8),
                rs.getString(9),
                readList(rs.getString(10)),
                rs.getString(11),
                rs.getString(12),
                rs.getString(13),
                rs.getString(14),
                rs.getString(15),
                rs.getString(16),
                rs.getString(17),
                rs.getString(18),
                rs.getString(19),
                new LaunchContext.AgsEndpoint(
                        rs.getString(20),
                        rs.getString(21),
                        scopes == null || scopes.isBlank() ? List.of() : List.of(scopes.split(" "))),
                rs.getString(23),
                readMap(rs.getString(24)),
                rs.getString(25),
                rs.getString(26),
                Sql.instant(rs.getTimestamp(27)));
    }

    private static List<String> readList(String json) {
        try {
            return Json.MAPPER.readValue(json, STRING_LIST);
        } catch (IOException e) {
            return List.of();
        }
    }

    private static Map<String, String> readMap(String json) {
        if (json == null) {
            return Map.of();
        }
        try {
            return Json.MAPPER.readValue(json, STRING_MAP);
        } catch (IOException e) {
            return Map.of();
        }
    }
}
