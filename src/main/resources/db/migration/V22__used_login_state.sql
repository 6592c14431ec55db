-- Sealed login states (docs/adr/0006-sealed-states.md): a login writes no row; the state carries what the login
-- established, MAC-ed with the shared secret "login-state". A launch that is stored is used up by its launch context,
-- whose id is derived from the state. What is left to record is a sealed state used up without a launch context
-- (a refused launch, or one stored in a transaction): one row each, kept until the state's own expiry.
-- No index on expires_at: the table holds only states still within their lifetime, and the purge scans it once a
-- minute instead of every refused launch maintaining a second index.

CREATE TABLE used_login_state (
    state_id            VARCHAR(32)   PRIMARY KEY,
    expires_at          TIMESTAMP WITH TIME ZONE NOT NULL
);
