#!/usr/bin/env bash
# Starts the built API and worker the way a new user would (fresh database, migrations at start,
# demo data) and checks that Swagger UI, the OpenAPI document, /health and a demo login answer.
set -euo pipefail
cd "$(dirname "$0")/.."

port=${SMOKE_PORT:-3917}
db="aura_smoke_$$"
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/${db}"
export QUEUE_PREFIX="aura_smoke_$$" PORT="$port" LOG_LEVEL=warn DEV_SECRETS_FILE="$(mktemp -d)/dev-secrets.json"
log=$(mktemp)

cleanup() {
  kill "${api:-}" "${worker:-}" 2>/dev/null || true
  wait 2>/dev/null || true
  psql -h 127.0.0.1 -U postgres -q -c "DROP DATABASE IF EXISTS \"${db}\" WITH (FORCE)" >/dev/null 2>&1 || true
}
trap cleanup EXIT

node dist/src/database/create-database.js
node dist/src/main.js >"$log" 2>&1 &
api=$!
for _ in $(seq 1 60); do
  curl -fs "http://127.0.0.1:${port}/health" >/dev/null 2>&1 && break
  sleep 0.5
done
node dist/src/cli.js seed-demo
node dist/src/worker.js >>"$log" 2>&1 &
worker=$!

fail() { echo "smoke: $1"; echo '--- api/worker log ---'; tail -n 50 "$log"; exit 1; }
curl -fs "http://127.0.0.1:${port}/health" | grep -q '"status":"ok"' || fail '/health is not ok'
curl -fs "http://127.0.0.1:${port}/api/docs/" | grep -qi 'swagger' || fail 'Swagger UI is not served at /api/docs'
curl -fs "http://127.0.0.1:${port}/api/docs-json" | grep -q '"openapi"' || fail 'OpenAPI document is not served at /api/docs-json'
curl -fs -X POST "http://127.0.0.1:${port}/api/v1/auth/login" -H 'Content-Type: application/json' \
  -d '{"email":"admin@demo.aura.local","password":"demo-password-123"}' | grep -q '"accessToken"' || fail 'demo login failed'
sleep 1
kill -0 "$worker" 2>/dev/null || fail 'the worker exited'
echo "smoke: API, Swagger UI, OpenAPI document, health, demo login and worker OK"
