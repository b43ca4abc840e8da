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
entries under it: in the query that loads the signed-in user (``read_with_token``,
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
        store.set(entry, value, timeout=None)
    return value


def read_with_token(queryset: QuerySet, **lookup) -> Any:
    """``queryset.get(**lookup)``, the object keeping the token read in the same query
    (the user a request carries: the request then makes no query for the token)."""
    if not settings.REFERENCE_CACHE:
        return queryset.get(**lookup)
    found = queryset.annotate(reference_generation=RawSQL(TOKEN_QUERY, ())).get(**lookup)
    token = found.__dict__.pop("reference_generation")
    found._reference_token = token.hex if token else ""
    return found


def forget(holder: Any) -> None:
    """Drop the token kept on ``holder``, so its next entry reads the token again (after
    a change made in the same request)."""
    holder.__dict__.pop("_reference_token", None)


def _token(holder: Any) -> str:
    if not settings.REFERENCE_CACHE:
        return ""
    token = getattr(holder, "_reference_token", None)
    if token is None:
        with connection.cursor() as cursor:
            cursor.execute(TOKEN_QUERY)
            row = cursor.fetchone()
        token = row[0].hex if row else ""
        holder._reference_token = token
    return token
