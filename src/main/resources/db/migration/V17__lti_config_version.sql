-- Registrations and deployments are cached in memory on every node (issue 14). This one row counts the changes to
-- them: every change bumps it in its own transaction. A launch reads it in the statement that consumes its state,
-- and a login stores its state only while it still has the value the login's cached registration was read at, so
-- no node acts on a registration or deployment older than the latest change made on any node (lti/Registrations).
CREATE TABLE lti_config_version (
    id       INT     PRIMARY KEY,
    version  BIGINT  NOT NULL
);
INSERT INTO lti_config_version (id, version) VALUES (1, 0);
