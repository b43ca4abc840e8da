"""Names of people on the public showcase only under the unit's recorded consent
(Decree 13/2023/NĐ-CP), both ways: the agreement records who, when and what; without
it the public page names nobody."""

import pytest
from django.urls import reverse

from apps.accounts.enums import Role
from apps.brightspots.models import BrightSpot
from apps.brightspots.services import (
    bright_spot_publish,
    bright_spot_unpublish,
    publication_agree,
)
from apps.core.models import AuditEvent
from apps.core.workflow import Refused
from tests.access import error_messages
from tests.brightspots.factories import make_cycle
from tests.conftest import client_for
from tests.factories import make_member
from tests.reports.factories import make_recognised_spot

pytestmark = pytest.mark.django_db
TEXTS = {"summary": "Tổ hòa giải họp mỗi tháng", "effect": "Không còn khiếu kiện kéo dài"}
PEOPLE = "Bà Nguyễn Thị Hoa, tổ trưởng tổ hòa giải"
SHOWCASE = reverse("reports:showcase")


@pytest.fixture
def people(commune, boards):
    return {
        "leader": make_member(commune, Role.LEADER),
        "ban_dan_van": make_member(boards["ban_dan_van"], Role.STEERING),
    }


@pytest.fixture
def spot(commune, province):
    return make_recognised_spot(commune, cycle=make_cycle(province, 2026))


def test_with_consent_the_showcase_names_the_people(spot, people, client):
    publication_agree(
        bright_spot=spot, by=people["leader"], names_consent=True, people=PEOPLE, **TEXTS
    )
    bright_spot_publish(bright_spot=spot, by=people["ban_dan_van"])

    response = client.get(SHOWCASE)

    assert [item["people"] for item in response.context["items"]] == [PEOPLE]
    assert PEOPLE in response.content.decode()
    spot.refresh_from_db()
    assert spot.publication_names_consent
    assert spot.publication_agreed_by == people["leader"]
    assert spot.publication_agreed_at is not None
    event = AuditEvent.objects.get(action="publication_agree", object_id=str(spot.pk))
    assert event.actor == people["leader"]
    assert event.data == {"names_consent": True, "people": PEOPLE}


def test_without_consent_the_showcase_names_nobody(spot, people, client):
    publication_agree(bright_spot=spot, by=people["leader"], **TEXTS)
    bright_spot_publish(bright_spot=spot, by=people["ban_dan_van"])
    # Even a name stored without consent (as by an old row or an import) stays hidden.
    BrightSpot.objects.filter(pk=spot.pk).update(public_people=PEOPLE)

    response = client.get(SHOWCASE)

    assert [item["name"] for item in response.context["items"]] == [spot.name]
    assert [item["people"] for item in response.context["items"]] == [""]
    assert PEOPLE not in response.content.decode()
    event = AuditEvent.objects.get(action="publication_agree", object_id=str(spot.pk))
    assert event.data == {"names_consent": False, "people": ""}


def test_names_without_consent_are_refused_and_nothing_is_recorded(spot, people):
    with pytest.raises(Refused):
        publication_agree(bright_spot=spot, by=people["leader"], people=PEOPLE, **TEXTS)

    spot.refresh_from_db()
    assert spot.publication_agreed_at is None and spot.public_people == ""


def test_the_form_says_why_and_keeps_the_spot_unagreed(spot, people):
    response = client_for(people["leader"]).post(
        reverse("brightspots:publication_agree", args=[spot.pk]),
        {**TEXTS, "people": PEOPLE},
        follow=True,
    )

    assert error_messages(response) == [
        "Tên người chỉ được hiển thị khi có sự đồng ý của họ: hãy đánh dấu ô đồng ý hoặc bỏ tên."
    ]
    spot.refresh_from_db()
    assert spot.publication_agreed_at is None


def test_the_leader_records_consent_through_the_page(spot, people, client):
    leader = client_for(people["leader"])
    leader.post(
        reverse("brightspots:publication_agree", args=[spot.pk]),
        {**TEXTS, "names_consent": "on", "people": PEOPLE},
    )
    spot.refresh_from_db()
    assert spot.publication_names_consent and spot.public_people == PEOPLE

    page = leader.get(spot.get_absolute_url()).content.decode()
    assert PEOPLE in page


def test_taking_it_down_ends_the_consent(spot, people, client):
    publication_agree(
        bright_spot=spot, by=people["leader"], names_consent=True, people=PEOPLE, **TEXTS
    )
    bright_spot_publish(bright_spot=spot, by=people["ban_dan_van"])

    bright_spot_unpublish(bright_spot=spot, by=people["leader"], reason="Thôi giới thiệu")

    spot.refresh_from_db()
    assert not spot.publication_names_consent and spot.public_people == ""
