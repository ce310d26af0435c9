-- A tenant's own, shorter history retention in seconds; NULL means the node's history.retention.
-- Reads never show the tenant fixes or scans older than it; the rows go with their partition.
ALTER TABLE tenants ADD COLUMN history_retention_seconds bigint CHECK (history_retention_seconds > 0);
