package org.attentionlesson.support;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

/**
 * A database for one test run: an H2 file database (opened with AUTO_SERVER so the test can look inside while
 * Tomcat holds it), or a fresh PostgreSQL database created on the server at {@code attention.test.pgUrl} and
 * dropped afterwards. A missing PostgreSQL fails the test and says what to install; it is never skipped.
 */
public final class TestDatabase implements AutoCloseable {
    public static final String DEFAULT_PG_ADMIN_URL =
            "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres&password=postgres";

    private final String jdbcUrl;
    private final String dropName;
    private final String adminUrl;

    private TestDatabase(String jdbcUrl, String dropName, String adminUrl) {
        this.jdbcUrl = jdbcUrl;
        this.dropName = dropName;
        this.adminUrl = adminUrl;
    }

    public enum Kind {
        H2,
        POSTGRES
    }

    public static TestDatabase create(Kind kind, Path dir) {
        return kind == Kind.H2 ? h2(dir) : postgres();
    }

    public static TestDatabase h2(Path dir) {
        return new TestDatabase(
                "jdbc:h2:file:"
                        + dir.resolve("attention-"
                                        + UUID.randomUUID().toString().substring(0, 8))
                                .toAbsolutePath()
                                .toString()
                                .replace('\\', '/')
                        + ";AUTO_SERVER=TRUE",
                null,
                null);
    }

    public static TestDatabase postgres() {
        String admin = System.getProperty("attention.test.pgUrl");
        if (admin == null || admin.isBlank() || admin.startsWith("${")) {
            admin = DEFAULT_PG_ADMIN_URL;
        }
        String name = "attention_test_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = open(admin);
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "PostgreSQL is not reachable at " + admin.replaceAll("password=[^&]*", "password=***")
                            + " (" + e.getMessage()
                            + "). Install and start Debian's postgresql (`apt-get install postgresql`; "
                            + "`mvn verify` does this through .ci/test-deps), or point -Dattention.test.pgUrl at a server.",
                    e);
        }
        int q = admin.indexOf('?');
        String base = admin.substring(0, admin.lastIndexOf('/', q < 0 ? admin.length() : q) + 1);
        String url = base + name + (q < 0 ? "" : admin.substring(q));
        return new TestDatabase(url, name, admin);
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public boolean isPostgres() {
        return dropName != null;
    }

    /** Context parameters pointing the tool at this database. */
    public Map<String, String> params() {
        return Map.of("attention.jdbcUrl", jdbcUrl);
    }

    public Connection connect() throws SQLException {
        return open(jdbcUrl);
    }

    /** Opens a connection through the driver class itself: DriverManager's discovery is unreliable next to Tomcat. */
    static Connection open(String url) throws SQLException {
        java.sql.Driver driver = url.startsWith("jdbc:h2:") ? new org.h2.Driver() : new org.postgresql.Driver();
        Connection c = driver.connect(url, new java.util.Properties());
        if (c == null) {
            throw new SQLException("No driver for " + url);
        }
        return c;
    }

    public long count(String table) {
        return longQuery("SELECT COUNT(*) FROM " + table);
    }

    public long longQuery(String sql, Object... args) {
        try (Connection c = connect();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** The first column of the first row as text, or null when there is no row. */
    public String stringQuery(String sql, Object... args) {
        try (Connection c = connect();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (dropName != null) {
            try (Connection c = open(adminUrl);
                    Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + dropName + " WITH (FORCE)");
            } catch (SQLException e) {
                throw new IllegalStateException("Could not drop test database " + dropName, e);
            }
        }
    }
}
