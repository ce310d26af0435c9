-- The maintenance purges old rows in small batches; each batch finds its rows by these indexes
-- instead of scanning the table.
CREATE INDEX webhook_deliveries_finished ON webhook_deliveries (finished_at) WHERE finished_at IS NOT NULL;
CREATE INDEX dead_letters_created ON dead_letters (created_at);
-- The ended statuses in OrderStatus order, as OrderHistoryUpkeep writes them (so the planner sees the same list).
CREATE INDEX orders_ended ON orders (updated_at) WHERE status IN ('REJECTED', 'CANCELLED', 'DELIVERED', 'RETURNED');
