"""Access-matrix rows for every URL of the bright spots app."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.brightspots.enums import BrightSpotStatus
from apps.brightspots.models import RegistrationRouting
from apps.brightspots.services import (
    progress_update_submit,
    registration_list_send,
    routing_acknowledge,
)
from apps.criteria.enums import BrightSpotKind
from tests.access import BOARD_SEATS, COMMUNE_STAFF, PERSONAS, check_access
from tests.brightspots.conftest import at_local
from tests.brightspots.factories import make_bright_spot, make_cycle
from tests.dossiers.factories import PDF_BYTES

COVERED_URL_NAMES = {
    "brightspots:list",
    "brightspots:list_export",
    "brightspots:detail",
    "brightspots:edit",
    "brightspots:withdraw",
    "brightspots:progress",
    "brightspots:attachment",
    "brightspots:unit_year",
    "brightspots:create",
    "brightspots:directive",
    "brightspots:registration_send",
    "brightspots:registration_export",
    "brightspots:registration_print",
    "brightspots:inbox",
    "brightspots:inbox_export",
    "brightspots:inbox_print",
    "brightspots:routing_detail",
    "brightspots:routing_acknowledge",
    "brightspots:routing_return",
}

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


def test_send_access(personas, draft, boards):
    url = reverse("brightspots:registration_send", args=[draft.registration_list_id])

    with at_local(2027, 3, 1):
        check_access(personas, "post", url, data={"approve": "on"}, allowed={"leader", "two_roles"})


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


def test_routing_acknowledge_access(personas, sent):
    url = reverse("brightspots:routing_acknowledge", args=[sent["pending"].pk])

    check_access(personas, "post", url, allowed={"steering", "appraiser"})


def test_routing_return_access(personas, sent):
    url = reverse("brightspots:routing_return", args=[sent["pending"].pk])

    check_access(
        personas, "post", url, data={"comment": "Bổ sung"}, allowed={"steering", "appraiser"}
    )
