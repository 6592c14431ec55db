-- Housekeeping (App): old launch contexts and used nonces are purged on a schedule; these indexes keep the
-- purge from scanning whole tables. Deployments seen in a refused launch are stored with status REFUSED (the
-- status column already holds any of ACTIVE, DISABLED, REFUSED).
CREATE INDEX ix_launch_context_created ON launch_context (created_at);
CREATE INDEX ix_used_nonce_used_at ON used_nonce (used_at);
CREATE INDEX ix_grade_event_launch ON grade_event (launch_id);
