"""The header's unread count (run on every page), the notifications page and the e-mail
outbox drain at scale: 2,000 users with 100 notifications each (200,000 rows, a fifth
unread) and 2,000 queued e-mails. Target: the count under 1 ms, the page under 50 ms
with a fixed number of queries, the drain well above the SMTP server's own pace.

    source scripts/services.sh && .venv/bin/python benchmarks/notifications.py

Builds a scratch database (bench_notifications), requests pages through Django's full
request cycle in-process (test client, DEBUG off, no network), drains the outbox with
the in-memory e-mail backend (no SMTP), and drops the database at the end.
"""

import os
import statistics
import time

from import_admin_units import scratch_database
from unit_subtree import setup_django

USERS = 2000
PER_USER = 100
EMAILS = 2000
RUNS = 500


def fill():
    from django.db import connection
    from django.utils import timezone

    from apps.accounts.models import User
    from apps.notifications.models import Notification, OutboxEmail

    users = User.objects.bulk_create(User(username=f"u{i}") for i in range(USERS))
    now = timezone.now()
    Notification.objects.bulk_create(
        (
            Notification(user=user, message=f"Thông báo {n}", read_at=None if n % 5 else now)
            for user in users
            for n in range(PER_USER)
        ),
        batch_size=5000,
    )
    OutboxEmail.objects.bulk_create(
        OutboxEmail(to=f"u{i}@example.vn", subject="Nhắc hạn", body_text="…") for i in range(EMAILS)
    )
    with connection.cursor() as cursor:  # what autovacuum would have done by now
        cursor.execute("ANALYZE")
    return users[USERS // 2]


def time_unread_count(user) -> float:
    from apps.notifications.selectors import unread_count

    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        unread_count(user=user)
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def measure(client, url: str) -> tuple[float, float, int, float]:
    """(median ms, p95 ms, queries, SQL ms) of ``url`` over 60 requests after a warm-up."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert client.get(url).status_code == 200
    timings = []
    for _ in range(60):
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    sql_ms = sum(float(q["time"]) for q in queries.captured_queries) * 1000
    slowest = max(queries.captured_queries, key=lambda q: float(q["time"]))
    print(f"  slowest query ({float(slowest['time']) * 1000:.1f} ms): {slowest['sql'][:90]}")
    return statistics.median(timings), statistics.quantiles(timings, n=20)[-1], len(queries), sql_ms


def explain_list(user) -> str:
    from apps.notifications.selectors import notifications_for

    return notifications_for(user=user)[:30].explain(analyze=True)


def time_drain() -> tuple[float, int]:
    from apps.notifications.services import outbox_send_pending

    started = time.perf_counter()
    sent = 0
    while batch := outbox_send_pending():
        sent += batch
    return time.perf_counter() - started, sent


def main():
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    with scratch_database("bench_notifications") as url:
        setup_django(url)
        from django.test import Client

        started = time.perf_counter()
        user = fill()
        print(f"filled {USERS * PER_USER:,} notifications in {time.perf_counter() - started:.1f} s")
        print(f"unread count: median {time_unread_count(user):.2f} ms over {RUNS} calls")
        print(explain_list(user))
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        for url_path in ("/notifications/", "/notifications/?page=3", "/"):
            median, p95, queries, sql_ms = measure(client, url_path)
            print(
                f"GET {url_path}: median {median:.1f} ms, p95 {p95:.1f} ms, "
                f"{queries} queries ({sql_ms:.1f} ms SQL)"
            )
        seconds, sent = time_drain()
        print(f"outbox drain: {sent} e-mails in {seconds:.2f} s ({sent / seconds:.0f}/s)")


if __name__ == "__main__":
    main()
