"""Registration pages and export at province scale.

    source scripts/services.sh && .venv/bin/python benchmarks/registration.py [--regenerate]

Uses its own scratch database (BENCH_DB_NAME, default ``bench_brightspots``) on the
server of DATABASE_URL: creates and migrates it, fills it once with
``generate_bench_data --units 3500 --years 5`` (kept for the next run; --regenerate
rebuilds it, --drop removes the database at the end), then prints for each page the
server time (median and p95 of in-process requests through the whole middleware stack)
and the query count, and for the xlsx export of one year's province list its time and
peak memory. Targets: pages < 100 ms with a fixed number of queries; export < 10 s and
< 300 MB.
"""

import argparse
import os
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RUNS = 30


def scratch_database(name: str, *, fresh: bool = False) -> str:
    """Create ``name`` beside the configured database when missing (dropped first when
    ``fresh``: a benchmark's rows are protected by decisions and certificates, so a
    new database is the clean way to rebuild them); return its URL."""
    import psycopg

    url = os.environ.get("DATABASE_URL")
    if not url:
        sys.exit("DATABASE_URL is not set: run `source scripts/services.sh` first.")
    parts = urlsplit(url)
    if fresh:
        drop_database(urlunsplit(parts._replace(path=f"/{name}")))
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0")
    return urlunsplit(parts._replace(path=f"/{name}"))


def drop_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{parts.path[1:]}" WITH (FORCE)')


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


def ensure_data(regenerate: bool) -> None:
    from django.core.management import call_command

    from apps.units.models import Unit

    call_command("migrate", verbosity=0)
    if regenerate or not Unit.objects.filter(code="BENCH").exists():
        call_command("generate_bench_data", units=3500, years=5, code="BENCH", replace=True)
        settle()
    call_command("compilemessages", "-l", "vi", "--ignore=.venv", verbosity=0)


def settle() -> None:
    """The steady state autovacuum reaches in production: planner statistics and
    visibility maps of the tables just filled."""
    from django.db import connection

    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            if table.startswith(("units_", "brightspots_", "cycles_")):
                cursor.execute(f'VACUUM ANALYZE "{table}"')


def time_pages(pages: list[tuple[str, object, str]]) -> list[dict]:
    """For each (label, client, url): median and p95 server time (whole request, in
    process), the median Python CPU time and time spent waiting for SQL, and the query
    count. The pages take turns, RUNS rounds after 3 warm-up requests each, so a burst of
    load on this shared machine spreads over all of them instead of spoiling one."""
    from django.db import connection

    for _label, client, url in pages:
        for _ in range(3):
            assert client.get(url).status_code == 200, url
    sql: list[float] = []

    def timed(execute, query, params, many, context):
        started = time.perf_counter()
        try:
            return execute(query, params, many, context)
        finally:
            sql.append(time.perf_counter() - started)

    samples = [{"walls": [], "cpus": [], "waits": [], "queries": 0} for _ in pages]
    with connection.execute_wrapper(timed):
        for _ in range(RUNS):
            for (_label, client, url), sample in zip(pages, samples, strict=True):
                sql.clear()
                wall, cpu = time.perf_counter(), time.process_time()
                assert client.get(url).status_code == 200
                sample["walls"].append((time.perf_counter() - wall) * 1000)
                sample["cpus"].append((time.process_time() - cpu) * 1000)
                sample["waits"].append(sum(sql) * 1000)
                sample["queries"] = len(sql)
    return [
        {
            "median": statistics.median(sample["walls"]),
            "p95": sorted(sample["walls"])[int(RUNS * 0.95) - 1],
            "cpu": statistics.median(sample["cpus"]),
            "sql": statistics.median(sample["waits"]),
            "queries": sample["queries"],
        }
        for sample in samples
    ]


