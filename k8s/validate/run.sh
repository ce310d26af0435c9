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
  # Rendered exactly as `kubectl apply -k <target>` renders it (docs/deploy.md): stock kustomize,
  # default load restrictions. The ConfigMap comes from conf/kustomization.yaml, a resource.
  kubectl kustomize "$target" \
    | node k8s/validate/validate.mjs "$target"
done
