-- A tenant's own request rate for each of its API keys (a token bucket: refill per second and
-- capacity); NULL means the node's configured default (ratelimit.per-second, ratelimit.burst).
ALTER TABLE tenants ADD COLUMN rate_per_second integer, ADD COLUMN rate_burst integer;
