#!/usr/bin/env bash
# Ingest and storage benchmark against the local stack (starts it if needed; not part of the test suite).
#   bash deploy/bench/ingest.sh --rate 10000 --duration 30          HTTP at a fixed rate (events/s), open loop
#   bash deploy/bench/ingest.sh --rate 0 --concurrency 32           HTTP at maximum, closed loop
#   bash deploy/bench/ingest.sh --mode drain --events 300000        produce straight onto Kafka, measure storage alone
#   bash deploy/bench/ingest.sh --mode scale --preload 20000000     drain, preload 20M stored events, drain again
# Every run ends with the bare-insert baseline of the same rows (--baseline-events N, 0 to skip) and the ratio.
# Other options: --warmup S, --warmup-events N, --apps N, --users N, --ids random|ordered, --admin-key-file F
set -euo pipefail
exec bash "$(dirname "$0")/run.sh" IngestBench "$@"
