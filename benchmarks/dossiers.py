"""Dossier figures: the appraiser's queue over 15,000 dossiers of 13 criteria each
(server time and queries; target under 100 ms with a fixed number of queries), and the
PDF of a 19-criterion dossier (time, pages, peak memory).

    source scripts/services.sh && .venv/bin/python benchmarks/dossiers.py [COUNT]

Builds a scratch database (bench_dossiers): a province with 30 districts and 510
communes, COUNT (default 15,000) dossiers in every state over three years, 13
criterion rows each, 50 single-dossier grants to a district appraiser. Each stage runs
in a fresh process (so the PDF's peak RSS is that of a process doing only that). The
queue is timed through Django's test client (middleware, permission layer, template:
everything but the socket), median and 95th percentile of 30 requests after warm-up.
The scratch database is dropped at the end.
"""

import io
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
DB_NAME = "bench_dossiers"
RUNS = 30
EVIDENCE = (
    "Tổ chức {n} buổi đối thoại trực tiếp giữa người đứng đầu cấp ủy, chính quyền với Nhân "
    "dân; tiếp nhận và giải quyết dứt điểm {m} kiến nghị; công khai kết quả tại nhà văn hóa "
    "các khối, trên trang thông tin điện tử và nhóm Zalo của phường. "
)


# --- parent: scratch database and child processes ---------------------------------------


