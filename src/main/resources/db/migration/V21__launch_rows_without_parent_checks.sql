-- The two tables every launch writes (issue 14) lose their foreign keys to platform_registration and deployment, and
-- launch_context loses ix_launch_link. Why this is safe, and what it saves, is docs/adr/0004-launch-rows-unchecked.md:
-- a login_state or launch_context row is written only after the code has found its registration (and deployment)
-- usable in the same request, and a registration or deployment that ever launched is never deleted (only a pending
-- registration is, with its login states: lti/RegistrationStore#deleteIfPending). On PostgreSQL each of those checks
-- locked the parent row (FOR KEY SHARE) on every insert, so concurrent launches of one institution contended on its
-- registration's and deployment's rows. Every query of launch_context names the registration with the user
-- (ix_launch_user) or with the deployment and course (ix_launch_scope), so ix_launch_link was only written, never read.
--
-- Portable to H2 and PostgreSQL: the constraints were created without names, so each table is rebuilt (as V20 did);
-- launch_handoff's foreign key to launch_context is dropped with the old table and added again, named.

CREATE TABLE login_state_v21 (
    state               VARCHAR(100)  PRIMARY KEY,
    nonce               VARCHAR(100)  NOT NULL,
    registration_id     BIGINT        NOT NULL,
    target_link_uri     VARCHAR(2000) NOT NULL,
    deployment_id       VARCHAR(255),
    storage_target      VARCHAR(200),
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at          TIMESTAMP WITH TIME ZONE NOT NULL
);
INSERT INTO login_state_v21 (state, nonce, registration_id, target_link_uri, deployment_id, storage_target,
        created_at, expires_at)
    SELECT state, nonce, registration_id, target_link_uri, deployment_id, storage_target, created_at, expires_at
    FROM login_state;
DROP TABLE login_state;
ALTER TABLE login_state_v21 RENAME TO login_state;
CREATE INDEX ix_login_state_expires ON login_state (expires_at);

CREATE TABLE launch_context_v21 (
    id                   VARCHAR(64)   PRIMARY KEY,
    registration_id      BIGINT        NOT NULL,
    deployment_row_id    BIGINT        NOT NULL,
    message_type         VARCHAR(64)   NOT NULL,
    subject              VARCHAR(255),
    name                 VARCHAR(500),
    given_name           VARCHAR(255),
    family_name          VARCHAR(255),
    email                VARCHAR(500),
    roles                VARCHAR(4000) NOT NULL,
    context_id           VARCHAR(255),
    context_title        VARCHAR(1000),
    context_label        VARCHAR(255),
    resource_link_id     VARCHAR(255),
    resource_link_title  VARCHAR(1000),
    target_link_uri      VARCHAR(2000),
    locale               VARCHAR(35),
    document_target      VARCHAR(20),
    return_url           VARCHAR(2000),
    ags_lineitems        VARCHAR(2000),
    ags_lineitem         VARCHAR(2000),
    ags_scopes           VARCHAR(2000),
    nrps_url             VARCHAR(2000),
    custom_json          VARCHAR(20000),
    deep_linking_json    VARCHAR(20000),
    platform_json        VARCHAR(2000),
    created_at           TIMESTAMP WITH TIME ZONE NOT NULL
);
INSERT INTO launch_context_v21 (id, registration_id, deployment_row_id, message_type, subject, name, given_name,
        family_name, email, roles, context_id, context_title, context_label, resource_link_id, resource_link_title,
        target_link_uri, locale, document_target, return_url, ags_lineitems, ags_lineitem, ags_scopes, nrps_url,
        custom_json, deep_linking_json, platform_json, created_at)
    SELECT id, registration_id, deployment_row_id, message_type, subject, name, given_name, family_name, email, roles,
        context_id, context_title, context_label, resource_link_id, resource_link_title, target_link_uri, locale,
        document_target, return_url, ags_lineitems, ags_lineitem, ags_scopes, nrps_url, custom_json,
        deep_linking_json, platform_json, created_at
    FROM launch_context;
DROP TABLE launch_context CASCADE;
ALTER TABLE launch_context_v21 RENAME TO launch_context;
CREATE INDEX ix_launch_user ON launch_context (registration_id, subject);
CREATE INDEX ix_launch_scope ON launch_context (registration_id, deployment_row_id, context_id, resource_link_id);
CREATE INDEX ix_launch_context_created ON launch_context (created_at);
ALTER TABLE launch_handoff ADD CONSTRAINT fk_launch_handoff_launch FOREIGN KEY (launch_id) REFERENCES launch_context (id);
