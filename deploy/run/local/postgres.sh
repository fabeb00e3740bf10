#!/usr/bin/env bash
# PostgreSQL for the local stack and the tests: the server answering on PG_HOST:PG_PORT if there is one,
# else a private cluster started from this machine's PostgreSQL binaries (as the postgres user when root,
# since PostgreSQL refuses to run as root).
#   postgres.sh start | stop | status | url
# Environment (all optional):
#   PG_HOST / PG_PORT   server to use or start          default: 127.0.0.1 / 5432
#   PG_USER             superuser name                  default: postgres
#   PG_DIR              private cluster folder           default: <repo>/.local/postgres
#   PG_PRIVATE_PORT     port of the private cluster      default: 54329
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
PG_HOST=${PG_HOST:-127.0.0.1}
PG_PORT=${PG_PORT:-5432}
PG_USER=${PG_USER:-postgres}
PG_DIR=${PG_DIR:-$ROOT/.local/postgres}
PG_PRIVATE_PORT=${PG_PRIVATE_PORT:-54329}
# The settings the private cluster runs with (docker-compose.yml applies the same file).
SETTINGS=$ROOT/deploy/run/postgres/telemetry.conf

answers() { pg_isready -q -h "$PG_HOST" -p "$1" -U "$PG_USER" 2>/dev/null; }

bindir() {
  if command -v pg_ctl >/dev/null 2>&1; then dirname "$(command -v pg_ctl)"; return; fi
  local d; d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$d" ] || { echo "postgres: no PostgreSQL binaries found (apt-get install postgresql)" >&2; exit 1; }
  echo "$d"
}

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# Each "name = value" line of the settings file as a -c option.
settings() { sed -e "s/#.*//" -e "/^[[:space:]]*$/d" -e "s/[[:space:]]*=[[:space:]]*/=/" -e "s/^/-c /" "$SETTINGS" | tr "\n" " "; }

# A server we only use keeps its settings; when they are the stock ones, one line says what storage will lack.
hint_if_stock() {
  local buffers
  buffers=$(psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -tAc \
    "SELECT setting::bigint * 8 / 1024 FROM pg_settings WHERE name = 'shared_buffers'" 2>/dev/null) || return 0
  if [ -n "$buffers" ] && [ "$buffers" -le 128 ]; then
    echo "postgres: hint: the server on $PG_HOST:$PG_PORT has stock settings (shared_buffers ${buffers}MB), too few for 10,000 events/s; apply deploy/run/postgres/telemetry.conf (README, Performance) or let the stack start its own with PG_PORT=$PG_PRIVATE_PORT"
  fi
}

port() { if answers "$PG_PORT"; then echo "$PG_PORT"; else echo "$PG_PRIVATE_PORT"; fi; }

start() {
  if answers "$PG_PORT"; then echo "postgres: using the server on $PG_HOST:$PG_PORT"; hint_if_stock; return 0; fi
  if answers "$PG_PRIVATE_PORT"; then echo "postgres: private cluster running on $PG_HOST:$PG_PRIVATE_PORT"; return 0; fi
  local bin; bin=$(bindir)
  mkdir -p "$PG_DIR"
  [ "$(id -u)" = 0 ] && chown postgres "$PG_DIR"
  if [ ! -f "$PG_DIR/data/PG_VERSION" ]; then
    as_owner "$bin/initdb" -D "$PG_DIR/data" -U "$PG_USER" -A trust >/dev/null
  fi
  as_owner "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
    -o "-p $PG_PRIVATE_PORT -k $PG_DIR -c listen_addresses=$PG_HOST $(settings)" start >/dev/null
  echo "postgres: private cluster running on $PG_HOST:$PG_PRIVATE_PORT"
}

stop() {
  if [ -f "$PG_DIR/data/postmaster.pid" ]; then
    as_owner "$(bindir)/pg_ctl" -D "$PG_DIR/data" -m fast stop >/dev/null && echo "postgres: private cluster stopped"
  else
    echo "postgres: no private cluster running (a server we did not start is left alone)"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) p=$(port); if answers "$p"; then echo "postgres: answering on $PG_HOST:$p"; else echo "postgres: down"; exit 1; fi ;;
  url) echo "postgresql://$PG_HOST:$(port)" ;;
  *) echo "usage: $0 start|stop|status|url" >&2; exit 2 ;;
esac
