#!/usr/bin/env bash
# One command to a running portal with demo data: installs what is missing, starts
# PostgreSQL and Redis (unless DATABASE_URL / REDIS_URL are set), migrates, loads the
# demo data, then runs the web server, a Celery worker and Celery beat. Ctrl-C stops all.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
source scripts/services.sh
set -euo pipefail
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-config.settings.local}
PY=.venv/bin/python

$PY manage.py migrate --noinput -v 0
$PY manage.py load_demo_data

pids=()
cleanup() {
  trap - INT TERM EXIT
  echo "run: stopping"
  kill "${pids[@]}" 2>/dev/null || true
  wait "${pids[@]}" 2>/dev/null || true
  stop_services
}
trap cleanup INT TERM EXIT

.venv/bin/celery -A config worker -l info --concurrency 2 & pids+=($!)
.venv/bin/celery -A config beat -l info --schedule .local/celerybeat-schedule & pids+=($!)
$PY manage.py runserver 127.0.0.1:${PORT:-8000} & pids+=($!)
echo "run: portal at http://127.0.0.1:${PORT:-8000} (demo users in README.md); Ctrl-C stops"
wait -n "${pids[@]}"
