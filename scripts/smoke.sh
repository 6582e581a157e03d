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
  # The worker registered its repeatable schedule under this run's queue prefix.
  redis-cli -h 127.0.0.1 -p 6379 --scan --pattern "${QUEUE_PREFIX}:*" 2>/dev/null | xargs -r redis-cli -h 127.0.0.1 -p 6379 del >/dev/null 2>&1 || true
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

# A bad variable stops the API with a message naming it (no stack trace).
if PORT=eighty node dist/src/main.js >"$log.cfg" 2>&1; then fail 'the API started with PORT=eighty'; fi
grep -q '^  - PORT: ' "$log.cfg" || fail "no clear message for a bad PORT: $(cat "$log.cfg")"
grep -q '    at ' "$log.cfg" && fail 'a configuration error printed a stack trace'

# The first platform admin, created by the CLI, can sign in.
node dist/src/cli.js bootstrap --org 'Platform Ops' --email ops@smoke.local --username ops --password 'smoke-password-1'
curl -fs -X POST "http://127.0.0.1:${port}/api/v1/auth/login" -H 'Content-Type: application/json' \
  -d '{"email":"ops@smoke.local","password":"smoke-password-1"}' | grep -q '"role":"platform_admin"' || fail 'bootstrap admin cannot sign in'
if node dist/src/cli.js bootstrap --org X --email ops@smoke.local --username ops2 --password 'smoke-password-1' 2>/dev/null; then
  fail 'bootstrap accepted a duplicate email'
fi

echo "smoke: API, Swagger UI, OpenAPI document, health, demo login, worker, config errors and CLI bootstrap OK"
