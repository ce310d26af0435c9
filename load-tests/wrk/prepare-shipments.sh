#!/usr/bin/env bash
# Creates N shipments through the public API, gives each a first position, and writes their
# ids to a file for the wrk scripts: ./prepare-shipments.sh [N] [base URL] [API key] [file]
set -euo pipefail
n=${1:-1000}
base=${2:-http://localhost:8080}
key=${3:-demo-key}
out=${4:-shipments.txt}
: > "$out"
for ((i = 0; i < n; i++)); do
  curl -sf -X POST "$base/v1/shipments" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
    -d "{\"reference\": \"wrk-$i\"}" | grep -o '"id":"shp_[a-z0-9]*"' | cut -d'"' -f4 >> "$out"
done
now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
while read -r id; do
  curl -sf -o /dev/null -X POST "$base/v1/shipments/$id/locations" -H "Authorization: Bearer $key" \
    -H 'Content-Type: application/json' -d "{\"lat\": 52.5, \"lon\": 13.4, \"recordedAt\": \"$now\"}"
done < "$out"
echo "$(wc -l < "$out") shipments in $out"
