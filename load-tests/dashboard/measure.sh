#!/usr/bin/env bash
# Is the dashboard still responsive with 1,000 live shipments? Starts a developer node on its own
# port and data directory (the built-in simulators off), drives N standalone shipments with the
# courier simulator's command (one fix per courier per interval, through the public API), and
# measures the dashboard in headless Chromium (src/test/browser/responsiveness.mjs): frame rate,
# frame gaps, long tasks, and how long a filter click takes to redraw. Prints one JSON line.
#   bash load-tests/dashboard/measure.sh [shipments=1000] [seconds=30] [interval=1s]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"

shipments="${1:-1000}"
seconds="${2:-30}"
interval="${3:-1s}"
port="${MEASURE_PORT:-18090}"
data="$(mktemp -d)"
node_pid=""
sim_pid=""

stop() {
  for pid in "$sim_pid" "$node_pid"; do
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid"
      for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -KILL -- "-$pid" 2>/dev/null || true
    fi
  done
  rm -rf "$data"
}
trap stop EXIT

[ -f target/meridian.jar ] || ./mvnw -q package -DskipTests
[ -d src/test/browser/node_modules/playwright-core ] || npm ci --no-audit --no-fund --prefix src/test/browser >/dev/null

MERIDIAN_HTTP_PORT="$port" MERIDIAN_DEV_DATA="$data/infra" MERIDIAN_CLUSTER_PORT=15711 \
  MERIDIAN_VERTICLES_ORDER_SIMULATOR_INSTANCES=0 MERIDIAN_VERTICLES_COURIERS_INSTANCES=0 \
  setsid ./mvnw -q exec:java >"$data/node.log" 2>&1 &
node_pid=$!
for _ in $(seq 1 180); do
  curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break
  kill -0 "$node_pid" 2>/dev/null || { echo "the node did not start:"; tail -50 "$data/node.log"; exit 1; }
  sleep 1
done
echo "node ready on port $port; $shipments couriers set off" >&2

# Highway speed, so the markers move visibly between frames of the measurement.
setsid java -jar target/meridian.jar simulate --url "http://127.0.0.1:$port" --api-key demo-key \
  --mode shipments --couriers "$shipments" --interval "$interval" --speed 30 >"$data/simulate.log" 2>&1 &
sim_pid=$!

node src/test/browser/responsiveness.mjs "http://127.0.0.1:$port" demo-key "$shipments" "$seconds" \
  "${SCREENSHOT:-target/dashboard-$shipments.png}"
grep -E "couriers:" "$data/simulate.log" | tail -1 >&2 || true
