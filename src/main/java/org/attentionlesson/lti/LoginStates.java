package org.attentionlesson.lti;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.attentionlesson.store.Sql;

/**
 * The SQL of {@code login_state}: the state and nonce a login minted, in one row, written by the login and consumed
 * by the launch in one statement each (LTI Core 1.3 §5.1.1; Security Framework 1.0 §5.1.1.2 and §5.1.3 step 7: the
 * state is used once, the nonce is used once).
 *
 * <p>The nonce is not recorded anywhere else: it is random, minted with exactly one state, and the launch requires
 * the token's nonce to equal the one stored with the state it consumes. A second use of a token needs that state
 * again, which is gone on every node the moment the first use deleted it, so no separate table of used nonces is
 * needed (docs/lti.md §3).
 */
final class LoginStates {
    private static final String STATE_COLUMNS =
            "s.state, s.nonce, s.registration_id, s.target_link_uri, s.deployment_id, "
                    + "s.storage_target, s.expires_at, v.version, " + RegistrationStore.COLUMNS_R;
    /**
     * Reads and deletes the state in one atomic statement (of two launches racing with one state, one gets the row),
     * with its registration as it stands now and the change counter ({@link Registrations}) joined in.
     */
    private static final String CONSUME_H2 = "SELECT " + STATE_COLUMNS
            + " FROM OLD TABLE (DELETE FROM login_state WHERE state = ?) s"
            + " CROSS JOIN lti_config_version v"
            + " LEFT JOIN platform_registration r ON r.id = s.registration_id";

    private static final String CONSUME_POSTGRES = "WITH s AS (DELETE FROM login_state WHERE state = ? RETURNING *) "
            + "SELECT " + STATE_COLUMNS + " FROM s CROSS JOIN lti_config_version v "
            + "LEFT JOIN platform_registration r ON r.id = s.registration_id";
    /**
     * The login's one statement: the state is stored only while the change counter still stands at the value the
     * login's cached registration was read at; 0 rows means a registration changed somewhere since.
     */
    private static final String INSERT_IF_CURRENT = "INSERT INTO login_state (state, nonce, registration_id, "
            + "target_link_uri, deployment_id, storage_target, created_at, expires_at) "
            + "SELECT CAST(? AS VARCHAR(100)), CAST(? AS VARCHAR(100)), CAST(? AS BIGINT), CAST(? AS VARCHAR(2000)), "
            + "CAST(? AS VARCHAR(255)), CAST(? AS VARCHAR(200)), CAST(? AS TIMESTAMP WITH TIME ZONE), "
            + "CAST(? AS TIMESTAMP WITH TIME ZONE) FROM lti_config_version WHERE id = 1 AND version = ?";

    /**
     * PostgreSQL: consumes the state and, in the same statement, stores the launch context, but only while the
     * state is unexpired and the change counter still has the value the launch was checked at. Returns the state as
     * consumed (as {@link #CONSUME_POSTGRES} does) and whether the launch context went in. All parts of one
     * statement see one snapshot and commit together (PostgreSQL 15 §7.8.4, data-modifying statements in WITH).
     */
    private static final String CONSUME_AND_INSERT_POSTGRES =
            "WITH s AS (DELETE FROM login_state WHERE state = ? RETURNING *), "
                    + "i AS (INSERT INTO launch_context (" + LaunchContexts.COLUMNS + ") SELECT "
                    + LaunchContexts.SELECT_VALUES
                    + " FROM s CROSS JOIN lti_config_version cv WHERE cv.id = 1 AND cv.version = ? "
                    + "AND s.expires_at >= ? RETURNING 1) "
                    + "SELECT " + STATE_COLUMNS + ", (SELECT COUNT(*) FROM i) FROM s CROSS JOIN lti_config_version v "
                    + "LEFT JOIN platform_registration r ON r.id = s.registration_id";

    /** A consumed state, with the change counter and the registration (empty if deleted since the login). */
    record Consumed(LaunchValidator.LoginState login, long configVersion) {}

    /** What {@link #consumeAndInsert} did: the state it consumed (empty if none) and whether the launch went in. */
    record ConsumedAndStored(Optional<Consumed> consumed, boolean stored) {}

