#!/usr/bin/env bash
# A partner's typed client, generated from the running service's OpenAPI document, end to end:
# fetch /q/openapi, generate types (openapi-typescript), type-check and compile (tsc), run dist/partner.js
# (openapi-fetch): operator sets up a project, an SDK app and a partner key; the partner sends events and reads the
# user's signal back.
#   bash deploy/examples/partner-client/run.sh
# Environment: BASE (http://localhost:8080), ADMIN (an admin API key; default <repo>/.local/admin-key.txt),
#   PROJECT (prj_example), APP (app_example).
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(cd ../../.. && pwd)
BASE=${BASE:-http://localhost:8080}
BASE=${BASE%/}

# 1. The service's OpenAPI document (also: is the service there at all?).
mkdir -p generated
code=$(curl -sS --max-time 10 -o generated/openapi.json.tmp -w '%{http_code}' "$BASE/q/openapi?format=json" 2>/dev/null) || true
if [ "$code" != 200 ]; then
  rm -f generated/openapi.json.tmp
  if [ -z "$code" ] || [ "$code" = 000 ]; then
    echo "The service is not reachable at $BASE: start it with \`bash deploy/run/local/stack.sh up\` (or set BASE)." >&2
  else
    echo "GET $BASE/q/openapi?format=json answered HTTP $code, not 200: is BASE the telemetry service?" >&2
  fi
  exit 1
fi
mv generated/openapi.json.tmp generated/openapi.json

if [ -z "${ADMIN:-}" ]; then
  if [ ! -r "$ROOT/.local/admin-key.txt" ]; then
    echo "No admin key: set ADMIN, or start the stack with \`bash deploy/run/local/stack.sh up\` (writes .local/admin-key.txt)." >&2
    exit 1
  fi
  ADMIN=$(tr -d '[:space:]' < "$ROOT/.local/admin-key.txt")
fi

# 2. Dependencies, exactly as locked (npm writes node_modules/.package-lock.json on every install: our stamp).
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "npm ci (first run, or package-lock.json changed)..."
  npm ci --no-audit --no-fund --loglevel=error
fi

# 3. Types from the document, then type-check and compile the client against them.
node_modules/.bin/openapi-typescript generated/openapi.json -o generated/schema.d.ts >/dev/null
rm -rf dist
node_modules/.bin/tsc -p tsconfig.json

# 4. Run it.
BASE=$BASE ADMIN=$ADMIN PROJECT=${PROJECT:-prj_example} APP=${APP:-app_example} exec node dist/partner.js
