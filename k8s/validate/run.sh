#!/usr/bin/env bash
# Validates the deployment files offline: docker-compose.yml with docker-compose, and the
# kustomize base and every overlay rendered by kubectl and checked against the schemas
# (validate.mjs). Needs docker-compose, kubectl and Node.js; CI (.ci/run) installs the first two.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"

docker-compose -f docker-compose.yml config -q
echo "docker-compose.yml is valid"

npm ci --prefix k8s/validate --no-audit --no-fund --loglevel=error >/dev/null
for target in k8s/base k8s/overlays/dev k8s/overlays/prod; do
  # The ConfigMap is made from conf/, outside the kustomize roots, hence the load restrictor.
  kubectl kustomize --load-restrictor LoadRestrictionsNone "$target" \
    | node k8s/validate/validate.mjs "$target"
done