    private final boolean postgres;

    LoginStates(boolean postgres) {
        this.postgres = postgres;
    }

    /** Stores the state if the counter is still {@code version}; false when it moved (nothing is written then). */
    boolean insertIfCurrent(
            Connection c,
            String state,
            String nonce,
            long registrationId,
            String targetLinkUri,
            String deploymentId,
            String storageTarget,
            Instant now,
            Instant expiresAt,
            long version)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT_IF_CURRENT)) {
            Sql.bind(
                    ps,
                    state,
                    nonce,
                    registrationId,
                    targetLinkUri,
                    deploymentId,
                    storageTarget,
                    now,
                    expiresAt,
                    version);
            return ps.executeUpdate() == 1;
        }
    }

    /** Stores the state whatever the counter says (a login that lost the race with changes too often). */
    boolean insert(
            Connection c,
            String state,
            String nonce,
            long registrationId,
            String targetLinkUri,
            String deploymentId,
            String storageTarget,
            Instant now,
            Instant expiresAt)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO login_state (state, nonce, registration_id, "
                        + "target_link_uri, deployment_id, storage_target, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            Sql.bind(ps, state, nonce, registrationId, targetLinkUri, deploymentId, storageTarget, now, expiresAt);
            return ps.executeUpdate() == 1;
        }
    }

    /** Deletes and returns the state, or empty when there is no such state (unknown, or consumed already). */
    Optional<Consumed> consume(Connection c, String state) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(postgres ? CONSUME_POSTGRES : CONSUME_H2)) {
            Sql.bind(ps, state);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(consumed(rs)) : Optional.empty();
            }
        }
    }

    /**
     * Consumes the state and stores {@code launch} with it, if the state is there, unexpired at {@code now}, and the
     * change counter still stands at {@code version}; otherwise consumes the state (if there) and stores nothing.
     * One statement on PostgreSQL; on H2 (no data-modifying WITH) two, each committed on its own when the connection
     * auto-commits: the state is used up even if the insert then fails, as it is for a launch checked after consuming.
     */
    ConsumedAndStored consumeAndInsert(
            Connection c, String state, long version, Instant now, LaunchContext launch, LaunchContexts contexts)
            throws SQLException {
        if (!postgres) {
            Optional<Consumed> consumed = consume(c, state);
            boolean current = consumed.isPresent()
                    && consumed.get().configVersion() == version
                    && !consumed.get().login().expiresAt().isBefore(now);
            if (current) {
                contexts.insert(c, launch);
            }
            return new ConsumedAndStored(consumed, current);
        }
        try (PreparedStatement ps = c.prepareStatement(CONSUME_AND_INSERT_POSTGRES)) {
            Object[] values = LaunchContexts.values(launch);
            Object[] all = new Object[values.length + 3];
            all[0] = state;
            System.arraycopy(values, 0, all, 1, values.length);
            all[values.length + 1] = version;
            all[values.length + 2] = now;
            Sql.bind(ps, all);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return new ConsumedAndStored(Optional.empty(), false);
                }
                return new ConsumedAndStored(
                        Optional.of(consumed(rs)), rs.getLong(rs.getMetaData().getColumnCount()) == 1);
            }
        }
    }

    private static Consumed consumed(ResultSet rs) throws SQLException {
        rs.getLong(9);
        Optional<PlatformRegistration> reg =
                rs.wasNull() ? Optional.empty() : Optional.of(RegistrationStore.read(rs, 8));
        long version = rs.getLong(8);
        return new Consumed(
                new LaunchValidator.LoginState(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getLong(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        Sql.instant(rs.getTimestamp(7)),
                        reg,
                        version),
                version);
    }

    /** Drops nonces recorded by releases before V17 (a nonce is now consumed with its state). */
    int purgeUsedNonces(Connection c, Instant before) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM used_nonce WHERE used_at < ?")) {
            Sql.bind(ps, before);
            return ps.executeUpdate();
        }
    }

    /** Drops login states past their expiry. */
    int purgeExpired(Connection c, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM login_state WHERE expires_at < ?")) {
            Sql.bind(ps, now);
            return ps.executeUpdate();
        }
    }
}
