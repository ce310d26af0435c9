#!/usr/bin/env bash
# Lints the API contract with the ecosystem's own validators, pinned in package-lock.json:
# redocly (its recommended rules, strict) and spectral (its OpenAPI rules and the OWASP API
# Security Top 10 ruleset). Any finding fails; waivers live in redocly.yaml,
# .redocly.lint-ignore.yaml and .spectral.yaml, each with its reason.
set -euo pipefail
cd "$(dirname "$0")"
contract=../../main/resources/openapi/meridian.yaml
npm ci --no-audit --no-fund --loglevel=error >/dev/null
npx --no-install redocly lint "$contract" --config redocly.yaml --format stylish
npx --no-install spectral lint "$contract" --ruleset .spectral.yaml --fail-severity=warn
