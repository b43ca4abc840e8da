"""Deadlines and criteria pages for a province of 3,500 units: time per
``deadline_status`` / ``recognition_window_status`` call, and server time and query
count of the cycle and criteria pages. Target: pages under 100 ms with a fixed number
of queries; a deadline check one query.

    source scripts/services.sh && .venv/bin/python benchmarks/cycles_deadlines.py

Builds a scratch database (bench_cycles) with the whole map and Nghệ An grown to 3,500
units (benchmarks/unit_subtree.py), five yearly cycles and 1,000 deadline extensions,
then requests each page through Django's full request cycle in-process (test client,
DEBUG off; no network). The scratch database is dropped at the end.
"""

import datetime
import statistics
import sys
import time

from import_admin_units import scratch_database
from unit_subtree import grow_province, province_admin, setup_django

EXTENSIONS = 1000
CALLS = 2000
RUNS = 40


def measure(client, url: str) -> tuple[float, float, int, float, float]:
    """(median ms, p95 ms, queries, SQL ms, KB) over RUNS requests after a warm-up."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert client.get(url).status_code == 200
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    sql_ms = sum(float(q["time"]) for q in queries.captured_queries) * 1000
    p95 = statistics.quantiles(timings, n=20)[-1]
    size = len(response.content) / 1024
    return statistics.median(timings), p95, len(queries), sql_ms, size


def make_cycles(province, admin):
    """Five years of cycles (2022 with its 15/6 registration date) and extensions for
    the first EXTENSIONS units of the province, spread over the four deadlines."""
    from apps.cycles.enums import DeadlineKind
    from apps.cycles.models import Cycle, DeadlineExtension
    from apps.cycles.process import current_process
    from apps.units.models import Unit

    cycles = [
        Cycle.objects.create(
            province=province, year=year, **current_process(province).default_dates(year)
        )
        for year in range(2022, 2027)
    ]
    Cycle.objects.filter(year=2022).update(registration_deadline=datetime.date(2022, 6, 15))
    cycle = cycles[-1]
    units = list(Unit.objects.subtree_of(province).exclude(pk=province.pk)[:EXTENSIONS])
    kinds = list(DeadlineKind)
    DeadlineExtension.objects.bulk_create(
        DeadlineExtension(
            cycle=cycle,
            unit=unit,
            deadline=kinds[i % 4],
            new_date=cycle.deadline(kinds[i % 4]) + datetime.timedelta(days=10),
            reason="Sáp nhập đơn vị hành chính",
            granted_by=admin,
        )
        for i, unit in enumerate(units)
    )
    return cycle, units


def time_calls(label: str, call, units) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    started = time.perf_counter()
    for i in range(CALLS):
        call(units[i % len(units)])
    per_call = (time.perf_counter() - started) / CALLS * 1e6
    with CaptureQueriesContext(connection) as queries:
        call(units[0])
    print(f"  {label:<34} {per_call:7.0f} µs per call, {len(queries)} query per call")


def main() -> None:
    with scratch_database("bench_cycles") as url:
        setup_django(url)
        from django.db import connections
        from django.test import Client

        from apps.criteria.models import CriteriaSet
        from apps.cycles.enums import DeadlineKind
        from apps.cycles.selectors import deadline_status, recognition_window_status
        from apps.units.models import Unit

        grow_province()
        admin = province_admin()
        province = Unit.objects.get(code="P40")
        cycle, units = make_cycles(province, admin)
        print(
            f"{Unit.objects.subtree_of(province).count()} units in {province.name}, "
            f"{cycle.extensions.count()} extensions in {cycle.year}; {CALLS} calls each"
        )
        time_calls(
            "deadline_status (registration)",
            lambda unit: deadline_status(cycle=cycle, unit=unit, kind=DeadlineKind.REGISTRATION),
            units,
        )
        time_calls(
            "recognition_window_status",
            lambda unit: recognition_window_status(cycle=cycle, unit=unit),
            units,
        )
        client = Client(HTTP_HOST="localhost")
        client.force_login(admin)
        guidance = CriteriaSet.objects.get(code="nghe-an-2022")
        pages = {
            "cycle list": "/cycles/",
            "cycle detail (page 1 of extensions)": f"/cycles/{cycle.pk}/",
            "cycle detail (last page)": f"/cycles/{cycle.pk}/?page=20",
            "extension form (3,500 units)": f"/cycles/{cycle.pk}/extend/",
            "criteria list": "/criteria/",
            "criteria detail (Nghệ An 2022)": f"/criteria/{guidance.pk}/",
            "criteria print view": f"/criteria/{guidance.pk}/print/",
        }
        print("pages, as the province administrator:")
        for label, path in pages.items():
            median, p95, queries, sql_ms, size = measure(client, path)
            print(
                f"  {label:<36} median {median:6.1f} ms  p95 {p95:6.1f} ms  "
                f"{queries} queries ({sql_ms:.1f} ms SQL), {size:.0f} KB"
            )
        connections.close_all()


if __name__ == "__main__":
    sys.exit(main())
