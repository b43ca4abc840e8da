"""Two leaders (or one double click) sending the same list at once leave one sent list."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from apps.accounts.enums import Role
from apps.brightspots.models import RegistrationList, RegistrationRouting
from apps.brightspots.services import registration_list_send
from apps.core.models import AuditEvent
from tests.brightspots.conftest import at_local
from tests.brightspots.factories import make_bright_spot
from tests.factories import make_member


def _send_together(registration_list, users) -> list:
    """Run one send per user in its own thread and connection, started together."""
    barrier = threading.Barrier(len(users))
    outcomes = []

    def send(user):
        try:
            barrier.wait()
            registration_list_send(registration_list=registration_list, by=user)
            outcomes.append("sent")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("same_leader", [True, False], ids=["double-click", "two-leaders"])
def test_simultaneous_sends_leave_exactly_one_sent_list(same_leader, commune, boards):
    spot = make_bright_spot(commune)
    first = make_member(commune, Role.LEADER)
    second = first if same_leader else make_member(commune, Role.LEADER)

    with at_local(2026, 3, 20):
        outcomes = _send_together(RegistrationList.objects.get(), [first, second])

    assert sorted(outcomes) == ["refused", "sent"]
    assert RegistrationList.objects.get().status == "sent"
    assert RegistrationRouting.objects.count() == 1
    assert AuditEvent.objects.filter(action="send").count() == 1
    assert AuditEvent.objects.filter(action="register", object_id=str(spot.pk)).count() == 1
