"""Dashboards, the province summary and the public showcase at province scale.

    source scripts/services.sh && .venv/bin/python benchmarks/dashboard.py [--regenerate] [--drop]

Uses its own scratch database (BENCH_DB_NAME, default ``bench_dashboard``) on the
server of DATABASE_URL: creates and migrates it, fills it once with
``generate_bench_data --units 3500 --years 5`` plus what the reports read and the
generator does not write (decisions and certificates for the recognised bright spots,
review reports, extensions, public summaries); kept for the next run (--regenerate
rebuilds it, --drop removes the database at the end). Prints, per page, the server time
(median and p95 of in-process requests through the whole middleware stack) and the
query count. Target: the province dashboard under 150 ms with a fixed number of queries.
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

from registration import drop_database, scratch_database, setup_django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RUNS = 30
CODE = "BENCH"


def ensure_data(regenerate: bool) -> None:
    from django.core.management import call_command

    from apps.units.models import Unit

    call_command("migrate", verbosity=0)
    if regenerate or not Unit.objects.filter(code=CODE).exists():
        call_command("generate_bench_data", units=3500, years=5, code=CODE, replace=True)
        add_report_data()
    call_command("compilemessages", "-l", "vi", "--ignore=.venv", verbosity=0)


def add_report_data(seed: int = 6) -> None:
    """Decisions and certificates, review reports, extensions and public summaries."""
    from django.db import connection, transaction

    from apps.units.models import Unit

    rng = random.Random(seed)
    province = Unit.objects.get(code=CODE, depth=1)
    with transaction.atomic():
        _certificates(province)
        _review_reports(rng, province)
        _extensions(rng, province)
        _public_summaries(rng, province)
    # The steady state autovacuum reaches in production: statistics and visibility maps.
    with connection.cursor() as cursor:
        for table in (
            "units_unit",
            "brightspots_registrationlist",
            "brightspots_brightspot",
            "decisions_decision",
            "decisions_certificate",
            "reports_reviewreport",
            "cycles_deadlineextension",
        ):
            cursor.execute(f"VACUUM ANALYZE {table}")


def _certificates(province) -> None:
    """One issued decision per recognising unit (depth 2) and year for the recognised
    spots under it, each with its certificate."""
    from collections import defaultdict

    from apps.accounts.models import User
    from apps.brightspots.enums import BrightSpotStatus
    from apps.brightspots.models import BrightSpot
    from apps.decisions.enums import DecisionStatus
    from apps.decisions.models import Certificate, Decision
    from apps.units.models import Unit

    author = User.objects.get(username=f"{CODE.lower()}_steering")
    spots = BrightSpot.objects.filter(
        unit__path__startswith=province.path, status=BrightSpotStatus.RECOGNISED
    ).select_related("unit", "cycle")
    groups = defaultdict(list)
    for spot in spots:
        groups[(spot.unit.path[: 2 * Unit.steplen], spot.cycle.year)].append(spot)
    authorities = {u.path: u for u in Unit.objects.filter(path__in={p for p, _ in groups})}
    decisions = {
        key: Decision(
            authority=authorities[key[0]],
            status=DecisionStatus.ISSUED,
            number=1,
            year=key[1],
            place="Vinh",
            signed_on=datetime.date(key[1], 11, 25),
            issuer_name="ỦY BAN NHÂN DÂN",
            issuer_power="ỦY BAN NHÂN DÂN",
            title="Về việc công nhận điểm sáng",
            legal_bases="Căn cứ Luật Tổ chức chính quyền địa phương;",
            article_one="Công nhận các điểm sáng sau:",
            later_articles="Quyết định có hiệu lực kể từ ngày ký.",
            recipients="Như Điều 3;",
            signer_title="CHỦ TỊCH",
            signer_name="Nguyễn Văn Đệ",
            created_by=author,
        )
        for key in groups
    }
    Decision.objects.bulk_create(decisions.values(), batch_size=2000)
    certificates = [
        Certificate(
            decision=decisions[key],
            bright_spot=spot,
            code=f"B{spot.pk:015d}",
            serial=serial,
            holder_name=spot.name,
            unit_name=spot.unit.name,
            kind=spot.kind,
            year=spot.cycle.year,
        )
        for key, members in groups.items()
        for serial, spot in enumerate(members, start=1)
    ]
    Certificate.objects.bulk_create(certificates, batch_size=2000)


def _review_reports(rng, province) -> None:
    from apps.accounts.models import User
    from apps.cycles.models import Cycle
    from apps.reports.enums import ReviewReportStatus
    from apps.reports.models import ReviewReport
    from apps.reports.selectors.deadlines import reporting_units

    author = User.objects.get(username=f"{CODE.lower()}_officer")
    units = list(reporting_units(province).only("pk"))
    this_year = max(Cycle.objects.filter(province=province).values_list("year", flat=True))
    reports = []
    for cycle in Cycle.objects.filter(province=province):
        share = 0.3 if cycle.year == this_year else 0.85
        for unit in units:
            if rng.random() < share:
                reports.append(
                    ReviewReport(
                        unit=unit,
                        cycle=cycle,
                        status=ReviewReportStatus.SUBMITTED,
                        results="Kết quả xây dựng điểm sáng trong năm.",
                        lessons="Bài học kinh nghiệm.",
                        next_year_plan="Kế hoạch năm tới.",
                        is_late=rng.random() < 0.05,
                        submitted_by=author,
                        created_by=author,
                    )
                )
    ReviewReport.objects.bulk_create(reports, batch_size=2000)


def _extensions(rng, province) -> None:
    from apps.accounts.models import User
    from apps.cycles.enums import DeadlineKind
    from apps.cycles.models import Cycle, DeadlineExtension
    from apps.reports.selectors.deadlines import reporting_units

    granter = User.objects.get(username=f"{CODE.lower()}_steering")
    cycle = Cycle.objects.filter(province=province).order_by("-year").first()
    extensions = [
        DeadlineExtension(
            cycle=cycle,
            unit=unit,
            deadline=kind,
            new_date=cycle.deadline(kind) + datetime.timedelta(days=20),
            reason="Thiên tai",
            granted_by=granter,
        )
        for unit in reporting_units(province).only("pk")
        for kind in (DeadlineKind.REGISTRATION, DeadlineKind.REVIEW_REPORT)
        if rng.random() < 0.02
    ]
    DeadlineExtension.objects.bulk_create(extensions, batch_size=2000)


def _public_summaries(rng, province) -> None:
    from apps.brightspots.enums import BrightSpotStatus
    from apps.brightspots.models import BrightSpot

    recognised = list(
        BrightSpot.objects.filter(
            unit__path__startswith=province.path, status=BrightSpotStatus.RECOGNISED
        ).only("pk")
    )
    public = [spot for spot in recognised if rng.random() < 0.6]
    for spot in public:
        spot.is_public = True
        spot.public_summary = "Tổ chức đối thoại định kỳ, công khai thu chi, lắng nghe dân."
        spot.public_effect = "Người dân đồng thuận, không còn đơn thư vượt cấp."
    BrightSpot.objects.bulk_update(
        public, ["is_public", "public_summary", "public_effect"], batch_size=2000
    )


def client_for(user):
    from django.test import Client

    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def count_queries(action) -> int:
    """Queries run by ``action`` (counted at the driver: the test client resets
    Django's own query log at every request)."""
    from django.db import connection

    count = 0

    def counter(execute, sql, params, many, context):
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        action()
    return count


def time_page(client, url: str, *, cold_cache: bool = False) -> dict:
    """Median and p95 server time of ``url`` and its query count (after warm-up)."""
    from django.core.cache import cache

    for _ in range(3):
        assert client.get(url).status_code == 200, url
    if cold_cache:
        cache.clear()
    queries = count_queries(lambda: client.get(url))
    times = []
    for _ in range(RUNS):
        if cold_cache:
            cache.clear()
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    times.sort()
    return {
        "median": statistics.median(times),
        "p95": times[int(len(times) * 0.95) - 1],
        "queries": queries,
        "bytes": len(response.content),
    }


def pages(year: int) -> list[tuple[str, str | None, str, bool]]:
    """(label, username or None for anonymous, url, cold cache)."""
    from django.urls import reverse

    from apps.units.models import Unit

    province = Unit.objects.get(code=CODE, depth=1)
    commune = Unit.objects.filter(path__startswith=province.path, depth=2, kind="commune").first()
    observer = f"{CODE.lower()}_observer"
    board = reverse("reports:dashboard")
    summary = reverse("reports:summary")
    showcase = reverse("reports:showcase")
    return [
        ("dashboard, province, this year", observer, f"{board}?year={year}", False),
        ("dashboard, province, last year", observer, f"{board}?year={year - 1}", False),
        ("dashboard, one commune", observer, f"{board}?unit={commune.pk}&year={year}", False),
        (
            "dashboard, missing units page 40",
            observer,
            f"{board}?year={year}&missing_page=40",
            False,
        ),
        ("province summary (HTML)", observer, f"{summary}?year={year}", False),
        ("showcase, first page (cold cache)", None, showcase, True),
        ("showcase, first page (cached)", None, showcase, False),
        ("showcase, search 'doi thoai' (cold)", None, f"{showcase}?q=doi+thoai", True),
        ("showcase, year + kind (cold)", None, f"{showcase}?year={year - 1}&kind=qcdc", True),
    ]


def measure_pages(year: int) -> None:
    from apps.accounts.models import User

    print(f"\nPages ({RUNS} requests each, after 3 warm-up requests); {_load()}")
    print(f"{'page':40} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'KiB':>6}")
    for label, username, url, cold in pages(year):
        user = User.objects.get(username=username) if username else None
        f = time_page(client_for(user), url, cold_cache=cold)
        print(
            f"{label:40} {f['median']:10.1f} {f['p95']:8.1f} {f['queries']:8d} "
            f"{f['bytes'] / 1024:6.0f}"
        )
    print(f"after the pages: {_load()}")


def _load() -> str:
    """The machine's load average: figures taken above ~1 on 2 cores are not comparable."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f}"


def measure_exports(year: int) -> None:
    from django.urls import reverse

    from apps.accounts.models import User

    client = client_for(User.objects.get(username=f"{CODE.lower()}_observer"))
    print("\nProvince summary exports")
    for label, name in (("xlsx", "reports:summary_xlsx"), ("PDF", "reports:summary_pdf")):
        url = f"{reverse(name)}?year={year}"
        client.get(url)
        started = time.perf_counter()
        response = client.get(url)
        seconds = time.perf_counter() - started
        print(f"  {label}: {seconds * 1000:.0f} ms, {len(response.content) / 1024:.0f} KiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--drop", action="store_true", help="drop the scratch database after")
    args = parser.parse_args()
    url = scratch_database(os.environ.get("BENCH_DB_NAME", "bench_dashboard"))
    setup_django(url)
    ensure_data(args.regenerate)
    from django.utils import timezone

    from apps.brightspots.models import BrightSpot
    from apps.decisions.models import Certificate
    from apps.reports.models import ReviewReport
    from apps.units.models import Unit

    year = timezone.localdate().year
    province = Unit.objects.get(code=CODE, depth=1)
    inside = {"unit__path__startswith": province.path}
    print(
        f"Province {CODE}: {Unit.objects.subtree_of(province).count()} units, "
        f"{BrightSpot.objects.filter(**inside).count()} bright spots over 5 years, "
        f"{Certificate.objects.filter(bright_spot__unit__path__startswith=province.path).count()}"
        f" certificates, {ReviewReport.objects.filter(**inside).count()} review reports"
    )
    measure_pages(year)
    measure_exports(year)
    if args.drop:
        from django.db import connections

        connections.close_all()
        drop_database(url)


if __name__ == "__main__":
    main()
