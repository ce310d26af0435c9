-- Shipments: the tracked, moving thing. An order's shipment shares the order's ULID
-- (ord_X -> shp_X) and is created when the order is confirmed.
CREATE TABLE shipments (
  id           text PRIMARY KEY,
  tenant_id    text NOT NULL REFERENCES tenants (id),
  order_id     text UNIQUE,
  reference    text,
  origin       jsonb,
  destination  jsonb,
  created_at   timestamptz NOT NULL
);
CREATE INDEX shipments_tenant_newest ON shipments (tenant_id, id DESC);

-- Every accepted position fix, once: a fix is its shipment and its device time, so a
-- redelivered or replayed update finds its row already there (ON CONFLICT DO NOTHING).
CREATE TABLE location_history (
  shipment_id  text NOT NULL,
  recorded_at  timestamptz NOT NULL,
  lat          double precision NOT NULL,
  lon          double precision NOT NULL,
  speed        real,
  heading      real,
  accuracy     real,
  courier_id   text,
  received_at  timestamptz NOT NULL,
  PRIMARY KEY (shipment_id, recorded_at)
);

-- Warehouse scans, once each.
CREATE TABLE checkpoints (
  shipment_id  text NOT NULL,
  at           timestamptz NOT NULL,
  type         text NOT NULL,
  facility     text NOT NULL,
  received_at  timestamptz NOT NULL,
  PRIMARY KEY (shipment_id, at, type, facility)
);
