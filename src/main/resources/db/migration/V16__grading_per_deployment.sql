-- A resource link id is unique only within its deployment (LTI Core 1.3 §5.3.5), so an activity's grading settings
-- (grade policy, attempts allowed) and its gradebook column are kept per deployment: two deployments of one
-- registration that reuse a link id no longer share them. The tables are rebuilt with deployment_row_id in the key
-- (portable to H2 and PostgreSQL, whose primary key constraints are named differently).
--
-- Existing rows: a grading setting is copied to every deployment of its registration that launched the link (seen
-- in launch_context or exercise_attempt), so each keeps the rules it had; a setting no such launch shows is dropped
-- (the defaults apply). A line item binding is kept only where exactly one deployment launched the link; otherwise
-- (and for unfinished creation claims) it is dropped, and the next score looks its column up again in its own
-- launch's line item container (Assignment and Grade Services §3.2), where it finds or creates its own.

CREATE TABLE grading_setting_v16 (
    registration_id   BIGINT        NOT NULL,
    deployment_row_id BIGINT        NOT NULL,
    resource_link_id  VARCHAR(255)  NOT NULL,
    policy            VARCHAR(10)   NOT NULL,
    attempt_limit     INT,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (registration_id, deployment_row_id, resource_link_id)
);

CREATE TABLE ags_line_item_v16 (
    registration_id   BIGINT        NOT NULL,
    deployment_row_id BIGINT        NOT NULL,
    resource_link_id  VARCHAR(255)  NOT NULL,
    url               VARCHAR(2000),
    claimed_by        VARCHAR(200),
    claim_until       TIMESTAMP WITH TIME ZONE,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (registration_id, deployment_row_id, resource_link_id)
);

INSERT INTO grading_setting_v16 (registration_id, deployment_row_id, resource_link_id, policy, attempt_limit, updated_at)
SELECT g.registration_id, d.deployment_row_id, g.resource_link_id, g.policy, g.attempt_limit, g.updated_at
FROM grading_setting g JOIN (
    SELECT registration_id, deployment_row_id, resource_link_id FROM launch_context
        WHERE resource_link_id IS NOT NULL
    UNION
    SELECT registration_id, deployment_row_id, resource_link_id FROM exercise_attempt
        WHERE deployment_row_id IS NOT NULL
) d ON d.registration_id = g.registration_id AND d.resource_link_id = g.resource_link_id;

INSERT INTO ags_line_item_v16 (registration_id, deployment_row_id, resource_link_id, url, claimed_by, claim_until,
    updated_at)
SELECT l.registration_id, d.deployment_row_id, l.resource_link_id, l.url, NULL, NULL, l.updated_at
FROM ags_line_item l JOIN (
    SELECT registration_id, resource_link_id, MIN(deployment_row_id) AS deployment_row_id FROM (
        SELECT registration_id, deployment_row_id, resource_link_id FROM launch_context
            WHERE resource_link_id IS NOT NULL
        UNION
        SELECT registration_id, deployment_row_id, resource_link_id FROM exercise_attempt
            WHERE deployment_row_id IS NOT NULL
    ) seen GROUP BY registration_id, resource_link_id HAVING COUNT(*) = 1
) d ON d.registration_id = l.registration_id AND d.resource_link_id = l.resource_link_id
WHERE l.url IS NOT NULL;

DROP TABLE grading_setting;
DROP TABLE ags_line_item;
ALTER TABLE grading_setting_v16 RENAME TO grading_setting;
ALTER TABLE ags_line_item_v16 RENAME TO ags_line_item;