def main(count: int) -> None:
    base = os.environ["DATABASE_URL"]
    url = base.rsplit("/", 1)[0] + "/" + DB_NAME
    with psycopg.connect(base, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        admin.execute(f"CREATE DATABASE \"{DB_NAME}\" ENCODING 'UTF8' TEMPLATE template0")
        try:
            run(url, [str(ROOT / "manage.py"), "migrate", "--noinput", "-v", "0"])
            report(url, count)
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')


def report(url: str, count: int) -> None:
    setup, setup_wall, _ = stage(url, "setup", str(count))
    print(
        f"data: {setup['dossiers']:,} dossiers, {setup['assessments']:,} criterion rows, "
        f"{setup['units']} units (built in {setup_wall:.0f} s)"
    )
    queue, _, _ = stage(url, "queue", "0")
    print(f"load average while measuring: {os.getloadavg()[0]:.1f} (2 cores)")
    print("appraiser queue (server time through the full Django stack, 30 requests):")
    for row in queue["rows"]:
        print(
            f"  {row['label']:<50} best {row['best_ms']:5.1f}  median {row['median_ms']:5.1f}"
            f"  p95 {row['p95_ms']:5.1f} ms  {row['queries']:2d} queries  ({row['count']:,} match)"
        )
    pdf, pdf_wall, pdf_peak = stage(url, "pdf", str(setup["pdf_dossier"]))
    print(
        f"PDF of a {pdf['criteria']}-criterion dossier: {pdf['median_ms']:.0f} ms median "
        f"(best {pdf['best_ms']:.0f} ms, first {pdf['first_ms']:.0f} ms incl. WeasyPrint import), "
        f"{pdf['pages']} pages, {pdf['kilobytes']:.0f} KB; peak Python allocations during one "
        f"render {pdf['tracemalloc_mb']:.1f} MB; process peak RSS {pdf_peak:.0f} MB "
        f"({pdf_wall:.1f} s wall)"
    )


def stage(url: str, name: str, *args: str) -> tuple[dict, float, float]:
    out, wall, peak = run(url, [__file__, "--stage", name, *args])
    return json.loads(out.strip().splitlines()[-1]), wall, peak


def run(url: str, argv: list[str]) -> tuple[str, float, float]:
    """Run a child Python: (stdout, wall seconds, peak RSS in MB)."""
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DJANGO_DEBUG": "false",
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "LOG_LEVEL": "WARNING",
        "MEDIA_ROOT": tempfile.gettempdir() + "/bench_dossiers_media",
    }
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen([PYTHON, *argv], cwd=ROOT, env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        if os.waitstatus_to_exitcode(status):
            raise SystemExit(f"{' '.join(argv)} failed:\n{err.read().decode()}")
        return out.read().decode(), wall, usage.ru_maxrss / 1024


# --- children ---------------------------------------------------------------------------


def child(name: str, arg: str) -> dict:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    return {"setup": setup_data, "queue": measure_queue, "pdf": measure_pdf}[name](int(arg))


def _units():
    from apps.units.enums import UnitKind, UnitLevel
    from apps.units.models import Unit

    province = Unit.objects.add_root(
        {"name": "Tỉnh Nghệ An", "code": "B-P40", "kind": "province", "level": "province"}
    )
    communes, districts = [], []
    for d in range(30):
        district = Unit.objects.add_child(
            province,
            {
                "name": f"Huyện {d + 1}",
                "code": f"B-D{d}",
                "kind": UnitKind.DISTRICT,
                "level": UnitLevel.DISTRICT,
            },
        )
        districts.append(district)
        for c in range(17):
            communes.append(
                Unit.objects.add_child(
                    district,
                    {
                        "name": f"{'Phường Vinh' if c % 5 == 0 else 'Xã'} {d + 1}-{c + 1}",
                        "code": f"B-W{d}-{c}",
                        "kind": UnitKind.COMMUNE,
                        "level": UnitLevel.COMMUNE,
                    },
                )
            )
    return province, districts, communes


def _criteria_set(code, groups):
    from apps.criteria.models import CriteriaSet, Criterion, CriterionGroup

    criteria_set = CriteriaSet.objects.create(
        code=code, name="Bộ tiêu chí (benchmark)", kinds=["qcdc", "dvcq"]
    )
    for order, (number, kinds, count) in enumerate(groups, start=1):
        group = CriterionGroup.objects.create(
            criteria_set=criteria_set,
            number=number,
            title=f"Nhóm {number}",
            kinds=kinds,
            order=order,
        )
        Criterion.objects.bulk_create(
            Criterion(
                group=group,
                number=f"{number}.{i}",
                text=f"Tiêu chí {number}.{i}: thực hiện tốt quy chế dân chủ ở cơ sở.",
                order=i,
            )
            for i in range(1, count + 1)
        )
    return criteria_set


def _member(username, unit, role):
    from apps.accounts.models import Membership, User

    user = User.objects.create(username=username, full_name=username, email=f"{username}@x.vn")
    Membership.objects.create(user=user, unit=unit, role=role)
    return user


def setup_data(count: int) -> dict:
    from django.db import connection
    from django.utils import timezone
    from guardian.shortcuts import assign_perm

    from apps.brightspots.models import BrightSpot
    from apps.cycles.models import Cycle
    from apps.cycles.process import current_process
    from apps.dossiers.enums import DossierStatus
    from apps.dossiers.models import CriterionAssessment, Dossier

    rng = random.Random(4)
    province, districts, communes = _units()
    creator = _member("bench_appraiser", province, "appraiser")
    district_appraiser = _member("bench_district_appraiser", districts[0], "appraiser")
    _member("bench_officer", communes[0], "officer")
    thirteen = [("1", ["qcdc", "dvcq"], 6), ("2.1", ["qcdc"], 7), ("2.2", ["dvcq"], 7)]
    criteria_set = _criteria_set("bench-13", thirteen)
    cycles = [
        Cycle.objects.create(
            province=province, year=y, **current_process(province).default_dates(y)
        )
        for y in (2024, 2025, 2026)
    ]
    kinds = ["qcdc", "dvcq"]
    spots = BrightSpot.objects.bulk_create(
        BrightSpot(
            unit=communes[i % len(communes)],
            cycle=cycles[i % 3],
            kind=kinds[i % 2],
            name=f"Điểm sáng {i}: đối thoại với Nhân dân",
            address="Trụ sở",
            search_text=f"diem sang {i}: doi thoai voi nhan dan tru so",
            criteria_set=criteria_set,
            status="in_recognition",
            created_by=creator,
        )
        for i in range(count)
    )
    now, states = timezone.now(), list(DossierStatus)
    dossiers = Dossier.objects.bulk_create(
        Dossier(
            bright_spot=spot,
            status=rng.choice(states),
            state_changed_at=now - timezone.timedelta(days=rng.randint(0, 60)),
            created_by=creator,
            updated_by=creator,
            how_done="Cách làm",
        )
        for spot in spots
    )
    criteria = {
        kind: list(
            criteria_set.groups.filter(kinds__contains=[kind]).values_list(
                "criteria__id", flat=True
            )
        )
        for kind in kinds
    }
    rows = [
        CriterionAssessment(dossier=d, criterion_id=c, level="good", evidence="Minh chứng")
        for d, spot in zip(dossiers, spots, strict=True)
        for c in criteria[spot.kind]
    ]
    CriterionAssessment.objects.bulk_create(rows, batch_size=5000)
    for dossier in rng.sample(dossiers, 50):
        assign_perm("dossiers.appraise_dossier", district_appraiser, dossier)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # planner statistics, as autovacuum keeps them in production
    return {
        "dossiers": len(dossiers),
        "assessments": len(rows),
        "units": 1 + len(districts) + len(communes),
        "pdf_dossier": _pdf_dossier(communes[0], cycles[2], creator).pk,
    }


def _pdf_dossier(commune, cycle, user):
    """A passed and proposed dossier of 19 criteria with realistic text and findings."""
    from django.utils import timezone

    from apps.brightspots.models import BrightSpot
    from apps.dossiers.models import CriterionAssessment, Dossier

    criteria_set = _criteria_set(
        "bench-19", [("1", ["qcdc"], 6), ("2.1", ["qcdc"], 7), ("2.2", ["qcdc"], 6)]
    )
    spot = BrightSpot.objects.create(
        unit=commune,
        cycle=cycle,
        kind="qcdc",
        name="Đối thoại trực tiếp giữa người đứng đầu cấp ủy, chính quyền với Nhân dân",
        address="Khối 3, phường Vinh Phú",
        criteria_set=criteria_set,
        status="in_recognition",
        created_by=user,
    )
    section = EVIDENCE.format(n=12, m=87) * 6
    dossier = Dossier.objects.create(
        bright_spot=spot,
        status="proposed",
        created_by=user,
        updated_by=user,
        how_done=section,
        lessons=section,
        effect=section,
        spread=section,
        conclusion="passed",
        appraisal_comments=section,
        appraised_at=timezone.now(),
        appraiser=user,
        letter_number="27/CV-BCĐ",
        letter_date=timezone.localdate(),
        letter_signer="Nguyễn Thị Lan",
        letter_signer_title="Trưởng ban",
        letter_issuer="leadership",
        letter_issuing_unit=commune,
    )
    CriterionAssessment.objects.bulk_create(
        CriterionAssessment(
            dossier=dossier,
            criterion=c,
            level="good",
            evidence=EVIDENCE.format(n=i + 2, m=10 * i) * 2,
            finding_level="met",
            finding_note="Đúng như báo cáo của đơn vị; có biên bản kèm theo.",
        )
        for i, c in enumerate(
            c for g in criteria_set.groups.order_by("order") for c in g.criteria.order_by("order")
        )
    )
    return dossier


def _time(client, path, params) -> tuple[list[float], int]:
    """Server times (ms) of RUNS requests after a warm-up, and the queries of one."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        client.get(path, params)
    samples = []
    for _ in range(RUNS):
        started = time.perf_counter()
        response = client.get(path, params)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as captured:
        client.get(path, params)
    return samples, len(captured)


def measure_queue(_unused: int) -> dict:
    from django.test import Client
    from django.urls import reverse

    from apps.accounts.models import User
    from apps.dossiers.selectors import default_queue_state, dossier_queue

    path = reverse("dossiers:queue")
    scenarios = [
        ("province appraiser, waiting for appraisal (default)", "bench_appraiser", {}),
        ("province appraiser, every state", "bench_appraiser", {"state": ""}),
        (
            "province appraiser, every state, page 300",
            "bench_appraiser",
            {"state": "", "page": 300},
        ),
        (
            "province appraiser, DVCQ waiting >= 30 days",
            "bench_appraiser",
            {"kind": "dvcq", "days": 30},
        ),
        (
            "province appraiser, search 'phuong vinh'",
            "bench_appraiser",
            {"state": "", "q": "phuong vinh"},
        ),
        (
            "district appraiser + 50 single-dossier grants",
            "bench_district_appraiser",
            {"state": ""},
        ),
        ("commune officer", "bench_officer", {}),
    ]
    rows = []
    for label, username, params in scenarios:
        user = User.objects.get(username=username)
        client = Client()
        client.force_login(user)
        samples, queries = _time(client, path, params)
        filters = {"state": default_queue_state(user)} | params
        filters.pop("page", None)
        count = dossier_queue(user=user, text=filters.pop("q", ""), **filters).count()
        rows.append(
            {
                "label": label,
                "best_ms": min(samples),
                "median_ms": statistics.median(samples),
                "p95_ms": statistics.quantiles(samples, n=20)[18],
                "queries": queries,
                "count": count,
            }
        )
    return {"rows": rows}


def measure_pdf(dossier_id: int) -> dict:
    import tracemalloc

    from pypdf import PdfReader

    from apps.dossiers.models import Dossier
    from apps.dossiers.pdf import dossier_pdf
    from apps.dossiers.selectors import dossier_for_page

    dossier = dossier_for_page().get(pk=dossier_id)
    started = time.perf_counter()
    pdf = dossier_pdf(dossier=dossier)
    first = (time.perf_counter() - started) * 1000
    samples = []
    for _ in range(5):
        started = time.perf_counter()
        dossier_pdf(dossier=dossier_for_page().get(pk=dossier_id))
        samples.append((time.perf_counter() - started) * 1000)
    tracemalloc.start()
    dossier_pdf(dossier=dossier_for_page().get(pk=dossier_id))
    peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024
    tracemalloc.stop()
    return {
        "criteria": Dossier.objects.get(pk=dossier_id).assessments.count(),
        "first_ms": first,
        "best_ms": min(samples),
        "median_ms": statistics.median(samples),
        "pages": len(PdfReader(io.BytesIO(pdf)).pages),
        "kilobytes": len(pdf) / 1024,
        "tracemalloc_mb": peak,
    }


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--stage":
        print(json.dumps(child(sys.argv[2], sys.argv[3])))
    else:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 15_000)
