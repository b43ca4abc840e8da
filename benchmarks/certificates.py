"""Certificate printing: one certificate on request, and a decision's 1,000
certificates in one PDF as the worker prints them. Target: at least 15 pages a second
on this 2-core machine (aim 20), worker peak RSS under 1 GB.

    source scripts/services.sh && .venv/bin/python benchmarks/certificates.py [COUNT [CHUNK]]

Builds a scratch database (bench_certificates): a commune that recognises its own
bright spots, COUNT (default 1,000) proposed bright spots with varied Vietnamese names,
and one decision issued through the services (its issue time is printed too). Then,
each in a fresh process so the peak RSS is that of a worker doing only this:

- the print job's service (``print_job_run``: load, render in chunks of CHUNK pages,
  default apps.decisions.pdf.BATCH_CHUNK, join into one PDF, save);
- one certificate rendered on request (best of 5, after a warm-up);
- WeasyPrint alone on a bare 100-page document (one short line a page), so the ratio
  shows what our certificate template costs per page.

The scratch database is dropped at the end.
"""

import datetime
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
DB_NAME = "bench_certificates"
NAMES = [
    "Đối thoại trực tiếp giữa người đứng đầu cấp ủy, chính quyền với Nhân dân",
    "Công khai, minh bạch thủ tục hành chính tại bộ phận một cửa",
    "Mô hình “Dân vận khéo” trong vận động Nhân dân hiến đất làm đường giao thông nông thôn",
    "Xây dựng khu dân cư văn minh, an toàn, gắn với chuyển đổi số",
    "Phát huy vai trò giám sát của Ban Thanh tra nhân dân và Ban Giám sát đầu tư cộng đồng "
    "trong thực hiện các công trình phúc lợi ở cơ sở, bảo đảm dân biết, dân bàn, dân làm, "
    "dân kiểm tra, dân giám sát, dân thụ hưởng",
]


# --- parent: scratch database and child processes ---------------------------------------


