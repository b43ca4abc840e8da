"""A write that waits for another write's lock on the dossier goes on with the row that
write left: the submit of a dossier someone else has just written is taken (or
refused), never a server error."""

import threading
import time

import pytest
from django.db import connection, transaction
from django.db.models import F

from apps.accounts.enums import Role
from apps.core.models import AuditEvent
from apps.dossiers.models import Dossier, DossierVersion
from apps.dossiers.services import dossier_submit
from tests.dossiers.conftest import at_local
from tests.dossiers.factories import make_dossier
from tests.factories import make_member


def _wait_until_blocked(timeout: float = 10.0) -> None:
    """Until another backend waits for a row lock (the thread's submit)."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT pg_stat_clear_snapshot()")  # a fresh view each time
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.05)
    raise AssertionError("the submit never waited for the lock")


@pytest.mark.django_db(transaction=True)
def test_a_submit_waiting_for_another_write_is_taken_on_the_row_it_left(
    commune, cycle, fresh_content_types
):
    first, second = make_member(commune, Role.OFFICER), make_member(commune, Role.OFFICER)
    dossier = make_dossier(commune, cycle=cycle, filled=True, by=first)
    outcome = []

    def submit():
        try:
            with at_local(2026, 10, 20):
                dossier_submit(dossier=dossier, by=second)
            outcome.append("submitted")
        except Exception as exc:  # the failure this test guards against
            outcome.append(repr(exc))
        finally:
            connection.close()

    with transaction.atomic():
        # Another person's write holds the dossier: it changes who wrote it last.
        Dossier.objects.select_for_update().get(pk=dossier.pk)
        Dossier.objects.filter(pk=dossier.pk).update(
            updated_by=second, lock_version=F("lock_version") + 1
        )
        thread = threading.Thread(target=submit)
        thread.start()
        _wait_until_blocked()
    thread.join(timeout=30)

    assert outcome == ["submitted"]
    assert Dossier.objects.get(pk=dossier.pk).status == "submitted"
    assert AuditEvent.objects.filter(action="dossier_submit").count() == 1
    assert DossierVersion.objects.filter(dossier=dossier).count() == 1
