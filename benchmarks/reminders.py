"""The daily reminder run over a province of 3,500 units.

    source scripts/services.sh && .venv/bin/python benchmarks/reminders.py [--regenerate]
        [--drop] [--runs N] [--profile FILE]

Uses its own scratch database (BENCH_DB_NAME, default ``bench_reminders``) on the server
of DATABASE_URL: creates and migrates it, fills it once with ``generate_bench_data
--units 3500 --years 5`` plus an officer and a leader (with e-mail addresses) in every
reporting unit and an administrator in every commune and department, so every reminder
has its recipients (kept for the next run; --regenerate rebuilds it, --drop removes the
database at the end).

Finds the day of this year's cycle with the most reminders (a dry plan of every
candidate day: each deadline minus each offset, and the day after each deadline), then
runs ``reminders_send`` for that day --runs times (default 3) from nothing sent, then
once more on top of the last, and prints the time with the load average beside it (the
machine is shared), the reminders and e-mails queued, and the duplicates found at the
end (must be 0). --profile FILE writes a cProfile of the last fresh run.
"""

import argparse
import cProfile
import datetime
import os
import sys
import time
from pathlib import Path

from registration import drop_database, scratch_database

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CODE = "BENCH"
BENCH_REDIS_DB = 14


def broker_url() -> str:
    base = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0").rsplit("/", 1)[0]
    return f"{base}/{BENCH_REDIS_DB}"


def purge_broker() -> None:
    import redis

    redis.Redis.from_url(broker_url()).flushdb()


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    # A Redis database of its own: the thousands of "drain the outbox" messages the run
    # queues after its commits must not land in the shared queue (purged at the end).
    os.environ["REDIS_URL"] = broker_url()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


def ensure_data(regenerate: bool) -> None:
    from django.core.management import call_command

    from apps.accounts.models import User
    from apps.units.models import Unit

    call_command("migrate", verbosity=0)
    if regenerate or not Unit.objects.filter(code=CODE).exists():
        call_command("generate_bench_data", units=3500, years=5, code=CODE, replace=True)
    if not User.objects.filter(username__startswith="r_").exists():  # a run stopped early
        add_recipients()
    call_command("compilemessages", "-l", "vi", "--ignore=.venv", verbosity=0)


def add_recipients() -> None:
    """An officer and a leader in every reporting unit; an administrator in every unit
    directly under the province (the supervisors of their subunits)."""
    from django.db import transaction

    from apps.accounts.enums import Role
    from apps.accounts.models import Membership, User
    from apps.reports.selectors.deadlines import reporting_units
    from apps.units.models import Unit

    province = Unit.objects.get(code=CODE, depth=1)
    units = list(reporting_units(province).only("pk", "code", "depth"))
    wanted = [(u, Role.OFFICER) for u in units] + [(u, Role.LEADER) for u in units]
    wanted += [(u, Role.ADMIN) for u in units if u.depth == 2]
    with transaction.atomic():
        users = User.objects.bulk_create(
            [
                User(
                    username=f"r_{unit.code}_{role}".lower()[:150],
                    full_name=f"Cán bộ {unit.code}",
                    email=f"{unit.code}.{role}@bench.example".lower(),
                    password="!",
                )
                for unit, role in wanted
            ],
            batch_size=2000,
        )
        Membership.objects.bulk_create(
            [
                Membership(user=user, unit=unit, role=role)
                for user, (unit, role) in zip(users, wanted, strict=True)
            ],
            batch_size=2000,
        )


def reset_runs() -> None:
    """Forget earlier runs of this benchmark (this scratch database only)."""
    from apps.notifications.models import Notification, OutboxEmail
    from apps.reminders.models import ReminderLog

    ReminderLog.objects.all().delete()
    Notification.objects.all().delete()
    OutboxEmail.objects.all().delete()


