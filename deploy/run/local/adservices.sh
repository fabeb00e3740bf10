#!/usr/bin/env bash
# A deterministic fake of Apple's AdServices attribution API (WireMock from Maven Central, answers in
# deploy/run/adservices-fake/mappings), so the local stack exchanges tokens end to end without Apple.
#   adservices.sh start | stop | status | url
# Tokens (the whole request body) and their answers:
#   fake-organic      200 {"attribution": false}                       recorded as organic, not listed
#   fake-test-data    200 Apple's developer-mode payload (1234567890)  recorded as test data, listed with includeTestData=true
#   fake-redownload   200 a view-through Redownload record (creativeSetId, impressionDate)
#   fake-invalid      400                                              final after one call
#   fake-not-found    404 after 1 s (Apple holds 404s)                 3 calls 5 s apart, then final
#   fake-server-error 500                                              retried with backoff while the token lives (24 h)
#   anything else     200 a detailed tap-through record (Apple's documented example)
# Environment: ADSERVICES_FAKE_PORT (18090), ADSERVICES_FAKE_DIR (<repo>/.local/adservices).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
PORT=${ADSERVICES_FAKE_PORT:-18090}
DIR=${ADSERVICES_FAKE_DIR:-$ROOT/.local/adservices}
CP_FILE=$ROOT/deploy/run/adservices-fake/target/fake.classpath
PID_FILE=$DIR/fake.pid
PORT_FILE=$DIR/fake.port
mkdir -p "$DIR"

running() { [ -f "$PID_FILE" ] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; }

# The URL of the running fake, which may differ from ADSERVICES_FAKE_PORT when it was started with another port.
url() { if running && [ -s "$PORT_FILE" ]; then echo "http://127.0.0.1:$(cat "$PORT_FILE")/api/v1/"; else echo "http://127.0.0.1:$PORT/api/v1/"; fi; }

classpath() {
  if [ ! -s "$CP_FILE" ] || [ "$ROOT/deploy/run/adservices-fake/pom.xml" -nt "$CP_FILE" ]; then
    "$ROOT/mvnw" -q -B -f "$ROOT/deploy/run/adservices-fake/pom.xml" dependency:build-classpath -Dmdep.outputFile="$CP_FILE" >&2
  fi
  cat "$CP_FILE"
}

start() {
  if running; then echo "adservices fake: already running on $(url)"; return 0; fi
  nohup java -Xmx128m -cp "$(classpath)" wiremock.Run --port "$PORT" --bind-address 127.0.0.1 \
    --root-dir "$ROOT/deploy/run/adservices-fake" --disable-banner > "$DIR/fake.log" 2>&1 &
  echo $! > "$PID_FILE"
  echo "$PORT" > "$PORT_FILE"
  for _ in $(seq 1 60); do
    if curl -fs "http://127.0.0.1:$PORT/__admin/health" >/dev/null 2>&1; then
      echo "adservices fake: running on http://127.0.0.1:$PORT/api/v1/"
      return 0
    fi
    running || { echo "adservices fake: exited; see $DIR/fake.log" >&2; tail -20 "$DIR/fake.log" >&2; return 1; }
    sleep 0.5
  done
  echo "adservices fake: not started within 30 s; see $DIR/fake.log" >&2
  return 1
}

stop() {
  if running; then
    kill "$(cat "$PID_FILE")" 2>/dev/null || true
    echo "adservices fake: stopped"
  else
    echo "adservices fake: not running"
  fi
  rm -f "$PID_FILE" "$PORT_FILE"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if running; then echo "adservices fake: running on $(url)"; else echo "adservices fake: stopped"; exit 1; fi ;;
  url) url ;;
  *) echo "usage: $0 start|stop|status|url" >&2; exit 2 ;;
esac
