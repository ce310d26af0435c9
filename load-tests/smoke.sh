#!/usr/bin/env bash
# The load-test smoke run: starts a developer node (embedded Kafka, Redis and PostgreSQL, the
# simulators off) on its own port and data directory, runs every Gatling simulation for a few
# seconds at low rates (-Dprofile=smoke: no failed request allowed, latency limits loose), stops
# the node, and fails when any simulation's assertions failed. CI runs it after ./mvnw verify.
#   bash load-tests/smoke.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

port="${SMOKE_PORT:-18080}"
data="$(mktemp -d)"
log="$data/node.log"
node_pid=""

stop_node() {
  if [ -n "$node_pid" ] && kill -0 "$node_pid" 2>/dev/null; then
    kill -TERM -- "-$node_pid" 2>/dev/null || kill -TERM "$node_pid"
    for _ in $(seq 1 60); do kill -0 "$node_pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL -- "-$node_pid" 2>/dev/null || true
  fi
  rm -rf "$data"
}
trap stop_node EXIT

# Its own process group, so stopping it stops Maven's JVM and everything it started.
MERIDIAN_HTTP_PORT="$port" MERIDIAN_DEV_DATA="$data/infra" MERIDIAN_CLUSTER_PORT=15701 \
  MERIDIAN_VERTICLES_ORDER_SIMULATOR_INSTANCES=0 MERIDIAN_VERTICLES_COURIERS_INSTANCES=0 setsid ./mvnw -q exec:java >"$log" 2>&1 &
node_pid=$!

for _ in $(seq 1 180); do
  if curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null; then break; fi
  if ! kill -0 "$node_pid" 2>/dev/null; then echo "the node did not start:"; tail -50 "$log"; exit 1; fi
  sleep 1
done
curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null || { echo "the node was not ready in 180 s"; tail -50 "$log"; exit 1; }
echo "smoke: node ready on port $port"

status=0
for simulation in IngestSimulation ReadSimulation OrdersSimulation OrderLifecycleSimulation StreamsSimulation \
    DayInTheLifeSimulation RandomKeysSimulation; do
  if ./mvnw -B -q -f load-tests/pom.xml gatling:test -Dgatling.simulationClass="meridian.load.$simulation" \
      -Dprofile=smoke -DbaseUrl="http://127.0.0.1:$port" >"$data/$simulation.log" 2>&1; then
    echo "smoke: $simulation passed"
  else
    echo "smoke: $simulation FAILED"
    grep -E "Global:|KO|ERROR|Exception" "$data/$simulation.log" | head -20 || true
    status=1
  fi
done
exit "$status"
