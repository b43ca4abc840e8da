"""Where a write of benchmarks/write_mix.py spends its time: each kind's POST through
Django's test client (the whole middleware stack, production settings, the benchmark
database), in process, with its query count, median time (of writes not profiled) and a cProfile
of every other write of the kind.

    source scripts/services.sh && .venv/bin/python benchmarks/write_profile.py \\
        [--writes 20] [--kinds save,send,acknowledge,submit] [--top 25] [--sql]

Uses the database write_mix.py built (BENCH_DB_NAME, default ``bench_writes``) and
its own redis-server; each write is posted once (the repeat of a double submit is
measured with ``--twice``). It uses up objects as a run of the mix does.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from load import Redis, setup
from registration import scratch_database


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writes", type=int, default=20)
    parser.add_argument("--kinds", default="save,send,acknowledge,submit")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--sql", action="store_true", help="print the queries of one write")
    parser.add_argument("--twice", action="store_true", help="post each write twice")
    args = parser.parse_args()
    url = scratch_database(os.environ.get("BENCH_DB_NAME", "bench_writes"))
    redis = Redis()
    try:
        setup(url, redis.url, {})
        profile(args)
    finally:
        redis.stop()


def profile(args) -> None:
    import write_mix
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from apps.accounts.models import User

    items = write_mix.prepare(args.writes)
    kinds = [k.strip() for k in args.kinds.split(",")]
    clients: dict[str, Client] = {}
    for kind in kinds:
        mine = [item for item in items if item.kind == kind]
        times, queries, statuses = [], [], Counter()
        profiler = cProfile.Profile()
        for number, item in enumerate(mine):
            client = clients.get(item.username)
            if client is None:
                client = clients[item.username] = Client(HTTP_ACCEPT_LANGUAGE="vi")
                client.force_login(User.objects.get(username=item.username))
            # Every other write is profiled; the others are timed (cProfile slows them).
            profiled = number % 2 == 1
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                if profiled:
                    profiler.enable()
                for _ in range(2 if args.twice else 1):
                    answer = client.post(item.path, item.body, HTTP_ACCEPT=item.accept)
                    statuses[answer.status_code] += 1
                profiler.disable()
                if number and not profiled:  # the first warms the caches
                    times.append((time.perf_counter() - started) * 1000)
            queries.append(len(captured))
            if args.sql and number == 1:
                for query in captured.captured_queries:
                    print(f"    {query['time']}s {query['sql'][:220]}")
        print(
            f"\n{kind}: {len(mine)} writes, median {statistics.median(times):.1f} ms, "
            f"queries {min(queries)}-{max(queries)} (median {statistics.median(queries)}), "
            f"answers {dict(statuses)}"
        )
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(args.top)
        print("\n".join(line for line in out.getvalue().splitlines() if line.strip())[:6000])


if __name__ == "__main__":
    main()
