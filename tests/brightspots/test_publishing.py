"""The public showcase step: the unit agrees, a board publishes, either takes it down,
and a spot that stops being recognised leaves the showcase by itself."""

import itertools

import pytest
from django.urls import reverse

from apps.accounts.enums import Role
from apps.brightspots.enums import BrightSpotStatus
from apps.brightspots.services import (
    bright_spot_not_recognise,
    bright_spot_publish,
    bright_spot_unpublish,
    publication_agree,
)
from apps.core.models import AuditEvent
from apps.core.workflow import NotPermitted, Refused
from apps.notifications.models import Notification
from tests.access import assert_audited, check_access, error_messages, success_messages
from tests.brightspots.factories import make_bright_spot, make_cycle
from tests.conftest import client_for
from tests.factories import make_member, make_unit
from tests.reports.factories import make_recognised_spot

pytestmark = pytest.mark.django_db
TEXTS = {"summary": "Tổ hòa giải họp mỗi tháng", "effect": "Không còn khiếu kiện kéo dài"}


@pytest.fixture
def people(commune, boards):
    return {
        "officer": make_member(commune, Role.OFFICER),
        "leader": make_member(commune, Role.LEADER),
        "ban_dan_van": make_member(boards["ban_dan_van"], Role.STEERING),
    }


@pytest.fixture
def spot(commune, province):
    return make_recognised_spot(commune, cycle=make_cycle(province, 2026))


def _showcase_names(client) -> list[str]:
    response = client.get(reverse("reports:showcase"))
    return [item["name"] for item in response.context["items"]]


def test_the_unit_agrees_and_ban_dan_van_publishes_it(spot, people, client):
    publication_agree(bright_spot=spot, by=people["leader"], **TEXTS)
    assert _showcase_names(client) == []
    asked = Notification.objects.filter(user=people["ban_dan_van"])
    assert asked.count() == 1

    bright_spot_publish(bright_spot=spot, by=people["ban_dan_van"])

    spot.refresh_from_db()
    assert spot.is_public and spot.published_by == people["ban_dan_van"]
    assert _showcase_names(client) == [spot.name]
    assert_audited(spot, "publication_agree", by=people["leader"])
    assert_audited(spot, "publish", by=people["ban_dan_van"])
    assert Notification.objects.filter(user=people["officer"]).count() == 1


def test_only_the_leader_agrees_and_only_a_publisher_publishes(spot, people, other_province):
    with pytest.raises(NotPermitted):
        publication_agree(bright_spot=spot, by=people["officer"], **TEXTS)
    publication_agree(bright_spot=spot, by=people["leader"], **TEXTS)
    stranger = make_member(make_unit("Ban Dân vận", parent=other_province), Role.STEERING)

    for user in (people["leader"], stranger):
        with pytest.raises(NotPermitted):
            bright_spot_publish(bright_spot=spot, by=user)

    spot.refresh_from_db()
    assert not spot.is_public


def test_nothing_is_published_without_the_units_agreement_or_before_recognition(
    spot, people, commune
):
    with pytest.raises(Refused, match="chưa đồng ý"):
        bright_spot_publish(bright_spot=spot, by=people["ban_dan_van"])
    draft = make_bright_spot(commune, cycle=spot.cycle, name="Chưa công nhận")

    with pytest.raises(Refused, match="đã được công nhận"):
        publication_agree(bright_spot=draft, by=people["leader"], **TEXTS)


def test_the_unit_takes_it_down_with_a_reason_and_the_board_is_told(spot, people, client):
    publication_agree(bright_spot=spot, by=people["leader"], **TEXTS)
    bright_spot_publish(bright_spot=spot, by=people["ban_dan_van"])

    bright_spot_unpublish(bright_spot=spot, by=people["officer"], reason="Ảnh chưa xin phép")

    spot.refresh_from_db()
    assert not spot.is_public and spot.publication_agreed_at is None
    assert _showcase_names(client) == []
    event = AuditEvent.objects.get(action="unpublish", object_id=str(spot.pk))
    assert event.comment == "Ảnh chưa xin phép"
    assert Notification.objects.filter(user=people["ban_dan_van"]).count() == 2
    with pytest.raises(Refused):
        bright_spot_publish(bright_spot=spot, by=people["ban_dan_van"])


