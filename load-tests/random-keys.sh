#!/usr/bin/env bash
# A flood of made-up API keys beside a tenant's traffic, against a node that is already running:
# runs RandomKeysSimulation alternately without and with the flood, RUNS times each, and prints
# per run the tenant reads' p50 / p95 / p99, how many of them failed, and readiness failures.
#   bash load-tests/random-keys.sh http://127.0.0.1:18080 acme-key 3
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
base_url="${1:-http://127.0.0.1:8080}"
api_key="${2:-acme-key}"
runs="${3:-3}"
flood="${FLOOD_RATE:-2000}"
logs="$(mktemp -d)"

for i in $(seq 1 "$runs"); do
  for rate in 0 "$flood"; do
    log="$logs/run-$i-flood-$rate.log"
    ./mvnw -B -q -f load-tests/pom.xml gatling:test -Dgatling.simulationClass=meridian.load.RandomKeysSimulation \
      -DbaseUrl="$base_url" -DapiKey="$api_key" -Drate=200 -Dduration=30 -Dramp=5 -Dshipments=200 \
      -DfloodRate="$rate" -DmaxP99Ms=1000 >"$log" 2>&1 || true
    percentiles=$(grep -o 'percentile of response time is less than or equal to [0-9.]* : [a-z]* (actual : [0-9.]*)' "$log" \
      | grep -o 'actual : [0-9.]*' | awk '{print $3}' | paste -sd/ -)
    failed=$(grep -o 'GET /v1/shipments/{id}: percentage of failed events[^)]*' "$log" | grep -o 'actual : [0-9.]*' | awk '{print $3}')
    ready=$(grep -o 'GET /health/ready: count of failed events[^)]*' "$log" | grep -o 'actual : [0-9.]*' | awk '{print $3}')
    echo "run $i, flood $rate/s: tenant reads p50/p95/p99 ${percentiles:-?} ms, failed ${failed:-?} %, readiness failures ${ready:-?}"
  done
done
echo "Gatling logs: $logs"
