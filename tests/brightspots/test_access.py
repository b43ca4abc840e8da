"""Access-matrix rows for every URL of the bright spots app."""

import itertools

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.brightspots.enums import BrightSpotStatus, RegistrationListStatus, RoutingStatus
from apps.brightspots.models import RegistrationRouting
from apps.brightspots.services import (
    progress_update_submit,
    registration_list_send,
    routing_acknowledge,
)
from tests.access import (
    BOARD_SEATS,
    COMMUNE_STAFF,
    PERSONAS,
    assert_audited,
    assert_success,
    check_access,
)
from tests.brightspots.conftest import at_local
from tests.brightspots.factories import make_bright_spot, make_cycle
from tests.dossiers.factories import PDF_BYTES
from tests.kinds import BrightSpotKind

LOGGED_IN = set(PERSONAS) - {"anonymous", "deactivated"}
# Everyone holding a role that reaches the own commune.
REACH_COMMUNE = {
    "officer",
    "leader",
    "decision_maker",
    "two_roles",
    "appraiser",
    "steering",
    "observer",
    "admin",
}

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(personas, boards):
    """A 2026 list of the own commune, sent: an acknowledged QCDC spot with a progress
    update and its attachment, and a pending DVCQ part."""
    commune = personas.commune
    cycle = make_cycle(personas.province, 2026)
    with at_local(2026, 3, 20):
        qcdc = make_bright_spot(commune, cycle=cycle, kind=BrightSpotKind.QCDC)
        make_bright_spot(commune, cycle=cycle, kind=BrightSpotKind.DVCQ)
        registration_list_send(
            registration_list=qcdc.registration_list, by=personas.users["leader"]
        )
        qcdc_routing = RegistrationRouting.objects.get(kind=BrightSpotKind.QCDC)
        routing_acknowledge(routing=qcdc_routing, by=personas.users["steering"])
    with at_local(2026, 6, 1):
        pdf = SimpleUploadedFile("bao-cao.pdf", PDF_BYTES)
        update = progress_update_submit(
            bright_spot=qcdc, by=personas.users["officer"], text="Đã làm", files=[pdf]
        )
    qcdc.refresh_from_db()
    return {
        "spot": qcdc,
        "list": qcdc.registration_list,
        "pending": RegistrationRouting.objects.get(kind=BrightSpotKind.DVCQ),
        "attachment": update.attachments.get(),
    }


@pytest.fixture
def draft(personas):
    """A draft spot of the own commune in its 2027 list."""
    cycle = make_cycle(personas.province, 2027)
    return make_bright_spot(personas.commune, cycle=cycle, status=BrightSpotStatus.DRAFT)


@pytest.mark.parametrize("name", ["brightspots:list", "brightspots:list_export"])
def test_lists_are_open_to_every_user_and_filtered(personas, sent, name):
    check_access(personas, "get", reverse(name), allowed=LOGGED_IN)


def test_bright_spot_detail_access(personas, sent):
    url = reverse("brightspots:detail", args=[sent["spot"].pk])

    check_access(personas, "get", url, allowed=REACH_COMMUNE)


def test_attachment_download_access(personas, sent):
    check_access(personas, "get", sent["attachment"].get_absolute_url(), allowed=REACH_COMMUNE)


def test_edit_access(personas, draft):
    check_access(personas, "get", reverse("brightspots:edit", args=[draft.pk]), allowed={"officer"})


def test_withdraw_access(personas, draft):
    url = reverse("brightspots:withdraw", args=[draft.pk])

    check_access(personas, "get", url, allowed=COMMUNE_STAFF)


def test_progress_access(personas, sent):
    url = reverse("brightspots:progress", args=[sent["spot"].pk])

    with at_local(2026, 6, 2):
        check_access(personas, "get", url, allowed={"officer"})


def test_unit_year_access(personas, sent):
    url = reverse("brightspots:unit_year", args=[personas.commune.pk]) + "?year=2026"

    check_access(personas, "get", url, allowed=REACH_COMMUNE)


def test_create_access(personas, sent):
    url = reverse("brightspots:create", args=[personas.commune.pk]) + "?year=2026"

    check_access(personas, "get", url, allowed={"officer"})


