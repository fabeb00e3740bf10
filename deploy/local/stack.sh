#!/usr/bin/env bash
# The whole local stack without Docker: PostgreSQL, a real Kafka broker, a fake of Apple's AdServices API and the service.
#   stack.sh up     start what is not running (idempotent), then print the URL, an admin key and a first call
#   stack.sh down   stop the service and the broker (and the private Postgres cluster, if we started one)
#   stack.sh restart  restart the service only (e.g. with other RELAY_* settings), keeping Kafka and PostgreSQL
#   stack.sh status
# Environment: SERVICE_PORT (8080), PG_* (see postgres.sh), KAFKA_* (see kafka.sh), ADSERVICES_FAKE_PORT (see adservices.sh),
#   ADSERVICES_URL (default: the local fake), TELEMETRY_DB (telemetry).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE=$ROOT/deploy/local
STATE=$ROOT/.local
SERVICE_PORT=${SERVICE_PORT:-8080}
TELEMETRY_DB=${TELEMETRY_DB:-telemetry}
PID_FILE=$STATE/service.pid
JAR=$ROOT/target/quarkus-app/quarkus-run.jar
mkdir -p "$STATE"

service_running() { [ -f "$PID_FILE" ] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; }

ensure_database() {
  local url host port
  url=$(bash "$HERE/postgres.sh" url); host=${url#postgresql://}; port=${host##*:}; host=${host%%:*}
  PGHOST=$host PGPORT=$port
  if ! psql -h "$host" -p "$port" -U "${PG_USER:-postgres}" -d postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname = '$TELEMETRY_DB'" | grep -q 1; then
    psql -h "$host" -p "$port" -U "${PG_USER:-postgres}" -d postgres -qc "CREATE DATABASE $TELEMETRY_DB"
  fi
}

ensure_keys() {
  # The signing key pair for locally minted API keys; an operator brings their own in production.
  mkdir -p "$STATE/keys"
  if [ ! -f "$STATE/keys/private.pem" ]; then
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$STATE/keys/private.pem" 2>/dev/null
    openssl pkey -in "$STATE/keys/private.pem" -pubout -out "$STATE/keys/public.pem"
  fi
  # The AES key that encrypts relay destinations' access tokens at rest.
  [ -s "$STATE/keys/relay.key" ] || openssl rand -base64 32 > "$STATE/keys/relay.key"
}

ensure_build() {
  if [ ! -f "$JAR" ] || [ -n "$(find "$ROOT/src/main" "$ROOT/pom.xml" -newer "$JAR" -print -quit)" ]; then
    echo "service: building (./mvnw package -DskipTests)..."
    (cd "$ROOT" && ./mvnw -q -B package -DskipTests)
  fi
}

up() {
  bash "$HERE/postgres.sh" start
  ensure_database
  bash "$HERE/kafka.sh" start
  bash "$HERE/adservices.sh" start
  ensure_keys
  if service_running; then
    echo "service: already running (pid $(cat "$PID_FILE"))"
  else
    ensure_build
    rm -f "$STATE/admin-key.txt"
    QUARKUS_HTTP_PORT=$SERVICE_PORT \
    QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://$PGHOST:$PGPORT/$TELEMETRY_DB" \
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$TELEMETRY_DB" \
    QUARKUS_DATASOURCE_USERNAME=${PG_USER:-postgres} \
    KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:${KAFKA_PORT:-9092} \
    TELEMETRY_KEYS_DIR="$STATE/keys" \
    TELEMETRY_AUTH_BOOTSTRAP_ADMIN_KEY_FILE="$STATE/admin-key.txt" \
    RELAY_ENCRYPTION_KEY="${RELAY_ENCRYPTION_KEY:-$(cat "$STATE/keys/relay.key")}" \
    RELAY_SENDER="${RELAY_SENDER:-stub}" \
    ADSERVICES_URL="${ADSERVICES_URL:-$(bash "$HERE/adservices.sh" url)}" \
      nohup java ${SERVICE_JAVA_OPTS:--Xmx1g} -jar "$JAR" > "$STATE/service.log" 2>&1 &
    echo $! > "$PID_FILE"
  fi
  for _ in $(seq 1 120); do
    if curl -fs "http://127.0.0.1:$SERVICE_PORT/q/health/ready" >/dev/null 2>&1 && [ -s "$STATE/admin-key.txt" ]; then
      break
    fi
    service_running || { echo "service: exited; see $STATE/service.log" >&2; tail -30 "$STATE/service.log" >&2; exit 1; }
    sleep 0.5
  done
  curl -fs "http://127.0.0.1:$SERVICE_PORT/q/health/ready" >/dev/null || { echo "service: not ready; see $STATE/service.log" >&2; exit 1; }
  local key; key=$(cat "$STATE/admin-key.txt")
  cat <<MSG

Partner telemetry is up.
  Base URL     http://localhost:$SERVICE_PORT   (OpenAPI: /q/openapi, Swagger UI: /q/swagger-ui, metrics: /q/metrics)
  Admin key    $STATE/admin-key.txt  (scopes admin events:write events:read+pii, all projects, 30 days)
  Logs         $STATE/service.log

Try it:
  export TOKEN=\$(cat $STATE/admin-key.txt)
  curl -s -X POST http://localhost:$SERVICE_PORT/v1/admin/projects -H "Authorization: Bearer \$TOKEN" \\
       -H 'Content-Type: application/json' -d '{"id":"prj_demo","name":"Demo"}'
  curl -s -X POST http://localhost:$SERVICE_PORT/v1/admin/projects/prj_demo/sdk-apps -H "Authorization: Bearer \$TOKEN" \\
       -H 'Content-Type: application/json' -d '{"id":"app_demo","name":"Demo iOS","platform":"ios"}'
  curl -s -X POST http://localhost:$SERVICE_PORT/v1/admin/keys -H "Authorization: Bearer \$TOKEN" \\
       -H 'Content-Type: application/json' -d '{"scopes":["events:write","events:read"],"projects":["prj_demo"]}'

Stop everything with: bash deploy/local/stack.sh down
MSG
}

stop_service() {
  if service_running; then
    local pid; pid=$(cat "$PID_FILE"); kill "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
    echo "service: stopped"
  else
    echo "service: not running"
  fi
  rm -f "$PID_FILE"
}

down() {
  stop_service
  bash "$HERE/kafka.sh" stop
  bash "$HERE/adservices.sh" stop
  bash "$HERE/postgres.sh" stop
}

status() {
  if service_running; then echo "service: running on http://localhost:$SERVICE_PORT"; else echo "service: stopped"; fi
  bash "$HERE/kafka.sh" status || true
  bash "$HERE/adservices.sh" status || true
  bash "$HERE/postgres.sh" status || true
}

case "${1:-}" in
  up) up ;;
  restart) stop_service; up ;;
  down) down ;;
  status) status ;;
  *) echo "usage: $0 up|down|restart|status" >&2; exit 2 ;;
esac
