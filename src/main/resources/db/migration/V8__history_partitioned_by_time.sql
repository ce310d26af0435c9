-- location_history and checkpoints become partitioned by range on their device time, so that
-- retention drops whole partitions instead of deleting rows (see platform/db/TimePartitions;
-- the shipments feature's upkeep makes the partitions ahead and drops the expired ones).
--
-- In place and without copying: a table that holds rows becomes the partition "<table>_legacy",
-- bounded from its oldest row to the start of tomorrow (UTC), and is dropped whole once all of it
-- is past the retention; an empty one is simply replaced. "<table>_default" catches any row whose
-- partition does not exist (yet), so an insert never fails for want of one.
CREATE FUNCTION pg_temp.partition_by_time(tbl text, col text, pkey text) RETURNS void AS $$
DECLARE
  cutoff timestamptz := (date_trunc('day', now() AT TIME ZONE 'UTC') + interval '1 day') AT TIME ZONE 'UTC';
  oldest timestamptz;
BEGIN
  EXECUTE format('ALTER TABLE %I RENAME TO %I', tbl, tbl || '_legacy');
  EXECUTE format('ALTER TABLE %I RENAME CONSTRAINT %I TO %I', tbl || '_legacy', tbl || '_pkey', tbl || '_legacy_pkey');
  EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS) PARTITION BY RANGE (%I)', tbl, tbl || '_legacy', col);
  EXECUTE format('ALTER TABLE %I ADD PRIMARY KEY (%s)', tbl, pkey);
  EXECUTE format('CREATE TABLE %I PARTITION OF %I DEFAULT', tbl || '_default', tbl);
  -- Rows dated after the cutoff (a clock ahead) go to the default partition.
  EXECUTE format('WITH moved AS (DELETE FROM %I WHERE %I >= %L RETURNING *) INSERT INTO %I SELECT * FROM moved',
                 tbl || '_legacy', col, cutoff, tbl || '_default');
  EXECUTE format('SELECT min(%I) FROM %I', col, tbl || '_legacy') INTO oldest;
  IF oldest IS NULL THEN
    EXECUTE format('DROP TABLE %I', tbl || '_legacy');
    RETURN;
  END IF;
  EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I CHECK (%I >= %L AND %I < %L)',
                 tbl || '_legacy', tbl || '_legacy_range', col, oldest, col, cutoff);
  EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)',
                 tbl, tbl || '_legacy', oldest, cutoff);
END;
$$ LANGUAGE plpgsql;

SELECT pg_temp.partition_by_time('location_history', 'recorded_at', 'shipment_id, recorded_at');
SELECT pg_temp.partition_by_time('checkpoints', 'at', 'shipment_id, at, type, facility');
DROP FUNCTION pg_temp.partition_by_time(text, text, text);
