"""Subtree listing of a province with 3,500 units: server time and query count of the
units list (/units/) for an administrator of that province. Target: under 50 ms, a fixed
number of queries.

    source scripts/services.sh && .venv/bin/python benchmarks/unit_subtree.py

Builds a scratch database (bench_unit_subtree): the whole map from vietnam-provinces
(3,355 units), then Nghệ An (P40) grown to 3,500 units by adding subordinate units under
its communes. Each page is requested through Django's full request cycle in-process
(test client: middleware, session, permission layer, template), DEBUG off; network time
is not included. The scratch database is dropped at the end.
"""

import os
import statistics
import sys
import time

from import_admin_units import scratch_database

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROVINCE_SIZE = 3500
RUNS = 60


def setup_django(url: str) -> None:
    sys.path.insert(0, ROOT)
    os.environ.update(
        DATABASE_URL=url, DJANGO_SETTINGS_MODULE="config.settings.local", DJANGO_DEBUG="false"
    )
    import django

    django.setup()


def grow_province() -> None:
    """The map, then P40 filled up to PROVINCE_SIZE units with subordinate units."""
    from django.db import connection

    from apps.units.enums import UnitKind, UnitLevel
    from apps.units.models import Unit
    from apps.units.services import _child_paths, admin_units_import

    admin_units_import()
    province = Unit.objects.get(code="P40")
    communes = list(Unit.objects.filter(path__startswith=province.path, depth=2))
    missing = PROVINCE_SIZE - Unit.objects.subtree_of(province).count()
    per_commune, extra = divmod(missing, len(communes))
    new = []
    for i, commune in enumerate(communes):
        count = per_commune + (1 if i < extra else 0)
        for n, path in enumerate(_child_paths(commune, count), 1):
            new.append(
                Unit(
                    path=path,
                    depth=3,
                    code=f"{commune.code}-{n:02d}",
                    name=f"Trường Tiểu học số {n} {commune.name}",
                    kind=UnitKind.SUBUNIT,
                    level=UnitLevel.UNIT,
                    is_recognising_authority=True,
                )
            )
        commune.numchild = count
    Unit.objects.bulk_create(new, batch_size=1000)
    Unit.objects.bulk_update(communes, ["numchild"])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def province_admin():
    from apps.accounts.enums import Role
    from apps.accounts.models import Membership, User
    from apps.units.models import Unit

    user = User.objects.create(username="bench_admin")
    Membership.objects.create(user=user, unit=Unit.objects.get(code="P40"), role=Role.ADMIN)
    return user


def measure(client, url: str) -> dict:
    """Median and p95 wall time, median CPU time of this process (Python side, less
    sensitive to other load on the machine), query count and SQL time of one request."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert client.get(url).status_code == 200
    wall, cpu = [], []
    for _ in range(RUNS):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return {
        "median": statistics.median(wall),
        "p95": statistics.quantiles(wall, n=20)[-1],
        "cpu": statistics.median(cpu),
        "queries": len(queries),
        "sql": sum(float(q["time"]) for q in queries.captured_queries) * 1000,
    }


def sql_execution(user) -> list[tuple[str, float, str]]:
    """PostgreSQL's own execution time (EXPLAIN ANALYZE) of the list's unit queries,
    free of client and scheduling noise, with the access path each one takes."""
    from django.db import connection

    from apps.units.permissions import units_visible_to

    visible = units_visible_to(user)
    queries = {
        "count": visible.values("pk").order_by(),
        "page 1": visible.with_parent().order_by("path")[:50],
        "page 35": visible.with_parent().order_by("path")[1700:1750],
        "search count": visible.search("vinh phu").values("pk").order_by(),
    }
    results = []
    with connection.cursor() as cursor:
        for label, queryset in queries.items():
            sql, params = queryset.query.sql_with_params()
            if label.endswith("count"):
                sql = f"SELECT count(*) FROM ({sql}) t"
            cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params)
            plan = cursor.fetchone()[0][0]
            node = plan["Plan"]
            while node.get("Plans") and "Scan" not in node["Node Type"]:
                node = node["Plans"][0]
            access = f"{node['Node Type']} {node.get('Index Name', '')}".strip()
            results.append((label, plan["Execution Time"], access))
    return results


def main() -> None:
    with scratch_database("bench_unit_subtree") as url:
        setup_django(url)
        from django.db import connections
        from django.test import Client

        from apps.units.models import Unit

        grow_province()
        user = province_admin()
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        province = Unit.objects.get(code="P40")
        size = Unit.objects.subtree_of(province).count()
        print(
            f"units list for an administrator of {province.name}: {size} units in the "
            f"subtree, {Unit.objects.count()} in the table; {RUNS} requests each"
        )
        commune = Unit.objects.get(code="W16702")
        cases = {
            "first page": "/units/",
            "middle page (35)": "/units/?page=35",
            "last page (70)": "/units/?page=70",
            "search 'vinh phu'": "/units/?q=vinh+phu",
            "kind = subunit": "/units/?kind=subunit",
            "within a commune": f"/units/?within={commune.pk}",
            "province detail": f"/units/{province.pk}/",
        }
        print(f"  load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        for label, path in cases.items():
            m = measure(client, path)
            print(
                f"  {label:<18} wall median {m['median']:6.1f} ms, p95 {m['p95']:6.1f} ms | "
                f"CPU {m['cpu']:5.1f} ms | {m['queries']} queries, {m['sql']:.1f} ms SQL"
            )
        print("  PostgreSQL execution time of the unit queries (EXPLAIN ANALYZE):")
        for label, ms, access in sql_execution(user):
            print(f"    {label:<13} {ms:6.2f} ms  {access}")
        connections.close_all()


if __name__ == "__main__":
    sys.exit(main())
