package org.attentionlesson;

import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the root started, stopped in reverse order: a component registered after another may use it until it stops
 * (the grade worker drains before the database pool it writes to closes). At the end, the JDBC drivers this web
 * application registered are deregistered, so the container neither warns about nor keeps them.
 */
final class Lifecycle {
    private static final Logger log = LoggerFactory.getLogger(Lifecycle.class);

    private record Part(String name, AutoCloseable stop) {}

    private final Deque<Part> started = new ArrayDeque<>();

    /** Registers {@code part} to be closed at stop, before everything registered earlier; returns it. */
    <T extends AutoCloseable> T add(String name, T part) {
        started.push(new Part(name, part));
        return part;
    }

    /** The names in stop order (for the start-up log). */
    List<String> stopOrder() {
        return started.stream().map(Part::name).toList();
    }

    /** Stops everything in reverse order of start; a failure is logged and the rest still stops. */
    void stop() {
        while (!started.isEmpty()) {
            Part p = started.pop();
            try {
                p.stop().close();
            } catch (Exception e) {
                log.warn("Stopping {} failed: {}", p.name(), e.toString());
            }
        }
        ClassLoader own = Lifecycle.class.getClassLoader();
        // Only a web application's own loader: on the JVM's class path (unit tests, an embedding process) the
        // drivers belong to the whole process, which still needs them after this stop.
        if (own != ClassLoader.getSystemClassLoader()) {
            deregisterDrivers(own);
        }
    }

    /** Deregisters the JDBC drivers loaded by {@code loader} (the web application's own, from WEB-INF/lib). */
    static void deregisterDrivers(ClassLoader loader) {
        for (Driver d : Collections.list(DriverManager.getDrivers())) {
            if (d.getClass().getClassLoader() == loader) {
                try {
                    DriverManager.deregisterDriver(d);
                } catch (SQLException | SecurityException e) {
                    log.warn(
                            "Could not deregister the JDBC driver {}: {}",
                            d.getClass().getName(),
                            e.toString());
                }
            }
        }
    }

    /**
     * The embedded H2 database stays open until the root closes the pool: without this, H2 closes itself in a JVM
     * shutdown hook (Ctrl+C on the run command) while the grade worker may still be writing.
     */
    static String keepH2OpenUntilClosed(String jdbcUrl) {
        String upper = jdbcUrl.toUpperCase(java.util.Locale.ROOT);
        // H2 refuses the setting on a database other processes may share (AUTO_SERVER=TRUE) and on a remote one.
        if (!jdbcUrl.startsWith("jdbc:h2:")
                || jdbcUrl.startsWith("jdbc:h2:tcp:")
                || jdbcUrl.startsWith("jdbc:h2:ssl:")
                || upper.contains("DB_CLOSE_ON_EXIT")
                || upper.contains("AUTO_SERVER=TRUE")) {
            return jdbcUrl;
        }
        return jdbcUrl + ";DB_CLOSE_ON_EXIT=FALSE";
    }
}
