"""Where a page of benchmarks/throughput.py's mixes spends its time: each page of a mix
through Django's test client (the whole middleware stack, production settings, the
mix's database), in process, with its query count, the median of ``--rounds`` requests
and, on demand, its queries with their times and plans or a cProfile of the mix.

    source scripts/services.sh && .venv/bin/python benchmarks/page_profile.py \\
        [--mix officer|board|province] [--rounds 10] [--beside 35000 --code BIG] \\
        [--sql PAGE] [--explain N] [--profile [--sort tottime]] [--top 40]

Uses the database throughput.py built (``bench_throughput``, or with ``--beside N``
``bench_throughput_beside_N``; run throughput.py first) and its own redis-server. A
page is asked for three times before it is timed, so the caches are warm, as on a busy
day. ``--sql PAGE`` prints the queries of one request of that page (its path, as the
table prints it); ``--explain N`` adds ``EXPLAIN (ANALYZE, BUFFERS)`` of its query N.
Compare the 1× and 10× databases one after the other: in-process times move with the
machine as the wrk figures do.
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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from load import Redis, setup
from registration import scratch_database


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mix", default="officer")
    parser.add_argument("--code", default="BENCH", help="the province whose persona asks")
    parser.add_argument("--beside", type=int, default=0, help="the national database")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--sql", metavar="PAGE", help="print the queries of this page")
    parser.add_argument("--explain", type=int, metavar="N", help="EXPLAIN query N of --sql")
    parser.add_argument("--profile", action="store_true", help="cProfile the whole mix")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--sort", default="cumulative", help="pstats order, e.g. tottime")
    args = parser.parse_args()
    name = f"bench_throughput_beside_{args.beside}" if args.beside else "bench_throughput"
    url = scratch_database(os.environ.get("BENCH_DB_NAME", name))
    redis = Redis()
    try:
        setup(url, redis.url, {})
        measure(args)
    finally:
        redis.stop()


def measure(args) -> None:
    import throughput
    from django.test import Client

    from apps.accounts.models import User

    persona, pages = throughput.mixes(args.code)[args.mix]
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    client.force_login(User.objects.get(username=persona))
    for page in pages:
        for _ in range(3):
            client.get(page)
    total = 0.0
    print(f"{args.mix} mix as {persona}, median of {args.rounds} requests a page")
    for page in pages:
        answer, queries = _with_queries(client, page)
        times = []
        for _ in range(args.rounds):
            started = time.perf_counter()
            client.get(page)
            times.append((time.perf_counter() - started) * 1000)
        total += statistics.median(times)
        print(
            f"  {page[:50]:50} {answer.status_code} queries {len(queries):2} "
            f"median {statistics.median(times):7.2f} ms"
        )
        if page == args.sql:
            _print_queries(queries, args.explain)
    print(f"  {'a round of the mix':50}             {total:7.2f} ms")
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.rounds):
            for page in pages:
                client.get(page)
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(args.sort).print_stats(args.top)
        print("\n".join(line for line in out.getvalue().splitlines() if line.strip()))


def _with_queries(client, page):
    """One request of ``page``, with each query's SQL, parameters and milliseconds."""
    from django.db import connection

    queries = []

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            queries.append((sql, params, (time.perf_counter() - started) * 1000))

    with connection.execute_wrapper(timed):
        answer = client.get(page)
    return answer, queries


def _print_queries(queries, explain: int | None) -> None:
    from django.db import connection

    for number, (sql, _params, ms) in enumerate(queries):
        print(f"    {number:2} {ms:6.2f} ms {sql[:200]}")
    if explain is None:
        return
    sql, params, _ms = queries[explain]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        print("\n".join(row[0] for row in cursor.fetchall()))


if __name__ == "__main__":
    main()