def client_for(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def pages(year: int) -> list[tuple[str, str, str]]:
    """(label, username, url) of the pages measured."""
    from django.urls import reverse

    from apps.accounts.models import Membership
    from apps.units.models import Unit

    province = Unit.objects.get(code="BENCH")
    own = Membership.objects.get(user__username="bench_officer").unit
    inbox, spots = reverse("brightspots:inbox"), reverse("brightspots:list")
    search = f"{spots}?q=diem+sang&year="
    return [
        ("board inbox, provincial steering member", "bench_steering", f"{inbox}?year={year}"),
        ("board inbox, member of the BCĐ QCDC", "bench_board", f"{inbox}?year={year}"),
        ("board inbox, page 20", "bench_steering", f"{inbox}?year={year}&page=20"),
        ("bright spot list, province, one year", "bench_steering", f"{spots}?year={year}"),
        ("bright spot list, province, all years", "bench_steering", f"{spots}?year="),
        ("bright spot list, BCĐ QCDC member", "bench_board", f"{spots}?year={year}"),
        ("bright spot list, search, one year", "bench_steering", f"{search}{year}"),
        ("bright spot list, search, all years", "bench_steering", search),
        ("unit page, province", "bench_steering", _unit_url(province)),
        ("unit page, a unit with subunits", "bench_officer", _unit_url(own)),
    ]


def _unit_url(unit) -> str:
    from django.urls import reverse

    return reverse("brightspots:unit_year", args=[unit.pk])


def measure_pages(year: int) -> None:
    from apps.accounts.models import User

    clients = {}
    measured = []
    for label, username, url in pages(year):
        if username not in clients:
            clients[username] = client_for(User.objects.get(username=username))
        measured.append((label, clients[username], url))
    print(f"\nPages ({RUNS} rounds taking turns, after 3 warm-up requests; times in ms)")
    print(f"{'page':42} {'median':>7} {'p95':>7} {'py-cpu':>7} {'sql':>7} {'queries':>8}")
    for (label, _client, _url), f in zip(measured, time_pages(measured), strict=True):
        print(
            f"{label:42} {f['median']:7.1f} {f['p95']:7.1f} {f['cpu']:7.1f} {f['sql']:7.1f}"
            f" {f['queries']:8d}"
        )


def measure_export(year: int) -> None:
    from django.urls import reverse

    from apps.accounts.models import User
    from apps.brightspots.models import BrightSpot

    client = client_for(User.objects.get(username="bench_steering"))
    url = f"{reverse('brightspots:list_export')}?year={year}"
    rows = BrightSpot.objects.filter(cycle__year=year, unit__path__startswith="0").count()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started, cpu = time.perf_counter(), time.process_time()
    response = client.get(url)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    client.get(url)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"\nXLSX export of the {year} province list (all units, every status)")
    print(f"  rows in the year (whole database): {rows}")
    size = len(response.content) / 1024
    print(f"  time: {seconds:.2f} s (Python CPU {cpu:.2f} s), file: {size:.0f} KiB")
    print(f"  peak Python memory during the export (tracemalloc): {peak / 2**20:.1f} MiB")
    print(f"  process peak RSS: {rss_after / 1024:.0f} MiB (was {rss_before / 1024:.0f} MiB)")


def load_average(when: str) -> str:
    """The machine's load (2 cores here): page times scale with it."""
    one, five, fifteen = os.getloadavg()
    return f"load average at {when}: {one:.2f} {five:.2f} {fifteen:.2f} ({os.cpu_count()} CPUs)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--drop", action="store_true", help="drop the scratch database after")
    args = parser.parse_args()
    url = scratch_database(os.environ.get("BENCH_DB_NAME", "bench_brightspots"))
    setup_django(url)
    ensure_data(args.regenerate)
    from django.utils import timezone

    from apps.brightspots.models import BrightSpot
    from apps.units.models import Unit

    year = timezone.localdate().year
    print(load_average("start"))
    province = Unit.objects.get(code="BENCH")
    print(
        f"Province BENCH: {Unit.objects.subtree_of(province).count()} units, "
        f"{BrightSpot.objects.in_subtree(province).count()} bright spots over 5 years"
    )
    measure_pages(year)
    measure_export(year)
    print(load_average("end"))
    if args.drop:
        from django.db import connections

        connections.close_all()
        drop_database(url)


if __name__ == "__main__":
    main()
