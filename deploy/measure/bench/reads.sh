#!/usr/bin/env bash
# Read benchmark against the local stack (not part of the test suite).
#   bash deploy/measure/bench/reads.sh --seed                          load 100,000 users / 10M events (once, ~10 min)
#   bash deploy/measure/bench/reads.sh --target signal --rate 2000     GET …/signal for random users at a fixed rate
#   bash deploy/measure/bench/reads.sh --target users --rate 200       first page of the user list
#   bash deploy/measure/bench/reads.sh --target visibility             accepted event -> visible in the signal, 200 samples
# Other options: --duration S, --warmup S, --keys N (API keys the load is spread over), --users N
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$ROOT"
bash deploy/run/local/stack.sh up >/dev/null
if [ "${1:-}" = "--seed" ]; then
  url=$(bash deploy/run/local/postgres.sh url); hostport=${url#postgresql://}
  time psql -h "${hostport%%:*}" -p "${hostport##*:}" -U "${PG_USER:-postgres}" -d "${TELEMETRY_DB:-telemetry}" \
    -v users="${SEED_USERS:-100000}" -v events="${SEED_EVENTS:-10000000}" -f deploy/measure/bench/seed-reads.sql
  exit 0
fi
exec bash "$ROOT/deploy/measure/bench/run.sh" ReadBench "$@"
