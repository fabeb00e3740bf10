#!/usr/bin/env bash
# The whole local stack without Docker: PostgreSQL, a real Kafka broker, a fake of Apple's AdServices API and the service.
#   stack.sh up     check tools and ports, start what is not running (idempotent), print the URL, an admin key and
#                   a partner's first calls (deploy/run/local/try.sh)
#   stack.sh down   stop the service and the broker (and the private Postgres cluster, if we started one)
#   stack.sh restart  restart the service only (e.g. with other RELAY_* settings), keeping Kafka and PostgreSQL
#   stack.sh reset  stop the service and the broker, drop the database and the broker's data, then up: a clean start
#   stack.sh status what runs, on the ports it actually uses
#   stack.sh instance start NAME PORT | stop NAME | kill NAME
#                   another instance of the service next to the main one (failover and chaos runs: deploy/measure/chaos)
#   stack.sh dev    dev mode with live reload (./mvnw quarkus:dev) on DEV_PORT (8090) next to PostgreSQL, Kafka and the
#                   AdServices fake (started if needed); signs keys with the test key pair, admin key in .local/dev-admin-key.txt
# Environment: SERVICE_PORT (8080), PG_* (see postgres.sh), KAFKA_* (see kafka.sh), ADSERVICES_FAKE_PORT (see adservices.sh),
#   ADSERVICES_URL (default: the local fake), TELEMETRY_DB (telemetry), DEV_PORT (8090), SERVICE_JAVA_OPTS,
#   TELEMETRY_STATE_DIR (the service's pid, port, log and keys; default <repo>/.local).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
HERE=$ROOT/deploy/run/local
STATE=${TELEMETRY_STATE_DIR:-$ROOT/.local}
SERVICE_PORT=${SERVICE_PORT:-8080}
TELEMETRY_DB=${TELEMETRY_DB:-telemetry}
PID_FILE=$STATE/service.pid
PORT_FILE=$STATE/service.port
JAR=$ROOT/target/quarkus-app/quarkus-run.jar
mkdir -p "$STATE"

# The heap the benchmarks were measured with (README, Performance): a young generation large enough that a storage
# batch dies young, fixed so the collector does not shrink it under load. MALLOC_ARENA_MAX=2 keeps glibc from growing
# an arena per thread.
DEFAULT_JAVA_OPTS="-Xmx320m -Xmn160m -XX:SurvivorRatio=3 -XX:-UseAdaptiveSizePolicy -XX:+UseParallelGC -XX:ReservedCodeCacheSize=64m"

service_running() { [ -f "$PID_FILE" ] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; }

fail() { echo "stack: $*" >&2; exit 1; }

port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Everything up needs, checked before anything starts, so a problem is one line that names its fix.
preflight() {
  local port=$1 variable=$2 tool java_version
  for tool in java curl openssl psql; do
    command -v "$tool" >/dev/null 2>&1 || case $tool in
      java) fail "java not found: install a JDK 17 or newer (apt-get install openjdk-17-jdk-headless)" ;;
      psql) fail "psql not found: install PostgreSQL's client and server (apt-get install postgresql)" ;;
      *) fail "$tool not found: install it (apt-get install $tool)" ;;
    esac
  done
  java_version=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/.*java.specification.version = //p')
  [ "${java_version%%.*}" -ge 17 ] 2>/dev/null || fail "java is version ${java_version:-unknown}; 17 or newer is needed (set PATH or JAVA_HOME)"
  { [ "$variable" = SERVICE_PORT ] && service_running; } || ! port_taken "$port" ||
    fail "port $port is taken by another process; free it or choose another with $variable=<port>"
  if ! bash "$HERE/kafka.sh" status >/dev/null 2>&1; then
    local kafka_port=${KAFKA_PORT:-9092}
    ! port_taken "$kafka_port" ||
      fail "port $kafka_port (Kafka) is taken by another process; free it or choose another with KAFKA_PORT=<port>"
    ! port_taken "${KAFKA_CONTROLLER_PORT:-$((kafka_port + 1))}" ||
      fail "port ${KAFKA_CONTROLLER_PORT:-$((kafka_port + 1))} (Kafka's controller) is taken; choose another with KAFKA_CONTROLLER_PORT=<port>"
  fi
  if ! bash "$HERE/adservices.sh" status >/dev/null 2>&1; then
    ! port_taken "${ADSERVICES_FAKE_PORT:-18090}" ||
      fail "port ${ADSERVICES_FAKE_PORT:-18090} (AdServices fake) is taken; choose another with ADSERVICES_FAKE_PORT=<port>"
  fi
}

# The service logs JSON: show the messages of its last lines, not the raw records.
last_log_messages() {
  tail -n 30 "${1:-$STATE/service.log}" | sed -n 's/.*"message":"\([^"]*\)".*/  \1/p' | tail -n 8
}