def test_directive_access(personas, sent):
    url = reverse("brightspots:directive", args=[personas.commune.pk]) + "?year=2026"

    check_access(personas, "get", url, allowed=COMMUNE_STAFF)


def _send_url(registration_list):
    return reverse("brightspots:registration_send", args=[registration_list.pk])


def test_send_access(personas, boards):
    years = itertools.count(2027)

    def fresh():
        """A draft spot of the own commune, alone in the list of a new cycle."""
        cycle = make_cycle(personas.province, next(years))
        spot = make_bright_spot(personas.commune, cycle=cycle, status=BrightSpotStatus.DRAFT)
        return spot.registration_list

    def effect(registration_list, by, response):
        registration_list.refresh_from_db()
        assert registration_list.status == RegistrationListStatus.SENT
        assert registration_list.bright_spots.get().status == BrightSpotStatus.REGISTERED
        assert_audited(registration_list, "send", by=by)
        assert_success(response)

    with at_local(2027, 3, 1):
        check_access(
            personas,
            "post",
            _send_url,
            data={"approve": "on"},
            allowed={"leader", "two_roles"},
            fresh=fresh,
            effect=effect,
        )


@pytest.mark.parametrize(
    "name", ["brightspots:registration_export", "brightspots:registration_print"]
)
def test_registration_list_reading_access(personas, sent, name):
    url = reverse(name, args=[sent["list"].pk])

    check_access(personas, "get", url, allowed=REACH_COMMUNE)


def test_inbox_access(personas, sent):
    check_access(personas, "get", reverse("brightspots:inbox"), allowed=LOGGED_IN)


@pytest.mark.parametrize("name", ["brightspots:inbox_export", "brightspots:inbox_print"])
def test_inbox_export_and_print_access(personas, sent, name):
    check_access(personas, "get", reverse(name), allowed=BOARD_SEATS)


def test_routing_detail_access(personas, sent):
    check_access(personas, "get", sent["pending"].get_absolute_url(), allowed=BOARD_SEATS)


@pytest.fixture
def pending(personas, boards):
    """Makes a pending routing: the own commune's DVCQ spot, in the list of a new
    cycle, sent."""
    years = itertools.count(2030)

    def make():
        year = next(years)
        cycle = make_cycle(personas.province, year)
        spot = make_bright_spot(personas.commune, cycle=cycle, kind=BrightSpotKind.DVCQ)
        with at_local(year, 3, 20):
            registration_list_send(
                registration_list=spot.registration_list, by=personas.users["leader"]
            )
        return RegistrationRouting.objects.get(registration_list=spot.registration_list_id)

    return make


def _answered(status, spot_status, action):
    def effect(routing, by, response):
        routing.refresh_from_db()
        assert routing.status == status
        assert routing.acted_by == by
        spot = routing.registration_list.bright_spots.get()
        assert spot.status == spot_status
        assert_audited(routing, action, by=by)
        assert_success(response)

    return effect


def test_routing_acknowledge_access(personas, pending):
    check_access(
        personas,
        "post",
        lambda routing: reverse("brightspots:routing_acknowledge", args=[routing.pk]),
        allowed={"steering", "appraiser"},
        fresh=pending,
        effect=_answered(RoutingStatus.ACKNOWLEDGED, BrightSpotStatus.ACKNOWLEDGED, "acknowledge"),
    )


def test_inbox_acknowledge_access(personas, pending):
    check_access(
        personas,
        "post",
        reverse("brightspots:inbox_acknowledge"),
        data=lambda routing: {"routing": [routing.pk]},
        allowed={"steering", "appraiser"},
        turned_back={"observer"},
        fresh=pending,
        effect=_answered(RoutingStatus.ACKNOWLEDGED, BrightSpotStatus.ACKNOWLEDGED, "acknowledge"),
    )


def test_routing_return_access(personas, pending):
    check_access(
        personas,
        "post",
        lambda routing: reverse("brightspots:routing_return", args=[routing.pk]),
        data={"comment": "Bổ sung"},
        allowed={"steering", "appraiser"},
        fresh=pending,
        effect=_answered(RoutingStatus.RETURNED, BrightSpotStatus.DRAFT, "return"),
    )
