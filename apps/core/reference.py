"""Reference data that nearly every page reads and that changes a few times a year (a
user's memberships, the cycles of their provinces, the published kinds, a province's
process rules, a unit's extensions, the provinces that score units), kept in each web
process's memory.

Entries live in the cache ``reference`` (Django's LocMemCache: one per process, values
pickled, so a page never shares objects with another) under a *generation token*.
PostgreSQL replaces the token in the same statement as any change to the tables the
entries are read from (statement triggers, migrations core/0004 and 0005): an insert,
update, delete or truncate, whoever makes it (a service, the admin, an import, a bulk
update, treebeard's move, psql). A page reads the token once and then finds its
entries under it: in the query that loads the signed-in user (``with_token``,
apps.accounts.backends), else in a one-row query.

Exact, with no expiry to wait for: a change commits together with its new token, so a
page that starts after the commit cannot find an entry kept before it; an entry read
while a change was still uncommitted lands under the token the change replaces and is
never found again. Redis plays no part, so an outage changes nothing here.
``REFERENCE_CACHE = False`` reads the rows every time, with no token.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

TOKEN_QUERY = "SELECT token FROM core_reference_generation WHERE id = 1"


def kept(holder: Any, key: str, load: Callable[[], Any]) -> Any:
    """``load()``'s value, kept under ``key`` for the current generation. ``holder`` (the
    user object a request carries) keeps the token read for it, so a request reads the
    token once however many entries it uses."""
    token = _token(holder)
    if not token:
        return load()
    store = caches["reference"]
    entry = f"{key}:{token}"
    value = store.get(entry)
    if value is None:
        value = load()
        if not _in_own_transaction():
            store.set(entry, value, timeout=None)
    return value


def _in_own_transaction() -> bool:
    """Inside a transaction the code opened (a test's own does not count)? What it reads
    there may include its own uncommitted change made after ``holder``'s token was
    read; kept under that token, a rollback (which restores the token) would leave it
    served as if committed. So such reads are not kept."""
    return any(not block._from_testcase for block in connection.atomic_blocks)


TOKEN_COLUMN = "reference_generation"


def with_token(queryset: QuerySet) -> QuerySet:
    """``queryset`` reading the token too, in the same query (the query that loads the
    signed-in user, ``apps.accounts.backends``: the request then makes none for it)."""
    return queryset.annotate(**{TOKEN_COLUMN: RawSQL(TOKEN_QUERY, ())})


def keep_token(found: Any) -> None:
    """Keep on ``found`` the token ``with_token`` read with it."""
    if TOKEN_COLUMN in vars(found):
        _hold(found, vars(found).pop(TOKEN_COLUMN))


def forget(holder: Any) -> None:
    """Drop the token kept on ``holder``, so its next entry reads the token again (after
    a change made in the same request)."""
    if hasattr(holder, "_reference_token"):
        delattr(holder, "_reference_token")  # also through request.user's lazy proxy


def _token(holder: Any) -> str:
    if not settings.REFERENCE_CACHE:
        return ""
    token = getattr(holder, "_reference_token", None)
    if token is None:
        with connection.cursor() as cursor:
            cursor.execute(TOKEN_QUERY)
            row = cursor.fetchone()
        token = _hold(holder, row[0] if row else None)
    return token


def _hold(holder: Any, token) -> str:
    """Keep the token (a uuid from the database, or None) on ``holder`` as text."""
    holder._reference_token = token.hex if token else ""
    return holder._reference_token
