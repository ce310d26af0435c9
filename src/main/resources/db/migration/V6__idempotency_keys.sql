-- The Idempotency-Key of every request that created something, written by the same statement
-- that created it: the key and the thing commit together or not at all, so a key creates at most
-- one thing however the first attempt's answer was lost (timed out, or its node died). A later
-- attempt finds the row and answers with created_id. Rows older than idempotency.ttl are purged.
CREATE TABLE idempotency_keys (
  scope        text        NOT NULL,  -- the tenant, or 'admin' for the admin routes
  key_hash     text        NOT NULL,  -- SHA-256 of the key: the key itself is the client's
  fingerprint  text        NOT NULL,  -- SHA-256 of method, path and body: one key, one request
  created_id   text        NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, key_hash)
);
CREATE INDEX idempotency_keys_age ON idempotency_keys (created_at);