def test_a_spot_no_longer_recognised_leaves_the_showcase_by_itself(spot, people, client):
    publication_agree(bright_spot=spot, by=people["leader"], **TEXTS)
    bright_spot_publish(bright_spot=spot, by=people["ban_dan_van"])

    bright_spot_not_recognise(bright_spot=spot, by=people["ban_dan_van"], reason="Thu hồi")

    spot.refresh_from_db()
    assert spot.status == BrightSpotStatus.NOT_RECOGNISED
    assert not spot.is_public and spot.published_at is None


def test_the_spot_page_offers_each_side_its_step(spot, people):
    url = spot.get_absolute_url()
    leader_page = client_for(people["leader"]).get(url).content.decode()
    assert 'id="publication-agree-form"' in leader_page
    assert 'id="publish-form"' not in leader_page

    response = client_for(people["leader"]).post(
        reverse("brightspots:publication_agree", args=[spot.pk]), TEXTS, follow=True
    )
    assert success_messages(response)
    board_page = client_for(people["ban_dan_van"]).get(url).content.decode()
    assert 'id="publish-form"' in board_page
    assert "Tổ hòa giải họp mỗi tháng" in board_page


def test_agreeing_without_texts_keeps_nothing_and_says_why(spot, people):
    response = client_for(people["leader"]).post(
        reverse("brightspots:publication_agree", args=[spot.pk]), {"summary": ""}, follow=True
    )

    assert error_messages(response)
    spot.refresh_from_db()
    assert spot.publication_agreed_at is None


# ---------------------------------------------------------------- access


@pytest.fixture
def recognised(personas, boards):
    """Makes a recognised spot of the own commune (a new one for each persona)."""
    cycle = make_cycle(personas.province, 2026)

    numbers = itertools.count(1)  # one decision per spot

    def make():
        return make_recognised_spot(personas.commune, cycle=cycle, number=next(numbers))

    return make


def test_publication_agree_access(personas, recognised):
    def agreed(spot, by, response):
        spot.refresh_from_db()
        assert spot.publication_agreed_by == by
        assert_audited(spot, "publication_agree", by=by)

    check_access(
        personas,
        "post",
        lambda spot: reverse("brightspots:publication_agree", args=[spot.pk]),
        data=TEXTS,
        allowed={"leader", "two_roles"},
        turned_back={"officer", "decision_maker", "appraiser", "steering", "observer", "admin"},
        fresh=recognised,
        effect=agreed,
    )


def _agreed(personas, recognised):
    def make():
        spot = recognised()
        publication_agree(bright_spot=spot, by=personas.users["leader"], **TEXTS)
        return spot

    return make


def test_publish_access(personas, recognised):
    def published(spot, by, response):
        spot.refresh_from_db()
        assert spot.is_public and spot.published_by == by
        assert_audited(spot, "publish", by=by)

    check_access(
        personas,
        "post",
        lambda spot: reverse("brightspots:publish", args=[spot.pk]),
        allowed={"appraiser", "steering"},
        turned_back={"officer", "leader", "decision_maker", "two_roles", "observer", "admin"},
        fresh=_agreed(personas, recognised),
        effect=published,
    )


def test_unpublish_access(personas, recognised):
    def taken_down(spot, by, response):
        spot.refresh_from_db()
        assert not spot.is_public and spot.publication_agreed_at is None
        assert_audited(spot, "unpublish", by=by)

    check_access(
        personas,
        "post",
        lambda spot: reverse("brightspots:unpublish", args=[spot.pk]),
        data={"reason": "Đơn vị đề nghị"},
        allowed={"officer", "leader", "two_roles", "appraiser", "steering"},
        turned_back={"decision_maker", "observer", "admin"},
        fresh=_agreed(personas, recognised),
        effect=taken_down,
    )
