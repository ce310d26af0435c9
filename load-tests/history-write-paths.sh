#!/usr/bin/env bash
# Which way of writing history is fastest, durably: BATCHES batches of SIZE fixes (200 × 500),
# one transaction each, into a copy of location_history's shape on this machine's PostgreSQL
# (fsync on, synchronous_commit on), by
#   1. INSERT ... SELECT FROM unnest(arrays) ON CONFLICT DO NOTHING  (what the tracking consumer runs)
#   2. COPY straight into the table          (fastest, but a redelivered fix fails the whole batch)
#   3. COPY into a temporary table, then INSERT ... SELECT ... ON CONFLICT DO NOTHING (COPY made idempotent)
# Prints the seconds and rows per second of each.   bash load-tests/history-write-paths.sh
set -euo pipefail
batches="${BATCHES:-200}"
size="${SIZE:-500}"
db="meridian_write_paths"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
psql_() { psql -h 127.0.0.1 -U postgres -qAt "$@"; }

psql_ -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
schema="CREATE TABLE history (shipment_id text NOT NULL, recorded_at timestamptz NOT NULL, lat float8 NOT NULL,
  lon float8 NOT NULL, speed real, heading real, accuracy real, courier_id text, received_at timestamptz NOT NULL,
  PRIMARY KEY (shipment_id, recorded_at));"

# The same rows for every path: batch b, fix i of shipment shp_(i % 1000), one microsecond apart.
python3 - "$work" "$batches" "$size" <<'PY'
import sys
from datetime import datetime, timezone
work, batches, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
base = 1796000000_000000
with open(f"{work}/unnest.sql", "w") as sql, open(f"{work}/copy.sql", "w") as copy, open(f"{work}/staged.sql", "w") as staged:
    for b in range(batches):
        ids, times, lats, lons, rows = [], [], [], [], []
        for i in range(size):
            n = b * size + i
            ids.append(f"shp_{n % 1000:04d}")
            times.append(datetime.fromtimestamp((base + n) / 1e6, timezone.utc).isoformat())
            lats.append(f"{52.4 + (n % 97) / 1000:.6f}")
            lons.append(f"{13.3 + (n % 89) / 1000:.6f}")
            rows.append("\t".join([ids[-1], times[-1], lats[-1], lons[-1], "5", "90", "8", "\\N"]))
        with open(f"{work}/batch{b}.tsv", "w") as f:
            f.write("\n".join(rows) + "\n")
        arrays = ", ".join("'{" + ",".join(xs) + "}'::" + t for xs, t in
                           ((ids, "text[]"), (times, "timestamptz[]"), (lats, "float8[]"), (lons, "float8[]")))
        sql.write(f"INSERT INTO history SELECT s, t, la, lo, 5, 90, 8, NULL, now() FROM unnest({arrays}) "
                  "AS u(s, t, la, lo) ON CONFLICT DO NOTHING;\n")
        load = ("\\copy {table} (shipment_id, recorded_at, lat, lon, speed, heading, accuracy, courier_id) "
                f"FROM '{work}/batch{b}.tsv'\n")
        copy.write(load.format(table="history"))
        staged.write("BEGIN;\nCREATE TEMP TABLE staged (LIKE history INCLUDING DEFAULTS) ON COMMIT DROP;\n"
                     + load.format(table="staged")
                     + "INSERT INTO history SELECT * FROM staged ON CONFLICT DO NOTHING;\nCOMMIT;\n")
PY

run() {
  psql_ -d "$db" -c "DROP TABLE IF EXISTS history" -c "$schema" \
    -c "ALTER TABLE history ALTER COLUMN received_at SET DEFAULT now()"
  local start end
  start=$(date +%s.%N)
  psql_ -d "$db" -f "$work/$2" >/dev/null
  end=$(date +%s.%N)
  local rows
  rows=$(psql_ -d "$db" -c "SELECT count(*) FROM history")
  awk -v n="$1" -v s="$start" -v e="$end" -v r="$rows" 'BEGIN { printf "| %s | %d | %.2f s | %.0f rows/s |\n", n, r, e - s, r / (e - s) }'
}
echo "| path | rows | time | rate |"
echo "| --- | --- | --- | --- |"
run "INSERT ... unnest ... ON CONFLICT DO NOTHING (what runs)" unnest.sql
run "COPY into the table (not idempotent)" copy.sql
run "COPY into a temporary table, then INSERT ... ON CONFLICT" staged.sql
psql_ -c "DROP DATABASE $db"
