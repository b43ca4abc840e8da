#!/usr/bin/env bash
# The whole check: installs what is missing, starts PostgreSQL and Redis (unless
# DATABASE_URL / REDIS_URL are set), then lint (ruff, djLint), format, migration check
# and pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
source scripts/services.sh
set -euo pipefail
trap stop_services EXIT
export DJANGO_SETTINGS_MODULE=config.settings.test

.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/djlint templates --lint
.venv/bin/python manage.py makemigrations --check --dry-run -v 1
.venv/bin/pytest -p no:cacheprovider --create-db "$@"
