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
# Two workers (pytest-xdist), one per core: each gets its own test database
# (test_diemsang_gw0, _gw1); PYTEST_WORKERS=0 runs in one process.
.venv/bin/pytest -p no:cacheprovider --create-db -n "${PYTEST_WORKERS:-2}" "$@"
