#!/usr/bin/env bash
# Ingest and storage benchmark against the local stack (starts it if needed; not part of the test suite).
#   bash deploy/measure/bench/ingest.sh --rate 10000 --duration 30          HTTP at a fixed rate (events/s), open loop
#   bash deploy/measure/bench/ingest.sh --rate 0 --concurrency 32           HTTP at maximum, closed loop
#   bash deploy/measure/bench/ingest.sh --mode drain --events 300000        produce straight onto Kafka, measure storage alone
#   bash deploy/measure/bench/ingest.sh --mode scale --preload 20000000     drain, preload 20M stored events, drain again
#   bash deploy/measure/bench/ingest.sh --relay fake --rate 2000            Meta and TikTok destinations on every app, relayed to
#                                                                   local fakes that answer in 50 ms (the service is
#                                                                   restarted with RELAY_SENDER=http pointed at them)
#   bash deploy/measure/bench/ingest.sh --rate 2000 --duration 120 --erase-events 100000
#                                                                   a user holding 100,000 stored events is erased a third
#                                                                   into the window; storage before vs during the erasure
#   bash deploy/measure/bench/ingest.sh --rate 2000 --duration 60 --cohorts 10
#                                                                   10 cohorts on the load project (their cost shows in
#                                                                   the storage figures; --mode drain too), and how soon
#                                                                   an event shows in the signal's cohorts (p50/p99)
#   bash deploy/measure/bench/ingest.sh --rate 2000 --duration 120 --cohort-backfill 100000
#                                                                   a new cohort over 100,000 users a third into the
#                                                                   window: PUT → ready, storage before vs during
# Every run ends with the bare-insert baseline of the same rows (--baseline-events N, 0 to skip) and the ratio.
#   bash deploy/measure/bench/ingest.sh --relay queue --mode drain          destinations on every app, relay workers off: the
#                                                                   outbox's cost to storage alone
#   bash deploy/measure/bench/ingest.sh --path segment --rate 6000         the same load through the Segment tracking API
#                                                                   (POST /v1/batch, a write key per app; the per-address
#                                                                   budget is raised, since every batch comes from here)
# Other options: --warmup S, --warmup-events N, --apps N, --users N, --ids random|ordered, --relay none|stub|fake|queue,
#   --relay-all true (relay every event, not just purchases and paywall views)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
relay=none
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  [ "${args[$i]}" = "--relay" ] && relay=${args[$((i + 1))]:-none}
  if [ "${args[$i]}" = "--path" ] && [ "${args[$((i + 1))]:-}" = "segment" ]; then
    export TELEMETRY_INGEST_SOURCE_RATE_LIMIT_EVENTS_PER_SECOND=1000000 TELEMETRY_INGEST_SOURCE_RATE_LIMIT_BURST=1000000
  fi
done
case "$relay" in
  fake) RELAY_SENDER=http RELAY_META_URL=http://127.0.0.1:18081 RELAY_TIKTOK_URL=http://127.0.0.1:18082 \
          bash "$ROOT/deploy/run/local/stack.sh" restart >/dev/null ;;
  stub) RELAY_SENDER=stub bash "$ROOT/deploy/run/local/stack.sh" restart >/dev/null ;;
  # Destinations on every app but no relay worker: what the outbox costs the storage transaction alone.
  queue) RELAY_WORKERS=0 bash "$ROOT/deploy/run/local/stack.sh" restart >/dev/null ;;
  none) bash "$ROOT/deploy/run/local/stack.sh" restart >/dev/null ;;
esac
exec bash "$(dirname "$0")/run.sh" IngestBench "$@"
