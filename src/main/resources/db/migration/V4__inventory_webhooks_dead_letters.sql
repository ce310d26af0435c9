-- Stock per tenant and SKU. "available" is what can still be promised; a reservation takes from
-- it and a release gives back. The CHECK makes overselling impossible even for a buggy writer.
CREATE TABLE inventory (
  tenant_id   text NOT NULL REFERENCES tenants (id),
  sku         text NOT NULL,
  available   integer NOT NULL CHECK (available >= 0),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, sku)
);

-- One row per order the inventory saga has seen: RESERVED (stock taken), FAILED (not enough
-- stock; nothing taken) or RELEASED (taken, then given back on cancel or reject). The primary
-- key makes handling an order.placed event twice a no-op.
CREATE TABLE reservations (
  order_id    text PRIMARY KEY,
  tenant_id   text NOT NULL REFERENCES tenants (id),
  items       jsonb NOT NULL,
  status      text NOT NULL,
  reason      text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Events a consumer has acted on, for consumers whose effect cannot be made idempotent by a
-- version or a state (a notification sent is sent). Rows older than a week are purged.
CREATE TABLE processed_events (
  consumer      text NOT NULL,
  event_id      text NOT NULL,
  processed_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, event_id)
);
CREATE INDEX processed_events_age ON processed_events (processed_at);

-- Webhook subscriptions. The secret signs deliveries (Standard Webhooks), so it is kept as it
-- was issued; it is shown once, when the webhook is created.
CREATE TABLE webhooks (
  id          text PRIMARY KEY,
  tenant_id   text NOT NULL REFERENCES tenants (id),
  url         text NOT NULL,
  events      text[] NOT NULL,
  secret      text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  deleted_at  timestamptz
);
CREATE INDEX webhooks_tenant ON webhooks (tenant_id) WHERE deleted_at IS NULL;

-- One row per event per webhook: PENDING until delivered (DELIVERED) or out of attempts (DEAD).
-- A PENDING row is claimed by pushing next_attempt_at forward, so several nodes never send it
-- at the same time.
CREATE TABLE webhook_deliveries (
  id               bigserial PRIMARY KEY,
  webhook_id       text NOT NULL REFERENCES webhooks (id),
  tenant_id        text NOT NULL,
  event_id         text NOT NULL,
  event_type       text NOT NULL,
  payload          text NOT NULL,
  status           text NOT NULL DEFAULT 'PENDING',
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  last_error       text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  finished_at      timestamptz,
  UNIQUE (webhook_id, event_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'PENDING';

-- Records a consumer could not process, as found on the .dlq topics: the original record and
-- the error. Replaying one re-drives it; replayed_at says when.
CREATE TABLE dead_letters (
  id               bigserial PRIMARY KEY,
  consumer         text NOT NULL,
  source_topic     text NOT NULL,
  source_partition integer NOT NULL,
  source_offset    bigint NOT NULL,
  record_key       text,
  record_value     text,
  error            text NOT NULL,
  tenant_id        text,
  reference        text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  replayed_at      timestamptz,
  UNIQUE (consumer, source_topic, source_partition, source_offset)
);
