-- GPS devices and phone apps that send positions over the OsmAnd protocol. The identifier is
-- what a device sends (Traccar's "unique id"): unique across tenants, since the protocol carries
-- nothing else to tell two devices apart. shipment_id is where its fixes go (null: refused).
CREATE TABLE devices (
  id          text PRIMARY KEY,
  tenant_id   text NOT NULL,
  identifier  text NOT NULL UNIQUE,
  name        text NOT NULL,
  shipment_id text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  assigned_at timestamptz
);
CREATE INDEX devices_by_tenant ON devices (tenant_id);
