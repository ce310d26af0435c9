-- A customer's tracking link: scoped to one shipment (and the order it delivers, if any), signed
-- with a key of its own (LinkToken), valid until expires_at unless revoked. Expired links are
-- purged by the maintenance (TrackingLinkUpkeep), so the table stays bounded.
CREATE TABLE tracking_links (
  id          text PRIMARY KEY,
  tenant_id   text NOT NULL,
  shipment_id text NOT NULL,
  order_id    text,
  signing_key bytea NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  revoked_at  timestamptz
);
CREATE INDEX tracking_links_expiry ON tracking_links (expires_at);

-- How a tenant shows itself on its customers' tracking pages; null falls back to its name and
-- Meridian's colour.
ALTER TABLE tenants ADD COLUMN display_name text, ADD COLUMN brand_colour text;
