-- Tenants (merchants) and their API keys. Keys are stored as SHA-256 hashes; the prefix is
-- kept in clear so a key can be listed and revoked without ever being shown again.
CREATE TABLE tenants (
  id          text PRIMARY KEY,
  name        text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_keys (
  key_hash    text PRIMARY KEY,
  prefix      text NOT NULL,
  tenant_id   text NOT NULL REFERENCES tenants (id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  revoked_at  timestamptz
);
CREATE INDEX api_keys_tenant ON api_keys (tenant_id);

-- Orders. Ids are time-ordered (ord_ + ULID), so "newest first" is "id descending".
CREATE TABLE orders (
  id           text PRIMARY KEY,
  tenant_id    text NOT NULL REFERENCES tenants (id),
  customer     jsonb NOT NULL,
  items        jsonb NOT NULL,
  destination  jsonb NOT NULL,
  status       text NOT NULL,
  version      integer NOT NULL,
  shipment_id  text,
  created_at   timestamptz NOT NULL,
  updated_at   timestamptz NOT NULL
);
CREATE INDEX orders_tenant_newest ON orders (tenant_id, id DESC);
CREATE INDEX orders_tenant_status_newest ON orders (tenant_id, status, id DESC);

-- One row per status an order has had; version 1 is PLACED.
CREATE TABLE order_history (
  order_id  text NOT NULL REFERENCES orders (id),
  version   integer NOT NULL,
  status    text NOT NULL,
  cause     text NOT NULL,
  at        timestamptz NOT NULL,
  PRIMARY KEY (order_id, version)
);

-- Transactional outbox: written in the same transaction as the state change it announces,
-- published to Kafka by the relay, then marked sent and purged after the retention.
CREATE TABLE outbox (
  id            bigserial PRIMARY KEY,
  event_id      text NOT NULL UNIQUE,
  topic         text NOT NULL,
  record_key    text NOT NULL,
  payload       jsonb NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  sent_at       timestamptz
);
CREATE INDEX outbox_unsent ON outbox (id) WHERE sent_at IS NULL;
