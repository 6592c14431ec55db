package org.attentionlesson.lti;

import com.nimbusds.jose.jwk.RSAKey;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.attentionlesson.store.Database;
import org.attentionlesson.store.Sql;

/** The SQL behind {@link ToolKeys}: the {@code tool_key} rows (private keys stay in this table and in memory). */
final class ToolKeyStore {
    record Row(
            String kid, RSAKey key, Instant createdAt, Instant signingFrom, Instant retiredAt, Instant unpublishAt) {}

    private final Database db;

    ToolKeyStore(Database db) {
        this.db = db;
    }

    void insert(String kid, RSAKey key, Instant createdAt, Instant signingFrom) {
        db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO tool_key (kid, public_jwk, private_jwk, "
                    + "created_at, signing_from) VALUES (?, ?, ?, ?, ?)")) {
                Sql.bind(ps, kid, key.toPublicJWK().toJSONString(), key.toJSONString(), createdAt, signingFrom);
                return ps.executeUpdate();
            }
        });
    }

    /** Every other key still signing stops at {@code retiredAt} and leaves the JWKS at {@code unpublishAt}. */
    void retireAllBut(String kid, Instant retiredAt, Instant unpublishAt) {
        db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE tool_key SET retired_at = ?, unpublish_at = ? "
                    + "WHERE kid <> ? AND retired_at IS NULL")) {
                Sql.bind(ps, retiredAt, unpublishAt, kid);
                return ps.executeUpdate();
            }
        });
    }

    List<Row> load() {
        return db.withConnection(c -> {
            List<Row> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT kid, private_jwk, created_at, signing_from, "
                            + "retired_at, unpublish_at FROM tool_key ORDER BY created_at");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    RSAKey key;
                    try {
                        key = RSAKey.parse(rs.getString(2));
                    } catch (ParseException e) {
                        throw new IllegalStateException("Stored tool key " + rs.getString(1) + " is unreadable");
                    }
                    rows.add(new Row(
                            rs.getString(1),
                            key,
                            Sql.instant(rs.getTimestamp(3)),
                            Sql.instant(rs.getTimestamp(4)),
                            Sql.instant(rs.getTimestamp(5)),
                            Sql.instant(rs.getTimestamp(6))));
                }
            }
            return rows;
        });
    }
}
