#!/usr/bin/env bash
# Builds the benchmark module (deploy/measure/bench/pom.xml) and runs one of its tools against the local stack, which it
# starts if needed. Used by ingest.sh and reads.sh; never part of ./mvnw verify.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$ROOT"
main=$1; shift
bash deploy/run/local/stack.sh up >/dev/null
./mvnw -q -B -f deploy/measure/bench/pom.xml package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
url=$(bash deploy/run/local/postgres.sh url); hostport=${url#postgresql://}
jdbc="jdbc:postgresql://$hostport/${TELEMETRY_DB:-telemetry}?user=${PG_USER:-postgres}"
exec java -Xmx2g -XX:+UseParallelGC -cp "deploy/measure/bench/target/classes:$(cat deploy/measure/bench/target/classpath.txt)" \
  "com.layers.telemetry.bench.$main" --jdbc "$jdbc" --base-url "http://127.0.0.1:${SERVICE_PORT:-8080}" \
  --kafka "127.0.0.1:${KAFKA_PORT:-9092}" "$@"
