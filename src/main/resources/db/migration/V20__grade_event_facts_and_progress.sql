-- Each table has one owning package (docs/ARCHITECTURE.md): the lesson publishes "attempt started / answered /
-- submitted" and grading records each as a grade_event row that carries everything the outbox needs, so grading no
-- longer reads exercise_attempt or launch_context. A grade_event is now one of three progress reports of an attempt
-- (AGS 2.0 Score service, https://www.imsglobal.org/spec/lti-ags/v2p0#score-publish-service): STARTED and
-- IN_PROGRESS (activityProgress Started / InProgress, gradingProgress NotReady, no scoreGiven) or COMPLETED (the
-- submitted score, Completed / FullyGraded). Rows before this migration are COMPLETED.
--
-- Attempts are numbered per deployment: a resource link id is unique only within its deployment (LTI Core 1.3
-- §5.3.5), so one learner launching the same link id from two deployments of a registration has two sequences.

ALTER TABLE grade_event ADD COLUMN progress VARCHAR(20) DEFAULT 'COMPLETED' NOT NULL;
ALTER TABLE grade_event ADD COLUMN attempt_number INT;
ALTER TABLE grade_event ADD COLUMN submitted_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE grade_event ADD COLUMN deployment_row_id BIGINT;
ALTER TABLE grade_event ADD COLUMN context_id VARCHAR(255);
ALTER TABLE grade_event ADD COLUMN link_title VARCHAR(1000);
ALTER TABLE grade_event ADD COLUMN ags_lineitems VARCHAR(2000);
ALTER TABLE grade_event ADD COLUMN ags_lineitem VARCHAR(2000);
ALTER TABLE grade_event ADD COLUMN ags_scopes VARCHAR(2000);

UPDATE grade_event SET
    attempt_number = (SELECT a.attempt_number FROM exercise_attempt a WHERE a.id = grade_event.attempt_id),
    submitted_at = (SELECT a.submitted_at FROM exercise_attempt a WHERE a.id = grade_event.attempt_id),
    deployment_row_id = (SELECT lc.deployment_row_id FROM launch_context lc WHERE lc.id = grade_event.launch_id),
    context_id = (SELECT lc.context_id FROM launch_context lc WHERE lc.id = grade_event.launch_id),
    link_title = (SELECT lc.resource_link_title FROM launch_context lc WHERE lc.id = grade_event.launch_id),
    ags_lineitems = (SELECT lc.ags_lineitems FROM launch_context lc WHERE lc.id = grade_event.launch_id),
    ags_lineitem = (SELECT lc.ags_lineitem FROM launch_context lc WHERE lc.id = grade_event.launch_id),
    ags_scopes = (SELECT lc.ags_scopes FROM launch_context lc WHERE lc.id = grade_event.launch_id);

ALTER TABLE grade_event DROP CONSTRAINT uq_grade_event_attempt;
ALTER TABLE grade_event ADD CONSTRAINT uq_grade_event_progress UNIQUE (attempt_id, progress);

-- The outbox row says which report it carries; a progress row never counts as a grade (policy, status pages).
ALTER TABLE grade_outbox ADD COLUMN progress VARCHAR(20) DEFAULT 'COMPLETED' NOT NULL;
CREATE INDEX ix_outbox_learner_deployment ON grade_outbox (registration_id, deployment_row_id, subject,
    resource_link_id);

ALTER TABLE exercise_attempt DROP CONSTRAINT uq_attempt_number;
ALTER TABLE exercise_attempt ADD CONSTRAINT uq_attempt_number_deployment UNIQUE (registration_id, deployment_row_id,
    learner_key, resource_link_id, lesson_id, attempt_number);
