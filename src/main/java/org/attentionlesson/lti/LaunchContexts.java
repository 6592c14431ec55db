package org.attentionlesson.lti;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.attentionlesson.store.Database;
import org.attentionlesson.store.Sql;
import org.attentionlesson.web.Json;

/** Stored launch contexts. */
public final class LaunchContexts {
    private static final String COLUMNS = "id, registration_id, deployment_row_id, message_type, subject, name, given_name, "
            + "family_name, email, roles, context_id, context_title, context_label, resource_link_id, resource_link_title, "
            + "target_link_uri, locale, document_target, return_url, ags_lineitems, ags_lineitem, ags_scopes, nrps_url, "
            + "custom_json, deep_linking_json, platform_json, created_at";

    private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() { };
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() { };

    private final Database db;

    public LaunchContexts(Database db) {
        this.db = db;
    }

    public void insert(Connection c, LaunchContext l) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO launch_context (" + COLUMNS + ") VALUES "
                + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            Sql.bind(ps, l.id(), l.registrationId(), l.deploymentRowId(), l.messageType(), l.subject(), l.name(),
                    l.givenName(), l.familyName(), l.email(), Json.write(l.roles()), l.contextId(), l.contextTitle(),
                    l.contextLabel(), l.resourceLinkId(), l.resourceLinkTitle(), l.targetLinkUri(), l.locale(),
                    l.documentTarget(), l.returnUrl(), l.ags().lineitems(), l.ags().lineitem(),
                    l.ags().scopes() == null ? null : String.join(" ", l.ags().scopes()), l.nrpsUrl(),
                    Json.write(l.custom()), l.deepLinkingSettingsJson(), l.platformJson(), l.createdAt());
            ps.executeUpdate();
        }
    }

    public Optional<LaunchContext> find(String id) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM launch_context WHERE id = ?")) {
                Sql.bind(ps, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(read(rs)) : Optional.empty();
                }
            }
        });
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
        return new LaunchContext(rs.getString(1), rs.getLong(2), rs.getLong(3), MessageType.valueOf(rs.getString(4)),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                readList(rs.getString(10)), rs.getString(11), rs.getString(12), rs.getString(13), rs.getString(14),
                rs.getString(15), rs.getString(16), rs.getString(17), rs.getString(18), rs.getString(19),
                new LaunchContext.AgsEndpoint(rs.getString(20), rs.getString(21),
                        scopes == null || scopes.isBlank() ? List.of() : List.of(scopes.split(" "))),
                rs.getString(23), readMap(rs.getString(24)), rs.getString(25), rs.getString(26),
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
