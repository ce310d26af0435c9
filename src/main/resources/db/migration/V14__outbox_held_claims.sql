-- The relay holds the rows it publishes under row locks for its round's transaction instead of
-- leasing them (OutboxRelayVerticle): it takes the oldest unsent rows in id order and writes
-- each row once, when sent. next_attempt_at now changes only when a row backs off, so the index
-- the claim walks is on id alone, and a claim reads about as many entries as it takes rows.
CREATE INDEX outbox_unsent ON outbox (id) WHERE sent_at IS NULL;
DROP INDEX outbox_due;
-- Every sent row leaves a dead entry in the unsent indexes until vacuum removes it; vacuum the
-- outbox after a few thousand changes rather than a fifth of a table that keeps a day of rows.
ALTER TABLE outbox SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000,
  autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 5000);
