package org.attentionlesson.support;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/** For migration tests: the project's migrations on a bare database, and rows read back as plain strings. */
public final class Migrations {
    private Migrations() {}

    /** Flyway over the project's migrations on {@code url}; add {@code .target("N")} to stop at a version. */
    public static FluentConfiguration flyway(String url) {
        return Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(url, null, null)
                .locations("classpath:db/migration");
    }

    /** Each row of {@code sql} as its columns' values joined by single spaces. */
    public static List<String> rows(Statement s, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> cols = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    cols.add(String.valueOf(rs.getObject(i)));
                }
                out.add(String.join(" ", cols));
            }
        }
        return out;
    }
}
