"""Django's PostgreSQL backend with a health check that costs no round trip.

``CONN_HEALTH_CHECKS`` makes Django test a kept connection before each request uses
it, so that after a PostgreSQL restart the web processes reconnect by themselves
rather than answer the restart's 503 page once more per worker. Django's check is a
``SELECT 1`` on every request: on the deadline-day pages, 5 % of the officer mix's
throughput. A connection the server has dropped (a restart, ``pg_terminate_backend``,
the server's process killed) has its socket readable while idle: the server's last
message, or the end of the stream. So an idle socket with nothing to read is taken
as healthy without a query, and only a readable one is asked ``SELECT 1`` (which
reads what arrived and says whether the connection still works)."""

import select

import psycopg
from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    def close_if_health_check_failed(self):
        if (
            self.connection is not None
            and self.health_check_enabled
            and not self.health_check_done
            and self._quiet()
        ):
            self.health_check_done = True
            return
        super().close_if_health_check_failed()

    def _quiet(self) -> bool:
        """Whether the kept connection is open, idle and has nothing waiting to be
        read (a dropped connection has its goodbye or its end of stream waiting)."""
        connection = self.connection
        if connection.closed or connection.broken:
            return False
        if connection.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
            return False
        try:
            readable, _, _ = select.select([connection.fileno()], [], [], 0)
        except (OSError, ValueError, psycopg.Error):
            return False
        return not readable
