-- When a courier first came inside the destination's geofence (the `arriving` event): set once,
-- on the shipment for every shipment and on the order for an order's delivery.
ALTER TABLE shipments ADD COLUMN arriving_at timestamptz;
ALTER TABLE orders ADD COLUMN arriving_at timestamptz;
