""" "My data": a person sees, and downloads, what the portal holds about them and
nothing about anyone else, in a fixed number of queries."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.accounts.enums import Role
from apps.accounts.models import Membership
from apps.core.models import AuditEvent
from apps.core.services import audit_record
from apps.notifications.models import Notification, OutboxEmail
from tests.conftest import client_for
from tests.factories import make_member
from tests.queries import page_queries

pytestmark = pytest.mark.django_db
PAGE = reverse("privacy:my_data")
DOWNLOAD = reverse("privacy:my_data_download")


def give_rows(user, target, n: int, tag: str) -> None:
    """``n`` notifications, audit rows and e-mails for ``user``, the texts tagged."""
    for i in range(n):
        Notification.objects.create(user=user, message=f"{tag} thông báo {i}")
        audit_record(actor=user, target=target, action=f"{tag}_step", comment=f"{tag} ghi chú {i}")
        OutboxEmail.objects.create(to=user.email, subject=f"{tag} thư {i}", body_text="…")


@pytest.fixture
def me(commune):
    user = make_member(commune, Role.LEADER, email="hoa@example.vn", phone="0912345678")
    Membership.objects.filter(user=user).update(
        starts_on=datetime.date(2025, 7, 1), ends_on=datetime.date(2027, 6, 30)
    )
    TOTPDevice.objects.create(user=user, name="Điện thoại của Hoa", confirmed=False)
    return user


@pytest.fixture
def someone_else(other_commune):
    return make_member(other_commune, Role.OFFICER, email="khac@example.vn")


def test_the_page_shows_my_rows_and_nobody_elses(me, someone_else, commune):
    give_rows(me, commune, 2, "CỦA-TÔI")
    give_rows(someone_else, commune, 3, "NGƯỜI-KHÁC")
    Notification.objects.filter(user=me, message__endswith=" 0").update(read_at=timezone.now())

    response = client_for(me).get(PAGE)

    page = response.content.decode()
    assert "0912345678" in page and "hoa@example.vn" in page
    assert commune.name in page and "01/07/2025" in page and "30/06/2027" in page
    assert "2 thông báo, 1 chưa đọc." in page
    assert "CỦA-TÔI thư 1" in page and "CỦA-TÔI ghi chú 0" in page
    assert "Điện thoại của Hoa" in page
    assert "NGƯỜI-KHÁC" not in page and "khac@example.vn" not in page
    device = TOTPDevice.objects.get(user=me)
    assert device.key not in page


def test_the_download_holds_every_row_of_mine_and_no_secret(me, someone_else, commune):
    give_rows(me, commune, 60, "CỦA-TÔI")  # more than the page lists
    give_rows(someone_else, commune, 2, "NGƯỜI-KHÁC")

    response = client_for(me).get(DOWNLOAD)

    document = json.loads(response.content)
    assert document["profile"]["email"] == "hoa@example.vn"
    assert document["memberships"] == [
        {
            "unit": commune.name,
            "role": "Lãnh đạo đơn vị",
            "from": "2025-07-01",
            "until": "2027-06-30",
        }
    ]
    assert document["notifications"] == {"total": 60, "unread": 60}
    assert len(document["audit"]) == AuditEvent.objects.filter(actor=me).count() == 60
    assert len(document["emails"]) == 60
    assert document["two_factor_devices"][0]["name"] == "Điện thoại của Hoa"
    body = response.content.decode()
    assert "NGƯỜI-KHÁC" not in body
    assert TOTPDevice.objects.get(user=me).key not in body


def test_my_data_query_count_is_flat(me, commune):
    client = client_for(me)
    give_rows(me, commune, 1, "ÍT")
    few = page_queries(client, PAGE)
    give_rows(me, commune, 40, "NHIỀU")
    many = page_queries(client, PAGE)

    assert few == many
