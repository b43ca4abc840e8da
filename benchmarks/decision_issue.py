"""Issuing a decision that recognises 1,000 bright spots. Target: <= 2 s on any run.

    source scripts/services.sh && .venv/bin/python benchmarks/decision_issue.py [--runs N]
        [--units U] [--spots S] [--profile FILE] [--keep]

Uses its own scratch database (BENCH_DB_NAME, default ``bench_decision_issue``) on the
server of DATABASE_URL, created and migrated on the first run and kept (--drop removes
it at the end). Each run builds a fresh commune authority with U (default 200) villages,
an officer and a leader with e-mail addresses in each, and S (default 1,000) proposed
bright spots spread over the villages, drafts one decision listing them all, then times
``apps.decisions.services.decision_issue`` alone. Printed per run: the time, the load
average beside it (the machine is shared: figures vary up to 3x with it), the
certificates made, the audit rows per spot for "recognise" (must be exactly 1), and the
notices and e-mails queued (one per unit member). --profile writes a cProfile of the
last run's issue to FILE (read it with ``python -m pstats FILE``).
"""

import argparse
import cProfile
import datetime
import os
import sys
import time
from pathlib import Path

from certificates import proposed_spots
from registration import drop_database, load_average, scratch_database

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_REDIS_DB = 14


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    # The "drain the outbox" message goes to a Redis database of its own (flushed after).
    base = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0").rsplit("/", 1)[0]
    os.environ["REDIS_URL"] = f"{base}/{BENCH_REDIS_DB}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)


def build(run: int, units: int, count: int, year: int):
    """A commune authority of its own for this run, its villages and their staff, and a
    draft decision listing ``count`` proposed bright spots."""
    from apps.accounts.enums import Role
    from apps.accounts.models import Membership, User
    from apps.criteria.models import CriteriaSet
    from apps.cycles.models import Cycle
    from apps.cycles.process import current_process
    from apps.decisions import services
    from apps.units.enums import UnitKind, UnitLevel
    from apps.units.models import Unit

    tag = f"{os.getpid()}-{run}"
    province = Unit.objects.add_root(
        {
            "name": "Tỉnh Thử",
            "code": f"BDI-P-{tag}",
            "kind": UnitKind.PROVINCE,
            "level": UnitLevel.PROVINCE,
        }
    )
    commune = Unit.objects.add_child(
        province,
        {
            "name": "Xã Thử",
            "code": f"BDI-C-{tag}",
            "kind": UnitKind.COMMUNE,
            "level": UnitLevel.COMMUNE,
            "is_recognising_authority": True,
        },
    )
    villages = [
        Unit.objects.add_child(
            commune,
            {
                "name": f"Thôn {i + 1}",
                "code": f"BDI-V-{tag}-{i}",
                "kind": UnitKind.SUBUNIT,
                "level": UnitLevel.UNIT,
            },
        )
        for i in range(units)
    ]
    chairman = User.objects.create(username=f"bdi_chair_{tag}", full_name="Nguyễn Văn Đệ")
    Membership.objects.create(user=chairman, unit=commune, role=Role.DECISION_MAKER)
    staff = User.objects.bulk_create(
        User(
            username=f"bdi_{tag}_{i}_{role}",
            full_name=f"Cán bộ {i + 1}",
            email=f"bdi_{tag}_{i}_{role}@example.vn",
        )
        for i in range(units)
        for role in ("officer", "leader")
    )
    Membership.objects.bulk_create(
        Membership(user=user, unit=villages[i // 2], role=(Role.OFFICER, Role.LEADER)[i % 2])
        for i, user in enumerate(staff)
    )
    cycle = Cycle.objects.create(
        province=province, year=year, **current_process(province).default_dates(year)
    )
    criteria_set = CriteriaSet.objects.create(code=f"bdi-{tag}", name="Bộ tiêu chí", kinds=["qcdc"])
    spots = proposed_spots(
        units=villages, cycle=cycle, criteria_set=criteria_set, by=chairman, count=count
    )
    return services.decision_create(authority=commune, bright_spots=spots, by=chairman), chairman


def measure(run: int, args, profile: cProfile.Profile | None) -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Count
    from django.utils import timezone

    from apps.brightspots.models import BrightSpot
    from apps.core.models import AuditEvent
    from apps.decisions import services
    from apps.notifications.models import Notification, OutboxEmail

    year = timezone.localdate().year
    now = datetime.datetime(year, 11, 2, 9, 0, tzinfo=timezone.get_current_timezone())
    decision, chairman = build(run, args.units, args.spots, year)
    services.decision_update(
        decision=decision,
        by=chairman,
        values={"signer_name": "Nguyễn Văn Đệ", "signed_on": now.date()},
        now=now,
    )
    notices_before, emails_before = Notification.objects.count(), OutboxEmail.objects.count()
    load = os.getloadavg()[0]
    started = time.perf_counter()
    if profile:
        profile.enable()
    services.decision_issue(decision=decision, by=chairman, now=now)
    if profile:
        profile.disable()
    seconds = time.perf_counter() - started
    spot_ids = list(decision.items.values_list("bright_spot_id", flat=True))
    per_spot = (
        AuditEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(BrightSpot),
            object_id__in=spot_ids,
            action__endswith="recognise",
        )
        .values("object_id")
        .annotate(n=Count("id"))
    )
    counts = {row["n"] for row in per_spot}
    print(
        f"run {run + 1}: {seconds:.2f} s (load {load:.2f}); "
        f"{decision.certificates.count()} certificates; audit rows per spot {sorted(counts)} "
        f"over {len(per_spot)} spots; {Notification.objects.count() - notices_before} "
        f"notices, {OutboxEmail.objects.count() - emails_before} e-mails queued"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--units", type=int, default=200)
    parser.add_argument("--spots", type=int, default=1000)
    parser.add_argument("--profile", help="write a cProfile of the last run here")
    parser.add_argument("--drop", action="store_true", help="drop the scratch database after")
    args = parser.parse_args()
    url = scratch_database(os.environ.get("BENCH_DB_NAME", "bench_decision_issue"))
    setup_django(url)
    print(load_average("start"))
    for run in range(args.runs):
        last = run == args.runs - 1
        profile = cProfile.Profile() if args.profile and last else None
        measure(run, args, profile)
        if profile:
            profile.dump_stats(args.profile)
    print(load_average("end"))
    import redis
    from django.conf import settings

    redis.Redis.from_url(settings.CELERY_BROKER_URL).flushdb()
    if args.drop:
        from django.db import connections

        connections.close_all()
        drop_database(url)


if __name__ == "__main__":
    main()
