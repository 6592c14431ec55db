package org.attentionlesson.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The tool's one DataSource (HikariCP) with its schema brought up to date by Flyway at start-up. The same
 * migrations run on the embedded H2 file database and on PostgreSQL.
 */
public final class Database implements AutoCloseable {
    static final int H2_QUERY_CACHE_SIZE = 128;
    private final HikariDataSource dataSource;
    /** PostgreSQL only: a few connections whose commits do not wait for the disk (see {@link #withAsyncCommit}). */
    private final HikariDataSource asyncCommit;

    private final boolean postgres;
    /** Every thread the pools start, so that {@link #close} can wait for them to end (see there). */
    private final PoolThreads threads = new PoolThreads();

    public Database(String jdbcUrl, String user, String password, int maxPoolSize) {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(jdbcUrl);
        // Name the driver: DriverManager does not discover drivers inside a webapp's WEB-INF/lib reliably.
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            hc.setDriverClassName("org.postgresql.Driver");
        } else if (jdbcUrl.startsWith("jdbc:h2:")) {
            hc.setDriverClassName("org.h2.Driver");
            // H2 keeps parsed statements per session, 8 by default, least recently used first out: a launch alone
            // cycles through more than 8 statements on each pooled connection, so every prepareStatement re-parsed
            // its SQL. (PostgreSQL's driver already keeps server-side prepared statements per connection.)
            if (!jdbcUrl.toUpperCase(java.util.Locale.ROOT).contains("QUERY_CACHE_SIZE")) {
                hc.addDataSourceProperty("QUERY_CACHE_SIZE", String.valueOf(H2_QUERY_CACHE_SIZE));
            }
        }
        if (user != null) {
            hc.setUsername(user);
        }
        if (password != null) {
            hc.setPassword(password);
        }
        hc.setMaximumPoolSize(maxPoolSize);
        hc.setPoolName("attention-lti");
        hc.setThreadFactory(threads);
        hc.setConnectionTimeout(10_000);
        this.postgres = jdbcUrl.startsWith("jdbc:postgresql:");
        HikariConfig async = null;
        if (postgres) {
            async = new HikariConfig();
            hc.copyStateTo(async);
            async.setPoolName("attention-lti-async-commit");
            async.setThreadFactory(threads);
            async.setMaximumPoolSize(Math.max(2, maxPoolSize / 4));
            async.setMinimumIdle(1);
            // PostgreSQL 15 §20.5.1 "synchronous_commit": off returns from COMMIT before the WAL reaches the disk;
            // a crash can lose the last fraction of a second of such commits, never leave the database inconsistent.
            async.setConnectionInitSql("SET synchronous_commit TO off");
        }
        this.dataSource = new HikariDataSource(hc);
        Flyway.configure(Database.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        this.asyncCommit = async == null ? null : new HikariDataSource(async);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public boolean isPostgres() {
        return postgres;
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    public <T> T inTransaction(SqlWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (Throwable t) {
                c.rollback();
                throw t;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** Runs {@code work} on a connection in auto-commit mode. */
    public <T> T withConnection(SqlWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /**
     * Runs {@code work} on an auto-commit connection whose commits do not wait for the disk (PostgreSQL's
     * {@code synchronous_commit = off}; on H2, whose commits never wait for the disk, the same as
     * {@link #withConnection}). Only for a row whose loss in a crash costs a retry and nothing else — a login's state
     * (the launch fails and the person launches again), a launch context (its page says the launch has expired) — and
     * never for what a security check relies on having happened (consuming a state is durable). A later durable
     * commit on any connection makes every earlier one durable too: the log is written in order.
     */
    public <T> T withAsyncCommit(SqlWork<T> work) {
        if (asyncCommit == null) {
            return withConnection(work);
        }
        try (Connection c = asyncCommit.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    public boolean isReachable() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        if (asyncCommit != null) {
            asyncCommit.close();
        }
        dataSource.close();
        // A pool's close waits for its executors to terminate, and an executor terminates while its last thread is
        // still returning: the container's leak check, which runs right after the webapp stops, could then see the
        // thread alive. Waiting here for each thread itself to end leaves nothing behind.
        threads.awaitEnd(Duration.ofSeconds(5));
    }

    /** Names the pools' threads, makes them daemons, and remembers them until they end. */
    private static final class PoolThreads implements ThreadFactory {
        private final Set<Thread> started = ConcurrentHashMap.newKeySet();
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            started.removeIf(earlier -> !earlier.isAlive()); // the pools' idle threads come and go over the years
            Thread t = new Thread(task, "attention-lti-pool-" + count.incrementAndGet());
            t.setDaemon(true);
            started.add(t);
            return t;
        }

        void awaitEnd(Duration limit) {
            long deadline = System.nanoTime() + limit.toNanos();
            for (Thread t : List.copyOf(started)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                try {
                    t.join(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    /** A database failure; carries the SQL state so callers can tell a unique-key violation from the rest. */
    public static final class StoreException extends RuntimeException {
        public StoreException(SQLException cause) {
            super(cause.getMessage(), cause);
        }

        public boolean isUniqueViolation() {
            return getCause() instanceof SQLException s && isUniqueViolation(s);
        }

        public static boolean isUniqueViolation(SQLException s) {
            // 23505: unique violation on PostgreSQL and H2.
            return "23505".equals(s.getSQLState());
        }
    }
}
