package org.attentionlesson.lti;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.attentionlesson.store.Database;
import org.attentionlesson.store.Sql;

/**
 * The SQL of {@code login_state} and {@code used_login_state}. A sealed state (SealedStates) has no row: its
 * launch is stored by {@link #insertIfUnused}, and a refused launch uses it up with {@link #useUp}. A stored state
 * (a login too long to seal, or minted before sealed states) is the state and nonce a login minted, in one row, written by the login and consumed
 * by the launch in one statement each — for a state this node minted, the statement that also stores the launch
 * ({@link #consumeAndInsert}; docs/adr/0005-minted-states.md) — (LTI Core 1.3 §5.1.1; Security Framework 1.0 §5.1.1.2
 * and §5.1.3 step 7: the state is used once, the nonce is used once).
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
     * The state is deleted only while it is unexpired and the change counter still has the value the launch was
     * checked at, and the launch context is inserted from the deleted row: one statement, both or neither. On
     * PostgreSQL a data-modifying {@code WITH} (PostgreSQL 15 §7.8.4); on H2 a data change delta table as the
     * insert's source ({@code OLD TABLE (DELETE …)}).
     */
    private static final String DELETE_IF_CURRENT = "DELETE FROM login_state WHERE state = ? AND expires_at >= ? "
            + "AND EXISTS (SELECT 1 FROM lti_config_version WHERE id = 1 AND version = ?)";

    private static final String CONSUME_AND_INSERT_POSTGRES = "WITH s AS (" + DELETE_IF_CURRENT
            + " RETURNING state) INSERT INTO launch_context (" + LaunchContexts.COLUMNS + ") SELECT "
            + LaunchContexts.SELECT_VALUES + " FROM s";

    private static final String CONSUME_AND_INSERT_H2 = "INSERT INTO launch_context (" + LaunchContexts.COLUMNS
            + ") SELECT " + LaunchContexts.SELECT_VALUES + " FROM OLD TABLE (" + DELETE_IF_CURRENT + ") s";

    /**
     * A sealed state's launch (SealedStates): the launch context is stored only while the change counter still has
     * the value the launch was checked at and no refused launch has used the state up; its id, derived from the
     * state, is the primary key, so a second launch of the state cannot be stored (a unique violation).
     */
    private static final String INSERT_IF_UNUSED = "INSERT INTO launch_context (" + LaunchContexts.COLUMNS
            + ") SELECT " + LaunchContexts.SELECT_VALUES + " FROM lti_config_version v WHERE v.id = 1 AND v.version = ?"
            + " AND NOT EXISTS (SELECT 1 FROM used_login_state u WHERE u.state_id = ?)";

    /**
     * Uses a sealed state up without a launch context (a refused launch, or one stored by a transaction): recorded
     * unless a launch context of the state exists already; a second use is a unique violation.
     */
    private static final String USE_UP = "INSERT INTO used_login_state (state_id, expires_at) "
            + "SELECT CAST(? AS VARCHAR(32)), CAST(? AS TIMESTAMP WITH TIME ZONE) FROM lti_config_version "
            + "WHERE id = 1 AND NOT EXISTS (SELECT 1 FROM launch_context WHERE id = ?)";

    private static final String CURRENT = "SELECT v.version, " + RegistrationStore.COLUMNS_R
            + " FROM lti_config_version v LEFT JOIN platform_registration r ON r.id = ? WHERE v.id = 1";

    /** A consumed state, with the change counter and the registration (empty if deleted since the login). */
    record Consumed(LaunchValidator.LoginState login, long configVersion) {}

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
     * Consumes the state and stores {@code launch} with it, in one statement, if the state is there, unexpired at
     * {@code now}, and the change counter still stands at {@code version}; true if it did. Otherwise it changes
     * nothing (the state, if there, is left for {@link #consume}).
     */
    boolean consumeAndInsert(Connection c, String state, long version, Instant now, LaunchContext launch)
            throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement(postgres ? CONSUME_AND_INSERT_POSTGRES : CONSUME_AND_INSERT_H2)) {
            // Parameters in the order they appear: the deletion's first on PostgreSQL (WITH), last on H2.
            Object[] values = LaunchContexts.values(launch);
            Object[] all = new Object[values.length + 3];
            int delete = postgres ? 0 : values.length;
            all[delete] = state;
            all[delete + 1] = now;
            all[delete + 2] = version;
            System.arraycopy(values, 0, all, postgres ? 3 : 0, values.length);
            Sql.bind(ps, all);
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * Stores the launch of a sealed state in one statement if the counter still stands at {@code version} and the
     * state was not used up; false if it stored nothing. A launch context of the state stored already makes it throw
     * a unique violation.
     */
    boolean insertIfUnused(Connection c, LaunchContext launch, long version, String stateId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT_IF_UNUSED)) {
            Object[] values = LaunchContexts.values(launch);
            Object[] all = Arrays.copyOf(values, values.length + 2);
            all[values.length] = version;
            all[values.length + 1] = stateId;
            Sql.bind(ps, all);
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * Uses up the sealed state {@code login} (whose launch context would be {@code launchId}) and returns it with its
     * registration as it stands now and the change counter; empty if the state was used already, by a launch or by a
     * refusal, on any node.
     */
    Optional<Consumed> useUp(Connection c, LaunchValidator.LoginState login, String stateId, String launchId)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(USE_UP)) {
            Sql.bind(ps, stateId, login.expiresAt(), launchId);
            if (ps.executeUpdate() != 1) {
                return Optional.empty();
            }
        } catch (SQLException e) {
            if (Database.StoreException.isUniqueViolation(e)) {
                return Optional.empty();
            }
            throw e;
        }
        try (PreparedStatement ps = c.prepareStatement(CURRENT)) {
            Sql.bind(ps, login.registrationId());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long version = rs.getLong(1);
                rs.getLong(2);
                Optional<PlatformRegistration> reg =
                        rs.wasNull() ? Optional.empty() : Optional.of(RegistrationStore.read(rs, 1));
                return Optional.of(new Consumed(
                        new LaunchValidator.LoginState(
                                login.state(),
                                login.nonce(),
                                login.registrationId(),
                                login.targetLinkUri(),
                                login.deploymentId(),
                                login.storageTarget(),
                                login.expiresAt(),
                                reg,
                                version),
                        version));
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

    /** Drops login states past their expiry, and the record of sealed states used up that have expired since. */
    int purgeExpired(Connection c, Instant now) throws SQLException {
        int n;
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM login_state WHERE expires_at < ?")) {
            Sql.bind(ps, now);
            n = ps.executeUpdate();
        }
        // An expired sealed state is refused by its own expiry, so its record is no longer needed.
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM used_login_state WHERE expires_at < ?")) {
            Sql.bind(ps, now);
            return n + ps.executeUpdate();
        }
    }
}
