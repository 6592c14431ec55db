package org.attentionlesson.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.ResultSet;
import java.sql.SQLException;
import org.attentionlesson.support.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * {@link Database#withAsyncCommit} on a real PostgreSQL: its connections commit without waiting for the disk, every
 * other connection waits (the default), and what an asynchronous commit wrote is visible to the others at once.
 */
class AsyncCommitIT {
    @Test
    void onlyTheAsyncCommitConnectionsSkipTheDiskWaitAndTheirWritesAreVisibleAtOnce() {
        try (TestDatabase pg = TestDatabase.postgres();
                Database db = new Database(pg.jdbcUrl(), null, null, 8)) {
            assertEquals("off", db.withAsyncCommit(c -> setting(c)));
            assertEquals("on", db.withConnection(c -> setting(c)));
            assertEquals("on", db.inTransaction(c -> setting(c)));
            db.withAsyncCommit(c -> c.createStatement().executeUpdate("CREATE TABLE async_probe (v INT)"));
            db.withAsyncCommit(c -> c.createStatement().executeUpdate("INSERT INTO async_probe VALUES (42)"));
            assertEquals(42, (int) db.withConnection(c -> {
                try (ResultSet rs = c.createStatement().executeQuery("SELECT v FROM async_probe")) {
                    rs.next();
                    return rs.getInt(1);
                }
            }));
        }
    }

    @Test
    void onH2ItIsAnOrdinaryConnection() {
        try (Database db = new Database(
                "jdbc:h2:mem:async-" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null, 2)) {
            db.withAsyncCommit(c -> c.createStatement().executeUpdate("CREATE TABLE async_probe (v INT)"));
            db.withAsyncCommit(c -> c.createStatement().executeUpdate("INSERT INTO async_probe VALUES (7)"));
            assertEquals(7, (int) db.withConnection(c -> {
                try (ResultSet rs = c.createStatement().executeQuery("SELECT v FROM async_probe")) {
                    rs.next();
                    return rs.getInt(1);
                }
            }));
        }
    }

    private static String setting(java.sql.Connection c) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery("SHOW synchronous_commit")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
