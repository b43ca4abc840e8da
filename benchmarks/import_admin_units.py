"""Import of the whole administrative map (34 provinces, 3,321 communes/wards) into a
scratch database: wall time and peak RSS of ``manage.py import_admin_units`` (a separate
process, measured with wait4), first run and re-run. Target: under 60 s and 500 MB.

    source scripts/services.sh && .venv/bin/python benchmarks/import_admin_units.py

The scratch database (bench_import_units) is created, migrated and dropped here; the
``diemsang`` database is never touched.
"""

import os
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")


@contextmanager
def scratch_database(name: str):
    """A fresh, migrated PostgreSQL database ``name`` beside DATABASE_URL's; yields its
    URL and drops it afterwards."""
    base = os.environ["DATABASE_URL"]
    url = base.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(base, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0")
        try:
            manage(url, "migrate", "--noinput", "-v", "0")
            yield url
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(url: str, *args: str) -> tuple[str, float, float]:
    """Run manage.py against ``url``: (stdout, wall seconds, peak RSS in MB)."""
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings.local"}
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        process = subprocess.Popen(
            [PYTHON, str(ROOT / "manage.py"), *args], cwd=ROOT, env=env, stdout=out, stderr=err
        )
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if process.returncode:
            raise SystemExit(f"manage.py {' '.join(args)} failed:\n{err.read()}")
        return out.read().strip(), wall, usage.ru_maxrss / 1024


def count_units(url: str) -> tuple[int, int]:
    with psycopg.connect(url) as conn:
        return conn.execute(
            "SELECT count(*) FILTER (WHERE kind = 'province'), "
            "count(*) FILTER (WHERE kind = 'commune') FROM units_unit"
        ).fetchone()


def main() -> None:
    print("import_admin_units: the whole map into a scratch database")
    with scratch_database("bench_import_units") as url:
        for label in ("first run", "re-run   "):
            out, wall, rss = manage(url, "import_admin_units")
            print(
                f"  {label}: wall {wall:5.2f} s (process incl. Django start-up), "
                f"peak RSS {rss:4.0f} MB | command: {out}"
            )
        provinces, communes = count_units(url)
        print(f"  units in the database: {provinces} provinces, {communes} communes/wards")
        _, wall, rss = manage(url, "check")
        print(
            f"  baseline (manage.py check, same process start-up): wall {wall:.2f} s, "
            f"peak RSS {rss:.0f} MB"
        )


if __name__ == "__main__":
    sys.exit(main())
