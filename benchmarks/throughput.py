"""Deadline-day throughput: the officer, board-member and province mixes under wrk
against gunicorn, beside the /health/ floor measured in the same run.

    source scripts/services.sh && .venv/bin/python benchmarks/throughput.py \
        [--workers 2] [--seconds 15] [--mixes home,officer,board,province,steering] \
        [--worker-class sync|gthread --threads N] [--set NAME=VALUE ...] [--soak 600]

Builds its own database (BENCH_DB_NAME, default ``bench_throughput``: the benchmark
province of benchmarks/dashboard.py, ``generate_bench_data --units 3500 --years 5``
plus decisions, review reports and extensions; kept for the next run, --regenerate
rebuilds it), starts its own redis-server and a gunicorn with production settings
(benchmarks/bench_settings.py) on free ports, signs the personas in, then runs wrk
(-t2 -c8, Accept-Language vi) on each mix. ``--set`` passes a setting through the
environment to measure a lever (e.g. ``--set SESSION_RENEW_SECONDS=0`` writes the
session on every request as before, ``--set REFERENCE_CACHE=0`` reads the memberships,
cycles and process rows on every page). Prints req/s, p99, errors (any answer but 200),
the ratio to /health/ and the load average after each run, then the targets.

``--soak N`` runs the officer, board and province pages together for N seconds and
compares the last minute with the first (throughput within 10 %, worker RSS growth
at most 10 %, 0 errors).

``--scale`` measures the two scale targets, one run after the other: the benchmark
province alone, the same province in a database that also holds a province of
``--beside`` units (35,000 by default; "national": each mix within 1.2x of alone),
and that large province itself ("10x": each mix within 1.5x of the province alone).
Each run is this script again with ``--json``; the ratios are printed at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from load import HEADER, Gunicorn, Redis, check_pages, run_wrk, session_cookie, setup
from registration import scratch_database

CODE = "BENCH"
BIG = "BIG"
TARGETS = {"officer": 200, "board": 100, "province": 100}
P99_TARGET_MS = 250
SCALE_TARGETS = {"national": 1.2, "10x": 1.5}  # slowest allowed, against alone


def mixes(code: str = CODE) -> dict[str, tuple[str, list[str]]]:
    """Per mix: (persona, pages). The pages a persona opens on a deadline day."""
    from django.urls import reverse
    from django.utils.http import urlencode

    prefix = code.lower()
    home = reverse("home")
    spots = reverse("brightspots:list")
    inbox = reverse("brightspots:inbox")
    queue = reverse("dossiers:queue")
    dashboard = reverse("reports:dashboard")
    return {
        "home": (f"{prefix}_officer", [home]),
        "officer": (
            f"{prefix}_officer",
            [
                home,
                spots,
                queue,
                reverse("notifications:list"),
                f"{spots}?{urlencode({'q': 'đối thoại'})}",
            ],
        ),
        "board": (f"{prefix}_board", [home, inbox, spots, dashboard, queue]),
        "province": (
            f"{prefix}_steering",
            [
                home,
                dashboard,
                f"{spots}?year=",
                reverse("units:list"),
                inbox,
                reverse("reports:summary"),
            ],
        ),
        "steering dashboard": (f"{prefix}_steering", [dashboard]),
        "steering all-years list": (f"{prefix}_steering", [f"{spots}?year="]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--worker-class", default="sync")
    parser.add_argument("--threads", type=int, default=1, help="gunicorn threads (gthread)")
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--mixes", default="home,officer,board,province")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE")
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--code", default=CODE, help="the province measured")
    parser.add_argument("--soak", type=int, default=0, metavar="SECONDS")
    parser.add_argument("--json", metavar="FILE", help="also write the figures to FILE")
    parser.add_argument("--scale", action="store_true", help="the national and 10x targets")
    parser.add_argument(
        "--beside",
        type=int,
        default=0,
        metavar="UNITS",
        help="add a second province of UNITS units (code BIG) to the database: "
        "--code BENCH then measures a province in a national database, --code BIG a "
        "province ten times larger (--beside 35000)",
    )
    args = parser.parse_args()
    if args.scale:
        return scale(args)

    default_name = f"bench_throughput_beside_{args.beside}" if args.beside else "bench_throughput"
    url = scratch_database(os.environ.get("BENCH_DB_NAME", default_name), fresh=args.regenerate)
    redis = Redis()
    server = None
    try:
        env = setup(url, redis.url, dict(item.split("=", 1) for item in args.set))
        import dashboard

        dashboard.ensure_data(args.regenerate)
        if args.beside:
            ensure_beside(args.beside, args.regenerate)
        server = Gunicorn(
            env, workers=args.workers, worker_class=args.worker_class, threads=args.threads
        )
        measure(args, server)
    finally:
        if server:
            server.stop()
        redis.stop()


def ensure_beside(units: int, regenerate: bool) -> None:
    """The second province (code BIG) of ``units`` units, five years, with the report
    data the dashboards read, generated once."""
    import dashboard
    from django.core.management import call_command

    from apps.units.models import Unit

    if regenerate or not Unit.objects.filter(code=BIG).exists():
        call_command("generate_bench_data", units=units, years=5, code=BIG, replace=True)
        dashboard.CODE = BIG
        dashboard.add_report_data()
        dashboard.CODE = CODE


def measure(args, server: Gunicorn) -> None:
    chosen = mixes(args.code)
    names = [name.strip() for name in args.mixes.split(",") if name.strip()]
    print(
        f"gunicorn {args.workers} {args.worker_class} workers"
        f"{f' x {args.threads} threads' if args.threads > 1 else ''}, wrk -t2 -c8 "
        f"{args.seconds} s a run, settings {args.set or 'as shipped'}"
    )
    cookies = {persona: session_cookie(persona) for persona, _ in chosen.values()}
    for name in names:
        persona, paths = chosen[name]
        check_pages(server.base, cookies[persona], paths)
    for name in names:  # warm every worker's caches and connections
        persona, paths = chosen[name]
        run_wrk(name, server.base, paths, cookie=cookies[persona], seconds=2)

    rows = [run_wrk("/health/ (floor)", server.base, ["/health/"], seconds=args.seconds)]
    floor = rows[0].requests_per_second
    print(HEADER)
    print(rows[0].row(floor), flush=True)
    for name in names:
        persona, paths = chosen[name]
        figures = run_wrk(name, server.base, paths, cookie=cookies[persona], seconds=args.seconds)
        rows.append(figures)
        print(figures.row(floor), flush=True)
    if args.json:
        Path(args.json).write_text(
            json.dumps({f.label: f.requests_per_second for f in rows}, indent=1)
        )
    again = run_wrk("/health/ (floor, again)", server.base, ["/health/"], seconds=args.seconds)
    print(again.row(floor))
    report_targets(rows)
    if args.soak:
        soak(args, server, chosen, cookies)


def scale(args) -> None:
    """Alone, national and 10x, each a run of this script; then the ratios."""
    runs = {
        "alone": ["--code", CODE],
        "national": ["--code", CODE, "--beside", str(args.beside or 35000)],
        "10x": ["--code", BIG, "--beside", str(args.beside or 35000)],
    }
    figures = {}
    for name, extra in runs.items():
        out = Path(f"/tmp/throughput-{name}-{os.getpid()}.json")
        command = [sys.executable, __file__, "--workers", str(args.workers)]
        command += ["--seconds", str(args.seconds), "--mixes", "officer,board,province"]
        print(f"\n== {name}: {' '.join(extra)}", flush=True)
        subprocess.run([*command, *extra, "--json", str(out)], check=True)
        figures[name] = json.loads(out.read_text())
        out.unlink()
    print("\nScale targets (req/s; slowdown = alone / this run):")
    for name, limit in SCALE_TARGETS.items():
        for mix in ("officer", "board", "province"):
            alone, here = figures["alone"][mix], figures[name][mix]
            slowdown = alone / here if here else float("inf")
            verdict = "met" if slowdown <= limit else "NOT met"
            print(
                f"  {name:8} {mix:9} {here:7.1f} against {alone:7.1f} alone: "
                f"{slowdown:.2f}x slower (target <= {limit}x) {verdict}"
            )


def report_targets(rows) -> None:
    print("\nTargets (2 sync workers): officer >= 200 req/s, board and province >= 100,")
    print(f"p99 <= {P99_TARGET_MS} ms, 0 errors")
    for figures in rows:
        target = TARGETS.get(figures.label)
        if target is None:
            continue
        met = (
            figures.requests_per_second >= target
            and figures.p99_ms <= P99_TARGET_MS
            and figures.errors == 0
        )
        print(
            f"  {figures.label:10} {'met' if met else 'NOT met':8} "
            f"({figures.requests_per_second:.0f} req/s, p99 {figures.p99_ms:.0f} ms, "
            f"{figures.errors} errors; load {figures.load})"
        )


def soak(args, server: Gunicorn, chosen, cookies) -> None:
    """The three mixes in turn for ``args.soak`` seconds, a minute at a time."""
    print(f"\nSoak: officer, board and province pages for {args.soak} s, 20 s a run")
    minutes = []
    rss = [server.worker_rss_kib()]
    elapsed = 0
    while elapsed < args.soak:
        minute = []
        for name in ("officer", "board", "province"):
            persona, paths = chosen[name]
            minute.append(run_wrk(name, server.base, paths, cookie=cookies[persona], seconds=20))
            elapsed += 20
        requests = sum(f.requests for f in minute)
        errors = sum(f.errors for f in minute)
        minutes.append((requests / 60, errors, minute[-1].load))
        rss.append(server.worker_rss_kib())
        print(
            f"  minute {len(minutes):2d}: {requests / 60:7.1f} req/s, {errors} errors, "
            f"worker RSS {rss[-1] / 1024:.0f} MiB, load {minute[-1].load}",
            flush=True,
        )
    first, last = minutes[0][0], minutes[-1][0]
    growth = (rss[-1] - rss[1]) / rss[1] * 100
    errors = sum(m[1] for m in minutes)
    print(
        f"  last minute / first: {last / first:.2f} (target 0.90-1.10); worker RSS growth "
        f"{growth:+.1f} % after the first minute (target <= 10 %); errors {errors} (target 0)"
    )


if __name__ == "__main__":
    main()