def main(count: int, chunk: int | None) -> None:
    base = os.environ["DATABASE_URL"]
    url = base.rsplit("/", 1)[0] + "/" + DB_NAME
    with psycopg.connect(base, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        admin.execute(f"CREATE DATABASE \"{DB_NAME}\" ENCODING 'UTF8' TEMPLATE template0")
        try:
            run(url, [str(ROOT / "manage.py"), "migrate", "--noinput", "-v", "0"])
            report(url, count, chunk)
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')


LOAD_BEFORE = os.getloadavg()[0]


def proposed_spots(*, units, cycle, criteria_set, by, count: int) -> list:
    """``count`` bright spots in recognition, spread over ``units`` in turn, each with a
    dossier proposed for recognition (bulk inserts: the benchmark's set-up, not its
    subject)."""
    from apps.brightspots.enums import BrightSpotStatus
    from apps.brightspots.models import BrightSpot
    from apps.dossiers.enums import DossierStatus
    from apps.dossiers.models import Dossier

    spots = BrightSpot.objects.bulk_create(
        BrightSpot(
            unit=units[i % len(units)],
            cycle=cycle,
            kind="qcdc",
            name=f"{NAMES[i % len(NAMES)]} (số {i + 1})",
            address=units[i % len(units)].name,
            criteria_set=criteria_set,
            status=BrightSpotStatus.IN_RECOGNITION,
            created_by=by,
        )
        for i in range(count)
    )
    Dossier.objects.bulk_create(
        Dossier(bright_spot=s, status=DossierStatus.PROPOSED, created_by=by, updated_by=by)
        for s in spots
    )
    return spots


def report(url: str, count: int, chunk: int | None) -> None:
    setup, _, _ = stage(url, "setup", str(count))
    printed, wall, peak = stage(url, "print", str(setup["job"]), str(chunk or 0))
    single, _, single_peak = stage(url, "single", str(setup["certificate"]))
    bare_page = single["bare_seconds"] / 100
    page = printed["render_seconds"] / printed["pages"]
    bare_cpu_page = single["bare_cpu_seconds"] / 100
    cpu_page = printed["cpu_seconds"] / printed["pages"]
    print(f"issue a decision of {count} bright spots (services): {setup['issue_seconds']:.1f} s")
    print(
        f"one certificate on request: {single['single_seconds'] * 1000:.0f} ms "
        f"(peak RSS {single_peak:.0f} MB)"
    )
    print(
        f"{printed['pages']} certificates in one PDF: {printed['render_seconds']:.1f} s, "
        f"{printed['pages'] / printed['render_seconds']:.1f} pages/s, "
        f"{printed['megabytes']:.1f} MB file; worker process {wall:.1f} s wall, "
        f"peak RSS {peak:.0f} MB"
    )
    print(
        f"  CPU time {printed['cpu_seconds']:.1f} s = "
        f"{printed['pages'] / printed['cpu_seconds']:.1f} pages per CPU-second "
        f"(the wall-clock figure on an otherwise idle machine); load average before the "
        f"run {LOAD_BEFORE:.1f}"
    )
    print(f"  chunks ({printed['chunk']} pages each) done at (s): {printed['progress']}")
    print(
        f"bare 100-page WeasyPrint document: {bare_page * 1000:.1f} ms/page wall, "
        f"{bare_cpu_page * 1000:.1f} ms/page CPU; our certificates (whole job): "
        f"{page * 1000:.1f} ms/page wall ({page / bare_page:.1f}x), "
        f"{cpu_page * 1000:.1f} ms/page CPU ({cpu_page / bare_cpu_page:.1f}x)"
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
        "LOG_LEVEL": "WARNING",
    }
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen([PYTHON, *argv], cwd=ROOT, env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if process.returncode:
            raise SystemExit(f"{' '.join(argv)} failed:\n{err.read().decode()}")
        return out.read().decode(), wall, usage.ru_maxrss / 1024


# --- children ---------------------------------------------------------------------------


def child(name: str, *args: str) -> dict:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    stages = {"setup": setup_data, "print": print_batch, "single": single_and_bare}
    return stages[name](*map(int, args))


def setup_data(count: int) -> dict:
    """A commune authority with ``count`` proposed bright spots, recognised by one decision
    issued through the services."""
    from django.utils import timezone

    from apps.accounts.enums import Role
    from apps.accounts.models import Membership, User
    from apps.criteria.models import CriteriaSet
    from apps.cycles.models import Cycle
    from apps.cycles.process import current_process
    from apps.decisions import services
    from apps.units.enums import UnitKind, UnitLevel
    from apps.units.models import Unit

    province = Unit.objects.add_root(
        {
            "name": "Tỉnh Nghệ An",
            "code": "BENCH-P40",
            "kind": UnitKind.PROVINCE,
            "level": UnitLevel.PROVINCE,
        }
    )
    commune = Unit.objects.add_child(
        province,
        {
            "name": "Phường Vinh Phú",
            "code": "BENCH-W1",
            "kind": UnitKind.COMMUNE,
            "level": UnitLevel.COMMUNE,
            "is_recognising_authority": True,
        },
    )
    chairman = User.objects.create(username="bench_chairman", full_name="Nguyễn Văn Đệ")
    Membership.objects.create(user=chairman, unit=commune, role=Role.DECISION_MAKER)
    # This year's cycle, issued inside its recognition window (as decision_issue.py).
    year = timezone.localdate().year
    now = datetime.datetime(year, 11, 2, 9, 0, tzinfo=timezone.get_current_timezone())
    cycle = Cycle.objects.create(
        province=province, year=year, **current_process(province).default_dates(year)
    )
    criteria_set = CriteriaSet.objects.create(code="bench", name="Bộ tiêu chí", kinds=["qcdc"])
    spots = proposed_spots(
        units=[commune], cycle=cycle, criteria_set=criteria_set, by=chairman, count=count
    )
    started = time.perf_counter()
    decision = services.decision_create(authority=commune, bright_spots=spots, by=chairman)
    services.decision_update(
        decision=decision,
        by=chairman,
        values={"signer_name": "Nguyễn Văn Đệ", "signed_on": now.date()},
        now=now,
    )
    decision = services.decision_issue(decision=decision, by=chairman, now=now)
    issued = time.perf_counter() - started
    job = services.certificates_print_request(decision=decision, by=chairman)
    return {
        "job": job.pk,
        "certificate": decision.certificates.order_by("serial").first().pk,
        "issue_seconds": issued,
    }


def print_batch(job_id: int, chunk: int) -> dict:
    """The worker's service, with the time each chunk finished."""
    from apps.decisions import pdf
    from apps.decisions.models import PrintJob
    from apps.decisions.services.printing import print_job_run

    pdf.BATCH_CHUNK = chunk or pdf.BATCH_CHUNK
    started, cpu_started = time.perf_counter(), time.process_time()
    marks = []
    render = pdf.render_document

    def timed(html):
        document = render(html)
        marks.append(round(time.perf_counter() - started, 1))
        return document

    pdf.render_document = timed
    print_job_run(job_id=job_id)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    job = PrintJob.objects.get(pk=job_id)
    assert job.status == "done", job.error
    return {
        "pages": job.done,
        "render_seconds": elapsed,
        "cpu_seconds": cpu,
        "megabytes": job.file.size / 1e6,
        "chunk": pdf.BATCH_CHUNK,
        "progress": marks,
    }


def single_and_bare(certificate_id: int) -> dict:
    from apps.core.pdf import render_pdf
    from apps.decisions.models import Certificate
    from apps.decisions.pdf import certificate_pdf

    certificate = Certificate.objects.select_related("decision").get(pk=certificate_id)
    certificate_pdf(certificate)  # warm-up: imports, fonts
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        certificate_pdf(Certificate.objects.select_related("decision").get(pk=certificate_id))
        timings.append(time.perf_counter() - started)
    bare = "".join(
        f'<p style="break-after: page">Trang {i} — Cộng hòa xã hội chủ nghĩa Việt Nam</p>'
        for i in range(100)
    )
    started, cpu_started = time.perf_counter(), time.process_time()
    render_pdf(f"<html><body>{bare}</body></html>")
    return {
        "single_seconds": min(timings),
        "bare_seconds": time.perf_counter() - started,
        "bare_cpu_seconds": time.process_time() - cpu_started,
    }


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--stage":
        print(json.dumps(child(sys.argv[2], *sys.argv[3:])))
    else:
        numbers = [int(a) for a in sys.argv[1:3]]
        main(numbers[0] if numbers else 1000, numbers[1] if len(numbers) > 1 else None)
