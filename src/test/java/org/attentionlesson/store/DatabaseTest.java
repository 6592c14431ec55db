package org.attentionlesson.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DatabaseTest {
    @Test
    void h2KeepsEnoughParsedStatementsPerConnectionForALaunch() {
        try (Database db =
                new Database("jdbc:h2:mem:dbtest-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null, 2)) {
            assertEquals(String.valueOf(Database.H2_QUERY_CACHE_SIZE), setting(db, "QUERY_CACHE_SIZE"));
        }
    }

    @Test
    void aQueryCacheSizeInTheUrlWins() {
        try (Database db = new Database(
                "jdbc:h2:mem:dbtest-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;QUERY_CACHE_SIZE=3", null, null, 2)) {
            assertEquals("3", setting(db, "QUERY_CACHE_SIZE"));
        }
    }

    private static String setting(Database db, String name) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
    }
}
