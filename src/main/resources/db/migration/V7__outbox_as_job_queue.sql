-- The outbox becomes a job queue like webhook_deliveries (see platform/jobs/JobQueue): relays
-- claim due rows with a lease instead of taking one cluster-wide lock, so several relays publish
-- at once. A row is claimed only while no earlier unsent row has its key, which keeps each
-- entity's events in order across relays. A row that failed to publish backs off.
ALTER TABLE outbox
  ADD COLUMN attempts        integer NOT NULL DEFAULT 0,
  ADD COLUMN next_attempt_at timestamptz NOT NULL DEFAULT now(),
  ADD COLUMN last_error      text;
CREATE INDEX outbox_due ON outbox (next_attempt_at, id) WHERE sent_at IS NULL;
CREATE INDEX outbox_unsent_by_key ON outbox (record_key, id) WHERE sent_at IS NULL;
DROP INDEX outbox_unsent;
