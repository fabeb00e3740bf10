#!/usr/bin/env bash
# Ingest benchmark against the local stack (not part of the test suite). Starts the stack if needed, then drives
# POST /v1/events and reports throughput, batch latency, storage rate and accepted->stored lag.
#   bash deploy/bench/ingest.sh --rate 10000 --duration 30     fixed rate (events/s)
#   bash deploy/bench/ingest.sh --rate 0 --concurrency 32      maximum
# Other options: --warmup S, --apps N, --users N, --base-url URL, --admin-key-file F, --jdbc URL
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
bash deploy/local/stack.sh up >/dev/null
./mvnw -q -B test-compile
CP_FILE=target/bench.classpath
./mvnw -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE"
exec java -Xmx1g -XX:+UseParallelGC -cp "target/test-classes:target/classes:$(cat "$CP_FILE")" \
  com.layers.telemetry.bench.IngestBench "$@"