database_address() {
  local url host
  url=$(bash "$HERE/postgres.sh" url); host=${url#postgresql://}
  PGPORT=${host##*:} PGHOST=${host%%:*}
}

admin_sql() { psql -h "$PGHOST" -p "$PGPORT" -U "${PG_USER:-postgres}" -d postgres "$@"; }

ensure_database() {
  database_address
  if ! admin_sql -tAc "SELECT 1 FROM pg_database WHERE datname = '$TELEMETRY_DB'" | grep -q 1; then
    admin_sql -qc "CREATE DATABASE $TELEMETRY_DB"
  fi
  # Where the server loads pg_stat_statements (the stack's own does: deploy/run/postgres/telemetry.conf), its view.
  if admin_sql -tAc "SHOW shared_preload_libraries" | grep -q pg_stat_statements; then
    admin_sql -d "$TELEMETRY_DB" -qc "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"
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
  # The HMAC key under which erased and suppressed users are kept as hashes.
  [ -s "$STATE/keys/privacy.key" ] || openssl rand -base64 32 > "$STATE/keys/privacy.key"
}

ensure_build() {
  if [ ! -f "$JAR" ] || [ -n "$(find "$ROOT/src/main" "$ROOT/pom.xml" -newer "$JAR" -print -quit)" ]; then
    echo "service: building (./mvnw package -DskipTests; the first build downloads dependencies: a few minutes)"
    # Maven's phase lines as progress, its errors in full.
    (cd "$ROOT" && ./mvnw -B --no-transfer-progress package -DskipTests |
      grep --line-buffered -E '^\[INFO\] --- |BUILD|^\[ERROR\]' | sed -u 's/^\[INFO\] --- /  /')
  fi
}

# What the service needs next to it: PostgreSQL with the database, Kafka with the topics, the AdServices fake.
dependencies() {
  bash "$HERE/postgres.sh" start
  ensure_database
  bash "$HERE/kafka.sh" start
  bash "$HERE/adservices.sh" start
}

# Starts the packaged service on PORT in the background (pid into PIDFILE, output into LOG); ADMIN_KEY_FILE, when
# given, receives a freshly minted admin key.
launch() {
  local port=$1 log=$2 pid_file=$3 admin_key_file=${4:-}
  QUARKUS_HTTP_PORT=$port \
  QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://$PGHOST:$PGPORT/$TELEMETRY_DB" \
  QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$TELEMETRY_DB" \
  QUARKUS_DATASOURCE_USERNAME=${PG_USER:-postgres} \
  KAFKA_BOOTSTRAP_SERVERS=$(bash "$HERE/kafka.sh" bootstrap) \
  TELEMETRY_KEYS_DIR="$STATE/keys" \
  TELEMETRY_AUTH_BOOTSTRAP_ADMIN_KEY_FILE="$admin_key_file" \
  RELAY_ENCRYPTION_KEY="${RELAY_ENCRYPTION_KEY:-$(cat "$STATE/keys/relay.key")}" \
  PRIVACY_HASH_KEY="${PRIVACY_HASH_KEY:-$(cat "$STATE/keys/privacy.key")}" \
  RELAY_SENDER="${RELAY_SENDER:-stub}" \
  ADSERVICES_URL="${ADSERVICES_URL:-$(bash "$HERE/adservices.sh" url)}" \
  MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2} \
    nohup java ${SERVICE_JAVA_OPTS:-$DEFAULT_JAVA_OPTS} -jar "$JAR" > "$log" 2>&1 &
  echo $! > "$pid_file"
}

# Waits up to 60 s for the service on PORT to be ready (and to have written ADMIN_KEY_FILE, when given).
await_ready() {
  local port=$1 pid_file=$2 log=$3 admin_key_file=${4:-}
  for _ in $(seq 1 120); do
    if curl -fs "http://127.0.0.1:$port/q/health/ready" >/dev/null 2>&1 && { [ -z "$admin_key_file" ] || [ -s "$admin_key_file" ]; }; then
      return 0
    fi
    kill -0 "$(cat "$pid_file")" 2>/dev/null || { echo "service: exited; see $log. Its last messages:" >&2; last_log_messages "$log" >&2; exit 1; }
    sleep 0.5
  done
  echo "service: not ready within 60 s; see $log. Its last messages:" >&2; last_log_messages "$log" >&2; exit 1
}

up() {
  preflight "$SERVICE_PORT" SERVICE_PORT
  dependencies
  ensure_keys
  if service_running; then
    echo "service: already running (pid $(cat "$PID_FILE"))"
  else
    ensure_build
    rm -f "$STATE/admin-key.txt"
    launch "$SERVICE_PORT" "$STATE/service.log" "$PID_FILE" "$STATE/admin-key.txt"
    echo "$SERVICE_PORT" > "$PORT_FILE"
  fi
  SERVICE_PORT=$(cat "$PORT_FILE")
  await_ready "$SERVICE_PORT" "$PID_FILE" "$STATE/service.log" "$STATE/admin-key.txt"
  cat <<MSG

Partner telemetry is up.
  Base URL     http://localhost:$SERVICE_PORT   (OpenAPI: /q/openapi, Swagger UI: /q/swagger-ui, metrics: /q/metrics)
  Admin key    $STATE/admin-key.txt  (scopes admin events:write events:read+pii, all projects, 30 days)
  Logs         $STATE/service.log

A partner's first calls (run them all with: bash deploy/run/local/try.sh):
$(bash "$HERE/try.sh" --print)

Stop everything with: bash deploy/run/local/stack.sh down   (a clean database: bash deploy/run/local/stack.sh reset)
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
  rm -f "$PID_FILE" "$PORT_FILE"
}

# Another instance of the service next to the main one (same database, broker and keys), for failover and chaos runs.
instance() {
  local action=${1:-} name=${2:-} port=${3:-}
  [ -n "$name" ] && [ "$name" != main ] || { echo "usage: $0 instance start NAME PORT | stop NAME | kill NAME" >&2; exit 2; }
  local pid_file=$STATE/instance-$name.pid log=$STATE/instance-$name.log
  case "$action" in
    start)
      [ -n "$port" ] || { echo "usage: $0 instance start NAME PORT" >&2; exit 2; }
      if [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then echo "instance $name: already running"; return 0; fi
      ! port_taken "$port" || fail "port $port is taken by another process; choose another for instance $name"
      database_address
      ensure_build
      launch "$port" "$log" "$pid_file"
      await_ready "$port" "$pid_file" "$log"
      echo "instance $name: running on http://localhost:$port (pid $(cat "$pid_file"), log $log)" ;;
    stop|kill)
      if [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
        local pid; pid=$(cat "$pid_file")
        if [ "$action" = kill ]; then kill -9 "$pid"; else kill "$pid"; fi
        for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
        kill -9 "$pid" 2>/dev/null || true
        echo "instance $name: $([ "$action" = kill ] && echo killed || echo stopped)"
      fi
      rm -f "$pid_file" ;;
    *) echo "usage: $0 instance start NAME PORT | stop NAME | kill NAME" >&2; exit 2 ;;
  esac
}

down() {
  for f in "$STATE"/instance-*.pid; do
    [ -e "$f" ] || continue
    local name=${f##*/instance-}; instance stop "${name%.pid}"
  done
  stop_service
  bash "$HERE/kafka.sh" stop
  bash "$HERE/adservices.sh" stop
  bash "$HERE/postgres.sh" stop
}

reset() {
  stop_service
  bash "$HERE/kafka.sh" stop
  rm -rf "${KAFKA_DIR:-$STATE/kafka}"
  echo "kafka: data removed"
  bash "$HERE/postgres.sh" start
  database_address
  admin_sql -qc "DROP DATABASE IF EXISTS $TELEMETRY_DB WITH (FORCE)"
  echo "postgres: database $TELEMETRY_DB dropped"
  up
}

status() {
  if service_running; then echo "service: running on http://localhost:$(cat "$PORT_FILE")"; else echo "service: stopped"; fi
  for f in "$STATE"/instance-*.pid; do
    [ -e "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null && echo "instance ${f##*/instance-}: running (pid $(cat "$f"))" | sed 's/\.pid:/:/'
  done
  bash "$HERE/kafka.sh" status || true
  bash "$HERE/adservices.sh" status || true
  bash "$HERE/postgres.sh" status || true
}

dev() {
  local port=${DEV_PORT:-8090}
  preflight "$port" DEV_PORT
  dependencies
  echo "dev mode: ./mvnw -Pdev-mode quarkus:dev on http://localhost:$port (admin key: $STATE/dev-admin-key.txt)"
  cd "$ROOT"
  # Quarkus 3.32.2's dev mode needs quarkus-devui 3.32.2, which Maven Central lacks: the dev-mode profile runs the
  # platform's previous patch release, 3.32.1, whose whole graph resolves (pom.xml).
  QUARKUS_HTTP_PORT=$port \
  QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://$PGHOST:$PGPORT/$TELEMETRY_DB" \
  QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$TELEMETRY_DB" \
  QUARKUS_DATASOURCE_USERNAME=${PG_USER:-postgres} \
  KAFKA_BOOTSTRAP_SERVERS=$(bash "$HERE/kafka.sh" bootstrap) \
  ADSERVICES_URL="${ADSERVICES_URL:-$(bash "$HERE/adservices.sh" url)}" \
    exec ./mvnw -Pdev-mode quarkus:dev -Dquarkus.profile=dev,local
}

case "${1:-}" in
  up) up ;;
  dev) dev ;;
  instance) shift; instance "$@" ;;
  restart) stop_service; up ;;
  down) down ;;
  reset) reset ;;
  status) status ;;
  *) echo "usage: $0 up|down|restart|reset|status|dev|instance" >&2; exit 2 ;;
esac
