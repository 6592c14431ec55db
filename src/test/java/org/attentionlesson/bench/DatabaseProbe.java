package org.attentionlesson.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.attentionlesson.support.TestDatabase;

/**
 * What {@link BenchServer} measures of the tool's database, from outside the tool's code.
 *
 * <ul>
 * <li>PostgreSQL CPU: the user+system CPU ({@code /proc/<pid>/stat}) of the server processes serving this database
 * (its client backends in {@code pg_stat_activity}: the tool's pooled connections only, not autovacuum nor the server's shared
 * background processes); the pool keeps them open, so the sum before and after a run is the
 * database's work for that run. {@code pg_stat_statements} would be the natural source, but it needs
 * {@code shared_preload_libraries} and a server restart, which a shared test server does not allow.</li>
 * <li>Statements: on PostgreSQL, the driver's own protocol trace ({@code java.util.logging} at FINEST on
 * {@code org.postgresql.core.v3.QueryExecutorImpl}), counting each {@code Execute} message (one statement, BEGIN and
 * COMMIT included) and each {@code Sync} (one round trip); on H2, the engine's
 * {@code INFORMATION_SCHEMA.QUERY_STATISTICS}. Both cost CPU, so they are on only in a separate counting pass.</li>
 * </ul>
 */
final class DatabaseProbe implements AutoCloseable {
    private static final Logger PG_PROTOCOL = Logger.getLogger("org.postgresql.core.v3.QueryExecutorImpl");
    private static final long CLOCK_TICKS = clockTicks();

    private final TestDatabase database;
    private final Connection monitor;
    private final AtomicLong executes = new AtomicLong();
    private final AtomicLong syncs = new AtomicLong();
    /** Parse messages: a statement the server prepares anew; a server-side prepared one is only bound and run. */
    private final AtomicLong parses = new AtomicLong();

    private final Handler counter = new Handler() {
        @Override
        public void publish(LogRecord r) {
            String m = r.getMessage();
            if (m == null) {
                return;
            }
            if (m.startsWith(" FE=> Execute")) {
                executes.incrementAndGet();
            } else if (m.startsWith(" FE=> Sync")) {
                syncs.incrementAndGet();
            } else if (m.startsWith(" FE=> Parse")) {
                parses.incrementAndGet();
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private Map<String, Long> h2Before = Map.of();

    DatabaseProbe(TestDatabase database) throws SQLException {
        this.database = database;
        this.monitor = database.connect();
    }

    /** CPU of the PostgreSQL processes serving this database, in ns; 0 on H2 (it runs inside the tool's JVM). */
    long backendCpuNanos() throws SQLException {
        if (!database.isPostgres()) {
            return 0;
        }
        long sum = 0;
        try (PreparedStatement ps = monitor.prepareStatement("SELECT pid FROM pg_stat_activity WHERE datname = "
                        + "current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                try {
                    String stat = Files.readString(Path.of("/proc", String.valueOf(rs.getInt(1)), "stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    sum += (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 1_000_000_000L / CLOCK_TICKS;
                } catch (IOException | RuntimeException e) {
                    // that backend ended meanwhile
                }
            }
        }
        return sum;
    }

    void startCounting() throws SQLException {
        if (database.isPostgres()) {
            executes.set(0);
            syncs.set(0);
            parses.set(0);
            PG_PROTOCOL.setUseParentHandlers(false);
            PG_PROTOCOL.addHandler(counter);
            PG_PROTOCOL.setLevel(Level.FINEST);
        } else {
            try (Statement s = monitor.createStatement()) {
                s.execute("SET QUERY_STATISTICS_MAX_ENTRIES 1000");
                s.execute("SET QUERY_STATISTICS TRUE");
            }
            h2Before = h2Counts();
        }
    }

    /** "statements roundTrips detail": detail lists the statements by count (H2 only), '|'-separated. */
    String stopCounting() throws SQLException {
        if (database.isPostgres()) {
            PG_PROTOCOL.setLevel(null);
            PG_PROTOCOL.removeHandler(counter);
            PG_PROTOCOL.setUseParentHandlers(true);
            // The detail lists the Parse messages as a pseudo-statement, so the report shows how many statements per
            // launch were not server-side prepared (pgjdbc prepares a statement after prepareThreshold, 5, uses).
            return executes.get() + " " + syncs.get() + " " + parses.get()
                    + "×(protocol\u00a0Parse\u00a0messages:\u00a0statements\u00a0not\u00a0server-side\u00a0prepared)";
        }
        Map<String, Long> after = h2Counts();
        try (Statement s = monitor.createStatement()) {
            s.execute("SET QUERY_STATISTICS FALSE");
        }
        long total = 0;
        List<Map.Entry<String, Long>> delta = new ArrayList<>();
        for (Map.Entry<String, Long> e : after.entrySet()) {
            long d = e.getValue() - h2Before.getOrDefault(e.getKey(), 0L);
            if (d > 0 && !e.getKey().contains("QUERY_STATISTICS")) {
                total += d;
                delta.add(Map.entry(e.getKey(), d));
            }
        }
        delta.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        StringBuilder detail = new StringBuilder();
        for (Map.Entry<String, Long> e : delta) {
            String sql = e.getKey().replaceAll("\\s+", " ");
            detail.append(detail.length() == 0 ? "" : "|")
                    .append(e.getValue())
                    .append('×')
                    .append(sql.length() > 110 ? sql.substring(0, 110) + "…" : sql);
        }
        return total + " " + total + " "
                + (detail.length() == 0 ? "-" : detail.toString().replace(' ', '\u00a0'));
    }

    private Map<String, Long> h2Counts() throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        try (Statement s = monitor.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT SQL_STATEMENT, EXECUTION_COUNT FROM INFORMATION_SCHEMA.QUERY_STATISTICS")) {
            while (rs.next()) {
                out.merge(rs.getString(1), rs.getLong(2), Long::sum);
            }
        }
        return out;
    }

    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
            p.waitFor();
            return Long.parseLong(out);
        } catch (IOException | NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }

    @Override
    public void close() throws SQLException {
        monitor.close();
    }
}
