#!/usr/bin/env bash
# Installs and starts everything against the local PostgreSQL and Redis: dependencies, build,
# database, migrations, demo data, one worker (background) and the API (foreground).
# Ctrl-C stops both. Configuration comes from the environment (see .env.example).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -f .env ]; then set -a; . ./.env; set +a; fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
npm run build
node dist/src/database/create-database.js
npm run migration:run
node dist/src/cli.js seed-demo

node dist/src/worker.js &
worker=$!
trap 'kill "$worker" 2>/dev/null || true' EXIT INT TERM

echo "Starting the API on http://localhost:${PORT:-3000} (Swagger UI: http://localhost:${PORT:-3000}/api/docs)"
MIGRATIONS_RUN=false node dist/src/main.js
