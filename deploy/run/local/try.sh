#!/usr/bin/env bash
# A partner's first calls against the running stack, needing only curl and sed:
# as the operator (admin key) create a project, an SDK app and a partner key; then, as the partner, send an
# event and read the user's signal back (PII redacted, since the partner key lacks events:read+pii).
#   bash deploy/run/local/try.sh          run the walkthrough
#   bash deploy/run/local/try.sh --print  print its commands, to copy and paste (stack.sh up shows them)
# Environment: BASE (the running service, default from .local/service.port), ADMIN (default .local/admin-key.txt),
#   PROJECT (prj_demo), APP (app_demo).
set -euo pipefail
STATE=${TELEMETRY_STATE_DIR:-$(cd "$(dirname "$0")/../../.." && pwd)/.local}
if [ "${1:-}" = --print ]; then
  # Everything below the marker, with the defaults spelled out so the lines paste into a fresh shell.
  echo "  export BASE=${BASE:-http://localhost:$(cat "$STATE/service.port" 2>/dev/null || echo 8080)}"
  echo "  export ADMIN=\$(cat $STATE/admin-key.txt) PROJECT=${PROJECT:-prj_demo} APP=${APP:-app_demo}"
  sed -n '/^# --- walkthrough ---$/,$p' "$0" | tail -n +2 | sed 's/^/  /'
  exit 0
fi
BASE=${BASE:-http://localhost:$(cat "$STATE/service.port" 2>/dev/null || echo 8080)}
ADMIN=${ADMIN:-$(cat "$STATE/admin-key.txt")}
PROJECT=${PROJECT:-prj_demo}
APP=${APP:-app_demo}
# --- walkthrough ---
# 1. Operator (admin key): a project, an SDK app, and a partner key that may write and read that project only.
curl -s -X POST "$BASE/v1/admin/projects" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
     -d "{\"id\":\"$PROJECT\",\"name\":\"Demo\"}"; echo
curl -s -X POST "$BASE/v1/admin/projects/$PROJECT/sdk-apps" -H "Authorization: Bearer $ADMIN" \
     -H 'Content-Type: application/json' -d "{\"id\":\"$APP\",\"name\":\"Demo iOS\",\"platform\":\"ios\"}"; echo
PARTNER=$(curl -s -X POST "$BASE/v1/admin/keys" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
     -d "{\"scopes\":[\"events:write\",\"events:read\"],\"projects\":[\"$PROJECT\"]}" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
echo "partner key: ${PARTNER:0:24}..."
# 2. Partner (partner key from here on): one event; a retry with the same Idempotency-Key replays the answer.
curl -s -X POST "$BASE/v1/events" -H "Authorization: Bearer $PARTNER" -H 'Content-Type: application/json' \
     -H "Idempotency-Key: try-$(date +%s)" -d "{\"projectId\":\"$PROJECT\",\"sdkAppId\":\"$APP\",\"events\":[
       {\"name\":\"app_open\",\"occurredAt\":\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\",\"appUserId\":\"user_42\",
        \"eventId\":\"evt_try_1\",\"properties\":{\"\$set\":{\"plan\":\"trial\"}},\"identity\":{\"email\":\"alice@example.com\"}}]}"; echo
# 3. Read the user's signal back: stored and folded into the profile within about a second (404 until then).
for _ in $(seq 1 20); do
  SIGNAL=$(curl -s -w '\n%{http_code}' "$BASE/v1/projects/$PROJECT/users/user_42/signal" -H "Authorization: Bearer $PARTNER")
  [ "${SIGNAL##*$'\n'}" = 200 ] && break
  sleep 0.5
done
echo "${SIGNAL%$'\n'*}"
[ "${SIGNAL##*$'\n'}" = 200 ]
