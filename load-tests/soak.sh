#!/usr/bin/env bash
# The history soak: steady single-update ingest for MINUTES (30) against the production topology
# (a standalone KRaft broker in its own JVM, this machine's PostgreSQL with fsync on, in a
# database of its own, and its Redis), with a history retention of RETENTION (5m) in partitions
# of PARTITION (1m) and the maintenance every 30 s. Every minute it prints a row of
# location_history's size, rows and partitions, the inserts stored, the ingest-to-cache p99,
# the consumer lag and the longest lock wait seen; the size must level off once partitions go.
#   bash load-tests/soak.sh            # RATE=800 MINUTES=30 RETENTION=5m PARTITION=1m
# Needs: the jar (./mvnw package -DskipTests), java, psql and curl; PostgreSQL on 127.0.0.1:5432
# (trust auth) and Redis on 127.0.0.1:6379 (db 6 is flushed). Stops what it starts.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

rate="${RATE:-800}"
minutes="${MINUTES:-30}"
retention="${RETENTION:-5m}"
partition="${PARTITION:-1m}"
port="${SOAK_PORT:-18090}"
kafka_port="${SOAK_KAFKA_PORT:-19092}"
db="meridian_soak"
work="$(mktemp -d)"
node_pid=""

stop_all() {
  [ -n "${sampler_pid:-}" ] && kill "$sampler_pid" 2>/dev/null || true
  if [ -n "$node_pid" ] && kill -0 "$node_pid" 2>/dev/null; then
    kill -TERM "$node_pid"; for _ in $(seq 1 60); do kill -0 "$node_pid" 2>/dev/null || break; sleep 0.5; done
  fi
  [ -f "$work/kafka/pid" ] && kill "$(cat "$work/kafka/pid")" 2>/dev/null || true
  echo "soak: logs kept in $work"
}
trap stop_all EXIT

[ -f target/meridian.jar ] || ./mvnw -q package -DskipTests
./mvnw -q dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" >/dev/null
PORT="$kafka_port" CLASSPATH_FILE="$work/cp.txt" DIR="$work/kafka" bash ../shared/bench/kafka-up.sh

psql -h 127.0.0.1 -U postgres -qAtc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
echo "soak: PostgreSQL fsync=$(psql -h 127.0.0.1 -U postgres -Atc 'SHOW fsync'), synchronous_commit=$(psql -h 127.0.0.1 -U postgres -Atc 'SHOW synchronous_commit')"
redis-cli -n 6 FLUSHDB >/dev/null

MERIDIAN_HTTP_PORT="$port" MERIDIAN_CLUSTER_ENABLED=false MERIDIAN_SEED_DEMO_TENANTS=true \
  MERIDIAN_WEBHOOKS_SECRET_KEYS="soak:$(head -c 32 /dev/urandom | base64)" \
  MERIDIAN_AUTH_ADMIN_KEY=soak-admin MERIDIAN_KAFKA_BOOTSTRAP="127.0.0.1:$kafka_port" \
  MERIDIAN_PG_URL="postgresql://postgres@127.0.0.1:5432/$db" MERIDIAN_REDIS_URL="redis://127.0.0.1:6379/6" \
  MERIDIAN_HISTORY_RETENTION="$retention" MERIDIAN_HISTORY_PARTITION_SIZE="$partition" \
  MERIDIAN_HISTORY_PARTITIONS_AHEAD=3 MERIDIAN_MAINTENANCE_INTERVAL=30s \
  java -Xmx2g -jar target/meridian.jar >"$work/node.log" 2>&1 &
node_pid=$!
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break; sleep 1; done
curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null || { tail -30 "$work/node.log"; exit 1; }
echo "soak: node ready on $port (pid $node_pid); $rate updates/s for $minutes min, retention $retention, partitions of $partition"

# Some orders with idempotency keys, so the Redis figures at the end cover every kind of entry.
for i in $(seq 1 200); do
  curl -fs -o /dev/null -H "Authorization: Bearer demo-key" -H "Idempotency-Key: soak-$i" -H "Content-Type: application/json" \
    -d '{"customer": {"name": "Ada"}, "items": [{"sku": "BOOK-1", "quantity": 1}], "destination": {"lat": 52.52, "lon": 13.405}}' \
    "http://127.0.0.1:$port/v1/orders" || true
done
python3 load-tests/soak-sample.py "http://127.0.0.1:$port" "$db" "$minutes" | tee "$work/table.md" &
sampler_pid=$!
./mvnw -q -f load-tests/pom.xml gatling:test -Dgatling.simulationClass=meridian.load.IngestSimulation \
  -DbaseUrl="http://127.0.0.1:$port" -DapiKey=demo-key -Drate="$rate" -Dduration="$((minutes * 60))" -Dramp=10 \
  -Dshipments=1000 -DmaxP99Ms=60000 -DmaxFailedPercent=100 >"$work/gatling.log" 2>&1 || true
wait "$sampler_pid" || true
grep -E "Global|percentile|mean|count|OK=|KO=" "$work/gatling.log" | head -20 || true
echo "soak: maintenance runs: $(grep -c 'maintenance ran in' "$work/node.log"), slowest: $(grep -o 'maintenance ran in [0-9]* ms' "$work/node.log" | awk '{print $4}' | sort -n | tail -1) ms"
echo "soak: Redis memory per kind of entry (db 6):"
python3 load-tests/redis-footprint.py 6
