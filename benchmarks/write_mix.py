"""Writes under load: board members acknowledging routed registration lists, each
POSTed twice at the same moment (a double submit from two windows), beside the officer
read mix, against gunicorn; successes counted by their audit rows.

    source scripts/services.sh && .venv/bin/python benchmarks/write_mix.py \
        [--workers 2] [--writes 400] [--regenerate]

Builds its own database (BENCH_DB_NAME, default ``bench_writes``: the benchmark
province of benchmarks/dashboard.py) and, like throughput.py, its own redis-server and
gunicorn with production settings. Each run acknowledges up to --writes routings still
pending at the benchmark board (a run uses them up: --regenerate rebuilds). After the
run it reads the database and prints:

- successful writes a second: routings acknowledged with exactly one "acknowledge"
  audit row, over the run's duration;
- refusals: routings still pending after the run (the service refused, or the run
  ended before wrk reached them; not counted as writes);
- lost updates: an answer that cannot be told from success (a redirect to the routing)
  whose routing is not acknowledged with its audit row, or an acknowledged routing
  without its audit row; duplicates: a routing with two audit rows (the double submit
  applied twice);
- deadlocks: "deadlock detected" in gunicorn's log; errors: answers other than 302.

Target: >= 30 successful writes/s, 0 lost updates, 0 duplicates, 0 deadlocks.
Only the acknowledgement is driven here; saving a self-assessment, sending a list and
submitting a dossier are not (yet) in the mix.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import subprocess
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from load import BENCH_DIR, HEADER, Gunicorn, Redis, load_average, run_wrk, session_cookie, setup
from registration import scratch_database

CODE = "BENCH"
WRITE_TARGET = 30
WRITE_SECONDS = 40  # the writes and the reads beside them
WRITE_LUA = BENCH_DIR / "wrk" / "write.lua"


def pending_routings(limit: int) -> list[int]:
    """Routings of the latest cycle pending at a board the benchmark board member answers
    for (checked with the permission rule, as the page does)."""
    from apps.accounts.models import User
    from apps.accounts.permissions import can
    from apps.brightspots.enums import RoutingStatus
    from apps.brightspots.models import RegistrationRouting

    board = User.objects.get(username=f"{CODE.lower()}_board")
    candidates = (
        RegistrationRouting.objects.received_by(board)
        .filter(status=RoutingStatus.PENDING)
        .select_related("registration_list__unit", "registration_list__cycle", "board", "cycle")
        .order_by("-cycle__year", "id")[: limit * 3]
    )
    return [r.pk for r in candidates if can(board, "brightspots.answer_routing", r)][:limit]


def outcome(ids: list[int], since) -> dict:
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Count

    from apps.brightspots.enums import RoutingStatus
    from apps.brightspots.models import RegistrationRouting
    from apps.core.models import AuditEvent

    kind = ContentType.objects.get_for_model(RegistrationRouting)
    audits = dict(
        AuditEvent.objects.filter(
            content_type=kind,
            object_id__in=[str(pk) for pk in ids],
            action="acknowledge",
            created_at__gte=since,
        )
        .values_list("object_id")
        .annotate(n=Count("id"))
    )
    last = (
        AuditEvent.objects.filter(content_type=kind, action="acknowledge", created_at__gte=since)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    states = dict(RegistrationRouting.objects.filter(pk__in=ids).values_list("pk", "status"))
    done = [pk for pk in ids if states[pk] == RoutingStatus.ACKNOWLEDGED]
    return {
        "successes": sum(1 for pk in done if audits.get(str(pk)) == 1),
        "refusals": sum(1 for pk in ids if states[pk] == RoutingStatus.PENDING),
        "lost": sum(1 for pk in done if not audits.get(str(pk)))
        + sum(1 for pk in ids if audits.get(str(pk)) and states[pk] != RoutingStatus.ACKNOWLEDGED),
        "duplicates": sum(1 for n in audits.values() if n > 1),
        "seconds": (last - since).total_seconds() if last else 0.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--writes", type=int, default=400)
    parser.add_argument(
        "--writers", type=int, default=4, help="write connections (even: two threads)"
    )
    parser.add_argument("--alone", action="store_true", help="no officer reads beside the writes")
    parser.add_argument("--regenerate", action="store_true")
    args = parser.parse_args()

    url = scratch_database(os.environ.get("BENCH_DB_NAME", "bench_writes"), fresh=args.regenerate)
    redis = Redis()
    server = None
    try:
        env = setup(url, redis.url, {})
        import dashboard

        dashboard.ensure_data(args.regenerate)
        server = Gunicorn(env, workers=args.workers)
        measure(args, server)
    finally:
        if server:
            server.stop()
        redis.stop()


def measure(args, server: Gunicorn) -> None:
    import throughput
    from django.urls import reverse
    from django.utils import timezone

    ids = pending_routings(args.writes)
    if not ids:
        sys.exit("No pending routings left at the benchmark board: run with --regenerate.")
    csrf = secrets.token_hex(16)
    cookie = f"{session_cookie(f'{CODE.lower()}_board')}; csrftoken={csrf}"
    paths = [reverse("brightspots:routing_acknowledge", args=[pk]) for pk in ids]
    persona, reads = throughput.mixes(CODE)["officer"]
    read_cookie = session_cookie(persona)
    floor = run_wrk("/health/ (floor)", server.base, ["/health/"], seconds=10)
    print(f"gunicorn {args.workers} sync workers; {len(ids)} routings, each POSTed twice")
    print(HEADER)
    print(floor.row(floor.requests_per_second), flush=True)

    read_result = {}
    reader = threading.Thread(
        target=lambda: read_result.update(
            figures=run_wrk(
                "officer reads beside",
                server.base,
                reads,
                cookie=read_cookie,
                seconds=WRITE_SECONDS,
            )
        )
    )
    since = timezone.now()
    if not args.alone:
        reader.start()
    command = ["wrk", "-t2", f"-c{args.writers}", f"-d{WRITE_SECONDS}s", "--timeout=30s"]
    written = subprocess.run(
        [*command, "-s", WRITE_LUA, server.base],
        env={**os.environ, "BENCH_PATHS": "\n".join(paths), "BENCH_COOKIE": cookie}
        | {"BENCH_CSRF": csrf},
        capture_output=True,
        text=True,
    )
    if not args.alone:
        reader.join()
    line = next((x for x in written.stdout.splitlines() if x.startswith("JSON ")), None)
    if line is None:
        sys.exit(f"wrk gave no figures:\n{written.stdout}\n{written.stderr}")
    answers = json.loads(line[5:])
    result = outcome(ids, since)
    deadlocks = server.log.read_text().count("deadlock detected")
    # wrk runs for its whole -d even once every thread has stopped: the writes' own span
    # is from the start to the last audit row.
    rate = result["successes"] / result["seconds"] if result["seconds"] else 0.0
    if not args.alone:
        print(read_result["figures"].row(floor.requests_per_second))
    print(
        f"\nwrites: {2 * len(ids)} POSTs, the last success {result['seconds']:.1f} s after the "
        f"start (p99 {answers['p99_us'] / 1000:.0f} ms), {answers['redirected']} redirects, "
        f"{answers['failed']} other answers {answers['statuses']}; "
        f"load {load_average()}"
    )
    print(
        f"successful writes {result['successes']} = {rate:.1f}/s "
        f"({rate / floor.requests_per_second:.4f} of the floor); refusals "
        f"{result['refusals']}; lost updates {result['lost']}; duplicates "
        f"{result['duplicates']}; deadlocks {deadlocks}"
    )
    met = (
        rate >= WRITE_TARGET
        and not result["lost"]
        and not result["duplicates"]
        and not deadlocks
        and not answers["failed"]
    )
    print(
        f"target (>= {WRITE_TARGET} writes/s, 0 lost, 0 deadlocks): {'met' if met else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
