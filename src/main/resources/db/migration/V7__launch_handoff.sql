-- Cookie-less launches (LTI platform storage, lti-pm-s 0.1; docs/lti.md §9): when the browser did not bring back
-- the state cookie but the login named a platform storage target, the launch page first proves, through the
-- platform's storage, that this browser started the login, then trades this one-time code for the launch token.
CREATE TABLE launch_handoff (
    code         VARCHAR(64)  PRIMARY KEY,
    launch_id    VARCHAR(64)  NOT NULL REFERENCES launch_context (id),
    state_hash   VARCHAR(64)  NOT NULL,
    expires_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_launch_handoff_expires ON launch_handoff (expires_at);
