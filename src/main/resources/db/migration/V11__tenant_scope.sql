-- Every instructor view is scoped to the launch's registration, deployment and context (issue 9, "Authorization by
-- tenant"). Context and resource link ids are unique only within a deployment (LTI Core 1.3 §5.4.1 and §5.3.5), so
-- attempts and grade deliveries remember the deployment and course they were made in. Rows made before this
-- migration take them from their launch; where that launch is gone they stay NULL and only the admin console
-- (/admin/deliveries) shows them.

ALTER TABLE exercise_attempt ADD COLUMN deployment_row_id BIGINT;
ALTER TABLE exercise_attempt ADD COLUMN context_id VARCHAR(255);
ALTER TABLE grade_outbox ADD COLUMN deployment_row_id BIGINT;
ALTER TABLE grade_outbox ADD COLUMN context_id VARCHAR(255);

UPDATE exercise_attempt SET
    deployment_row_id = (SELECT lc.deployment_row_id FROM launch_context lc WHERE lc.id = exercise_attempt.launch_id),
    context_id = (SELECT lc.context_id FROM launch_context lc WHERE lc.id = exercise_attempt.launch_id);
UPDATE grade_outbox SET
    deployment_row_id = (SELECT lc.deployment_row_id FROM launch_context lc WHERE lc.id = grade_outbox.launch_id),
    context_id = (SELECT lc.context_id FROM launch_context lc WHERE lc.id = grade_outbox.launch_id);

CREATE INDEX ix_attempt_scope ON exercise_attempt (registration_id, deployment_row_id, context_id, resource_link_id);
CREATE INDEX ix_outbox_scope ON grade_outbox (registration_id, deployment_row_id, context_id, resource_link_id, status);
CREATE INDEX ix_launch_scope ON launch_context (registration_id, deployment_row_id, context_id, resource_link_id);