def busiest_day(year: int) -> tuple[datetime.date, int]:
    """The candidate day of ``year`` with the most recipients in the dry plan."""

    from apps.cycles.enums import DEADLINE_FIELDS, DeadlineKind
    from apps.cycles.models import Cycle
    from apps.cycles.process import process_of
    from apps.reminders.selectors import reminder_plan

    cycle = Cycle.objects.get(province__code=CODE, year=year)
    process = process_of(cycle=cycle)
    days = set()
    for kind in DeadlineKind.values:
        due = cycle.deadline(kind)
        offsets = process.reminder_days(DEADLINE_FIELDS[kind])
        days |= {due - datetime.timedelta(days=o) for o in offsets}
        days.add(due + datetime.timedelta(days=1))
    counted = {
        day: sum(len(d.recipients) for d in reminder_plan(today=day)) for day in sorted(days)
    }
    for day, n in counted.items():
        print(f"  {day:%d/%m/%Y}: {n} recipients")
    return max(counted.items(), key=lambda item: item[1])


def duplicates() -> dict:
    """Rows that would mean a second copy: e-mails and notifications per recipient and
    subject, log rows per unique key (each must be 0)."""
    from django.db.models import Count

    from apps.notifications.models import Notification, OutboxEmail
    from apps.reminders.models import ReminderLog

    def extra(queryset, *fields) -> int:
        groups = queryset.values(*fields).annotate(n=Count("pk")).filter(n__gt=1)
        return sum(group["n"] - 1 for group in groups)

    return {
        "e-mails": extra(OutboxEmail.objects.all(), "to", "subject"),
        "notifications": extra(Notification.objects.all(), "user", "message"),
        "log rows": extra(
            ReminderLog.objects.all(),
            "kind",
            "cycle",
            "deadline",
            "due_date",
            "offset_days",
            "unit",
            "recipient",
        ),
    }


def run(day: datetime.date, label: str, profile_to: str = "") -> None:
    from apps.reminders.services import reminders_send

    load = os.getloadavg()[0]
    profile = cProfile.Profile() if profile_to else None
    started = time.perf_counter()
    if profile:
        profile.enable()
    result = reminders_send(today=day)
    if profile:
        profile.disable()
        profile.dump_stats(profile_to)
    seconds = time.perf_counter() - started
    print(
        f"  {label}: {seconds:.1f} s (load {load:.2f}); {result.deliveries} reminders/digests, "
        f"{result.recipients} recipients, {result.emails} e-mails queued"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--drop", action="store_true", help="drop the scratch database after")
    parser.add_argument("--runs", type=int, default=3, help="fresh runs of the busiest day")
    parser.add_argument("--profile", default="", help="write a cProfile of the last run here")
    args = parser.parse_args()
    url = scratch_database(os.environ.get("BENCH_DB_NAME", "bench_reminders"))
    setup_django(url)
    ensure_data(args.regenerate)
    from django.utils import timezone

    from apps.reports.selectors.deadlines import reporting_units
    from apps.units.models import Unit

    reset_runs()
    province = Unit.objects.get(code=CODE, depth=1)
    print(f"Province {CODE}: {reporting_units(province).count()} reporting units")
    print("Dry plan of the candidate days:")
    started = time.perf_counter()
    day, recipients = busiest_day(timezone.localdate().year)
    print(f"  (planning every candidate day took {time.perf_counter() - started:.1f} s)")
    print(f"Busiest day {day:%d/%m/%Y}: {recipients} recipients")
    for number in range(1, args.runs + 1):
        reset_runs()
        last = number == args.runs
        run(day, f"run {number} (nothing sent yet)", args.profile if last else "")
    run(day, "again, same day (must send nothing)")
    print("Duplicates after both runs: " + ", ".join(f"{k} {v}" for k, v in duplicates().items()))
    purge_broker()
    if args.drop:
        from django.db import connections

        connections.close_all()
        drop_database(url)


if __name__ == "__main__":
    main()
