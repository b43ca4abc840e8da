#!/usr/bin/env bash
# Source this file: starts project-local PostgreSQL and Redis on loopback when
# DATABASE_URL / REDIS_URL are not set, and exports those URLs. Data lives under
# .local/ (git-ignored), so a second start reuses it.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LOCAL=$ROOT/.local
PG_PORT=${PG_PORT:-54329}
REDIS_PORT=${REDIS_PORT:-63799}
export LANG=C.UTF-8 LC_ALL=C.UTF-8

start_postgres() {
  local bindir datadir=$LOCAL/pgdata
  bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  mkdir -p "$LOCAL"
  chmod 755 "$LOCAL"
  if [[ ! -f $datadir/PG_VERSION ]]; then
    install -d -o postgres -g postgres -m 700 "$datadir"
    runuser -u postgres -- "$bindir/initdb" -D "$datadir" -E UTF8 --locale=C.UTF-8 \
      -U postgres --auth=trust >/dev/null
  fi
  if ! runuser -u postgres -- "$bindir/pg_ctl" -D "$datadir" status >/dev/null 2>&1; then
    runuser -u postgres -- "$bindir/pg_ctl" -D "$datadir" -l "$datadir/server.log" -w \
      -o "-p $PG_PORT -k /tmp -c listen_addresses=127.0.0.1" start >/dev/null
    STARTED_SERVICES+=(postgres)
  fi
  runuser -u postgres -- psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAq -v ON_ERROR_STOP=1 <<SQL
SELECT 'CREATE ROLE diemsang LOGIN PASSWORD ''diemsang'' CREATEDB'
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'diemsang')\gexec
SELECT 'CREATE DATABASE diemsang OWNER diemsang ENCODING ''UTF8'' TEMPLATE template0'
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'diemsang')\gexec
SQL
  export DATABASE_URL=postgres://diemsang:diemsang@127.0.0.1:$PG_PORT/diemsang
}

start_redis() {
  mkdir -p "$LOCAL/redis"
  if ! redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes --dir "$LOCAL/redis" \
      --appendonly yes --pidfile "$LOCAL/redis/redis.pid" --logfile "$LOCAL/redis/redis.log"
    STARTED_SERVICES+=(redis)
    for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
  fi
  export REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0
}

# Stops only what this script started (an external DATABASE_URL/REDIS_URL is left alone).
stop_services() {
  local bindir svc
  bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  for svc in "${STARTED_SERVICES[@]}"; do
    case $svc in
      postgres) runuser -u postgres -- "$bindir/pg_ctl" -D "$LOCAL/pgdata" stop -m fast >/dev/null 2>&1 || true ;;
      redis) redis-cli -p "$REDIS_PORT" shutdown >/dev/null 2>&1 || true ;;
    esac
  done
}

STARTED_SERVICES=()
[[ -n ${DATABASE_URL:-} ]] || start_postgres
[[ -n ${REDIS_URL:-} ]] || start_redis
set +eu
