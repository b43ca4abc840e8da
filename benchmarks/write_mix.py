"""Writes under load on a deadline day: the four writes of the season, each by the person
who does it, each POSTed twice at the same moment (a double submit from two windows),
beside the officer read mix, against gunicorn; successes counted by their audit rows.

    source scripts/services.sh && .venv/bin/python benchmarks/write_mix.py \\
        [--workers 2] [--writes 300] [--writers 4] [--readers 4] [--alone] [--regenerate]

Builds its own database (BENCH_DB_NAME, default ``bench_writes``: the benchmark
province of benchmarks/dashboard.py) and, like throughput.py, its own redis-server and
gunicorn with production settings. benchmarks/write_prep.py prepares, through the
services, what the writes act on: writers (an officer and a leader of each unit, an
appraiser of each commune and department, a member of each board, all with e-mail
addresses, so the notices go by e-mail as in production), the current cycle's
registration date a week ahead
and its recognition window around today, draft dossiers (opened with
``dossier_create``; those to submit filled with ``dossier_save``). The mix, through the
real forms (POST with the CSRF token, wrk/write.lua), up to --writes of each kind,
interleaved:

- save: an officer saves one criterion of a draft dossier's self-assessment, as the
  long form's script does (``dossiers:edit_criterion`` with ``Accept:
  application/json``, the page's lock version); audit ``dossier_edit``;
- send: a unit leader approves and sends the unit's draft registration list
  (``brightspots:registration_send``; the rule is the leader's); audit ``send``;
- acknowledge: a steering member of the receiving board acknowledges a pending routing
  (``brightspots:routing_acknowledge``); audit ``acknowledge``;
- submit: an officer submits a complete draft dossier (``dossiers:submit``); audit
  ``dossier_submit``.

A write costs its POST only: wrk does not follow the redirect (a browser would then GET
the object's page, a read like those of the read mix).

After the run it reads the database and prints, per kind and in all:

- successes: the object in its new state (the criterion holding the saved text, the
  list sent, the routing acknowledged, the dossier submitted) with exactly one audit
  row of the kind's action since the start; writes/s over the writes' span (the start
  to the last audit row);
- refusals: answered, and the object unchanged without an audit row (the service
  refused: a rule, a date, a state);
- not reached: neither POST answered when the run ended (not counted as writes);
- lost updates: an object in its new state without its audit row, an audit row
  without the state, or (saves, whose answer tells) a 200 "saved" answer whose text
  is not stored; duplicates: two audit rows (the double submit applied twice);
- deadlocks: "deadlock detected" in gunicorn's log; other answers: anything but 302
  (200 or 400 for the saves' JSON).

The read:write ratio. wrk runs closed loops: each connection waits for its answer
before it sends again, and the 2 sync workers take requests in turn, so each connection
gets about the same number of answers and the split follows the connection counts.
The default is as many read connections as write connections (--readers 4 --writers
4): one officer page view per POST, two per write since every write is posted twice.
On a deadline day most writes are the long form's criterion saves, posted in the
background from a page loaded once for a dozen or more of them; a list sent or a
routing acknowledged takes two to four pages (the list or the inbox, the page the
redirect leads to, the home page); a dossier submitted, two. With the four kinds
weighted equally as here that is about two page views per write. The first version
of this benchmark ran the reads on 8 connections and the writes on 4 (four page views
per write, and the reads were then two thirds of the requests); --readers 8 gives
that model, --alone the writes' own capacity. The figures print the POSTs/s and the
reads/s, so any other ratio can be judged from them.

Target: >= 30 successful writes/s, 0 lost updates, 0 duplicates, 0 deadlocks.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import subprocess
import sys
import tempfile
import threading
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from load import BENCH_DIR, HEADER, Gunicorn, Redis, load_average, run_wrk, session_cookie, setup
from registration import scratch_database

CODE = "BENCH"
WRITE_TARGET = 30
WRITE_SECONDS = 40  # the writes and the reads beside them
WRITE_LUA = BENCH_DIR / "wrk" / "write.lua"
ANSWERS = {"save": {200, 400}, "send": {302}, "acknowledge": {302}, "submit": {302}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--writes", type=int, default=300, help="objects of each kind")
    parser.add_argument("--writers", type=int, default=4, help="write connections (even)")
    parser.add_argument("--readers", type=int, default=4, help="read connections")
    parser.add_argument("--seconds", type=int, default=WRITE_SECONDS)
    parser.add_argument("--alone", action="store_true", help="no officer reads beside the writes")
    parser.add_argument("--regenerate", action="store_true")
    args = parser.parse_args()
    if args.writers < 2 or args.writers % 2:
        sys.exit("--writers must be even: the connections go in pairs")

    url = scratch_database(os.environ.get("BENCH_DB_NAME", "bench_writes"), fresh=args.regenerate)
    redis = Redis()
    server = None
    try:
        env = setup(url, redis.url, {})
        import dashboard

        dashboard.ensure_data(args.regenerate)
        items = prepare(args.writes)
        server = Gunicorn(env, workers=args.workers)
        measure(args, server, items)
    finally:
        if server:
            server.stop()
        redis.stop()


def prepare(count: int) -> list:
    import write_prep
    from django.db import connection
    from django.utils import timezone

    now = timezone.now()
    write_prep.ensure_people()
    dates = write_prep.open_dates(now)
    write_prep.ensure_dossiers(drafts=count, complete=count, now=now)
    items = write_prep.writes(count, tag=now.strftime("%H:%M:%S"))
    with connection.cursor() as cursor:  # the dossiers just made, as autovacuum counts them
        cursor.execute("ANALYZE")
    found = Counter(item.kind for item in items)
    print(
        "cycle dates: registration "
        f"{dates['registration_deadline']:%d/%m/%Y}, recognition window "
        f"{dates['recognition_opens']:%d/%m/%Y}-{dates['recognition_closes']:%d/%m/%Y}; "
        "objects: " + ", ".join(f"{kind} {found[kind]}" for kind in write_prep.KINDS)
    )
    short = [kind for kind in write_prep.KINDS if found[kind] < count]
    if short:
        print(f"  fewer than {count} for {', '.join(short)}: --regenerate rebuilds them")
    return items


def measure(args, server: Gunicorn, items: list) -> None:
    import throughput
    import write_prep
    from django.utils import timezone

    csrf = secrets.token_hex(16)
    cookies = {name: session_cookie(name) for name in {item.username for item in items}}
    requests_file = Path(tempfile.mkstemp(prefix="bench-writes-", suffix=".tsv")[1])
    requests_file.write_text(write_prep.request_lines(items, cookies, csrf))
    persona, reads = throughput.mixes(CODE)["officer"]
    read_cookie = session_cookie(persona)
    run_wrk("warm-up", server.base, reads, cookie=read_cookie, seconds=2)
    floor = run_wrk("/health/ (floor)", server.base, ["/health/"], seconds=10)
    print(
        f"gunicorn {args.workers} sync workers; {len(items)} writes, each POSTed twice, on "
        f"{args.writers} connections"
        + ("" if args.alone else f"; officer reads on {args.readers} connections")
    )
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
                seconds=args.seconds,
                connections=args.readers,
            )
        )
    )
    since = timezone.now()
    if not args.alone:
        reader.start()
    command = ["wrk", f"-t{args.writers}", f"-c{args.writers}", f"-d{args.seconds}s"]
    written = subprocess.run(
        [*command, "--timeout=30s", "-s", WRITE_LUA, server.base],
        env={
            **os.environ,
            "BENCH_WRITES": str(requests_file),
            "BENCH_THREADS": str(args.writers),
        },
        capture_output=True,
        text=True,
    )
    load = load_average()
    if not args.alone:
        reader.join()
    requests_file.unlink()
    line = next((x for x in written.stdout.splitlines() if x.startswith("JSON ")), None)
    if line is None:
        sys.exit(f"wrk gave no figures:\n{written.stdout}\n{written.stderr}")
    answers = json.loads(line[5:])
    statuses = answers_by_write(answers["threads"], len(items), args.writers // 2)
    rows, span = outcome(items, statuses, since)
    deadlocks = server.log.read_text().count("deadlock detected")
    if not args.alone:
        print(read_result["figures"].row(floor.requests_per_second))
    report(rows, span, answers, floor.requests_per_second, deadlocks, load)


def answers_by_write(threads: list[dict], count: int, pairs: int) -> list[list[int]]:
    """The statuses each write got (one per POST; 0: not answered), from the threads'
    lists: pair p took writes p, p + pairs, ..."""
    got: list[list[int]] = [[] for _ in range(count)]
    for thread in threads:
        indexes = range(thread["pair"], count, pairs)
        for index, status in zip(indexes, thread["statuses"], strict=False):
            got[index].append(status)
    return got


def outcome(items: list, statuses: list[list[int]], since) -> tuple[dict, float]:
    """Per kind: successes, refusals, not reached, lost, duplicates, other answers; and
    the span from ``since`` to the last audit row of the mix (seconds)."""
    import write_prep
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Count, Max

    from apps.brightspots.enums import RegistrationListStatus, RoutingStatus
    from apps.brightspots.models import RegistrationList, RegistrationRouting
    from apps.core.models import AuditEvent
    from apps.dossiers.enums import DossierStatus
    from apps.dossiers.models import CriterionAssessment, Dossier

    models = {
        "save": Dossier,
        "send": RegistrationList,
        "acknowledge": RegistrationRouting,
        "submit": Dossier,
    }
    saved = dict(
        CriterionAssessment.objects.filter(
            pk__in=[item.row for item in items if item.kind == "save"]
        ).values_list("pk", "evidence")
    )
    states = {
        "send": (RegistrationList, RegistrationListStatus.SENT),
        "acknowledge": (RegistrationRouting, RoutingStatus.ACKNOWLEDGED),
        "submit": (Dossier, DossierStatus.SUBMITTED),
    }
    rows, last = {}, None
    for kind in write_prep.KINDS:
        mine = [(item, got) for item, got in zip(items, statuses, strict=True) if item.kind == kind]
        ids = [item.pk for item, _got in mine]
        events = AuditEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(models[kind]),
            object_id__in=[str(pk) for pk in ids],
            action=write_prep.AUDIT_ACTIONS[kind],
            created_at__gte=since,
        )
        audits = dict(events.values_list("object_id").annotate(n=Count("id")))
        newest = events.aggregate(last=Max("created_at"))["last"]
        last = max(filter(None, [last, newest]), default=None)
        if kind == "save":
            done = {item.pk for item, _got in mine if saved.get(item.row) == item.expected}
        else:
            model, state = states[kind]
            done = set(model.objects.filter(pk__in=ids, status=state).values_list("pk", flat=True))
        row = Counter()
        for item, got in mine:
            n = audits.get(str(item.pk), 0)
            answered = any(got)
            changed = item.pk in done
            row["objects"] += 1
            row["successes"] += changed and n == 1
            row["duplicates"] += n > 1
            claimed = kind == "save" and 200 in got
            row["lost"] += (changed and n == 0) or (n and not changed) or (claimed and not changed)
            row["refusals"] += answered and not changed and not n
            row["not reached"] += not answered and not changed and not n
            row["other answers"] += sum(1 for s in got if s and s not in ANSWERS[kind])
            row["posts"] += sum(1 for s in got if s)
            row.update(f"status {s}" for s in got if s)
        rows[kind] = row
    span = (last - since).total_seconds() if last else 0.0
    return rows, span


def report(rows: dict, span: float, answers: dict, floor: float, deadlocks: int, load) -> None:
    columns = ["objects", "successes", "refusals", "not reached", "lost", "duplicates"]
    columns.append("other answers")
    print(
        f"\nwrites over {span:.1f} s (the start to the last audit row); POST latency "
        f"p50 {answers['p50_us'] / 1000:.0f} ms, p99 {answers['p99_us'] / 1000:.0f} ms; "
        f"load {load}"
    )
    print(f"{'kind':12} {'writes/s':>8} {'POSTs/s':>8} " + " ".join(f"{c:>13}" for c in columns))
    total = Counter()
    for kind, row in rows.items():
        total.update(row)
        print(_line(kind, row, span, columns))
    print(_line("all", total, span, columns))
    for kind, row in rows.items():
        seen = sorted((k, n) for k, n in row.items() if k.startswith("status "))
        print(f"  {kind} answers: " + ", ".join(f"{k[7:]} x {n}" for k, n in seen))
    rate = total["successes"] / span if span else 0.0
    print(
        f"successful writes {total['successes']} = {rate:.1f}/s ({rate / floor:.4f} of the "
        f"floor); refusals {total['refusals']}; lost updates {total['lost']}; duplicates "
        f"{total['duplicates']}; deadlocks {deadlocks}"
    )
    met = (
        rate >= WRITE_TARGET
        and not total["lost"]
        and not total["duplicates"]
        and not deadlocks
        and not total["other answers"]
    )
    print(
        f"target (>= {WRITE_TARGET} writes/s, 0 lost, 0 duplicates, 0 deadlocks): "
        f"{'met' if met else 'NOT met'}"
    )


def _line(kind: str, row: Counter, span: float, columns: list[str]) -> str:
    rate = row["successes"] / span if span else 0.0
    posts = row["posts"] / span if span else 0.0
    return f"{kind:12} {rate:8.1f} {posts:8.1f} " + " ".join(f"{row[c]:13d}" for c in columns)


if __name__ == "__main__":
    main()
