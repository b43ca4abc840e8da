"""The session store (apps.core.sessions): Django's database sessions, read in plain
SQL. A saved session reads back; an expired or unknown key reads as a new, empty
session that never takes over the old key."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from apps.core.sessions import SessionStore

pytestmark = pytest.mark.django_db


def _saved(**data) -> str:
    session = SessionStore()
    session.update(data)
    session.save()
    return session.session_key


def test_a_saved_session_reads_back():
    key = _saved(user="4", started=1)

    assert dict(SessionStore(key).load()) == {"user": "4", "started": 1}


@pytest.mark.parametrize("key", ["expired", "unknown"])
def test_an_expired_or_unknown_session_starts_afresh(key):
    if key == "expired":
        key = _saved(user="4")
        past = timezone.now() - datetime.timedelta(seconds=1)
        Session.objects.filter(session_key=key).update(expire_date=past)
    else:
        key = "x" * 32
    session = SessionStore(key)

    assert session.load() == {}
    session["next"] = "page"
    session.save()
    assert session.session_key != key
