"""Access matrix of every dossier URL: who gets the page or the step, and who gets a
404 (or the login page) without any change to the database."""

import pytest
from django.urls import reverse

from apps.brightspots.enums import BrightSpotStatus
from apps.dossiers.enums import DossierStatus
from apps.dossiers.services import dossier_grant_appraiser, dossier_submit
from tests.access import COMMUNE_STAFF, check_access
from tests.brightspots.factories import make_bright_spot
from tests.dossiers.conftest import at_local
from tests.dossiers.factories import add_attachment, add_letter, criteria_set_with, make_dossier
from tests.factories import make_member

COVERED_URL_NAMES = {
    "dossiers:queue",
    "dossiers:open",
    "dossiers:detail",
    "dossiers:pdf",
    "dossiers:version",
    "dossiers:attachment",
    "dossiers:remove_attachment",
    "dossiers:edit",
    "dossiers:appraisal",
    "dossiers:letter",
    "dossiers:grants",
    "dossiers:revoke",
    "dossiers:submit",
    "dossiers:start_appraisal",
    "dossiers:return",
    "dossiers:pass",
    "dossiers:fail",
    "dossiers:propose",
    "dossiers:decline",
    "dossiers:withdraw",
}

S = DossierStatus
SIGNED_IN = {
    "officer",
    "leader",
    "officer_other",
    "appraiser",
    "steering",
    "decision_maker",
    "observer",
    "admin",
    "two_roles",
    "outsider",
}
# Everyone holding a role over the commune sees its dossiers.
OVER_COMMUNE = {
    "officer",
    "leader",
    "appraiser",
    "steering",
    "decision_maker",
    "observer",
    "admin",
    "two_roles",
}
PROPOSERS = {"steering", "leader", "two_roles"}

pytestmark = pytest.mark.django_db


@pytest.fixture
def window():
    with at_local(2026, 10, 20):
        yield


def _dossier(personas, cycle, status=S.DRAFT):
    return make_dossier(personas.commune, cycle=cycle, status=status)


def _url(name, dossier, *args):
    return reverse(f"dossiers:{name}", args=[dossier.pk, *args])


def test_queue_access(personas, cycle):
    _dossier(personas, cycle, S.SUBMITTED)

    check_access(personas, "get", reverse("dossiers:queue"), allowed=SIGNED_IN)


def test_open_access(personas, cycle):
    spot = make_bright_spot(
        personas.commune,
        cycle=cycle,
        status=BrightSpotStatus.ACKNOWLEDGED,
        criteria_set=criteria_set_with(),
    )
    url = reverse("dossiers:open", args=[spot.pk])

    check_access(personas, "get", url, allowed=COMMUNE_STAFF)
    check_access(personas, "post", url, allowed=COMMUNE_STAFF)


@pytest.mark.parametrize("name", ["detail", "pdf"])
def test_reading_pages_access(personas, cycle, name):
    dossier = _dossier(personas, cycle, S.UNDER_APPRAISAL)

    check_access(personas, "get", _url(name, dossier), allowed=OVER_COMMUNE)


def test_version_access(personas, cycle, window):
    dossier = make_dossier(personas.commune, cycle=cycle, filled=True)
    dossier_submit(dossier=dossier, by=personas.users["officer"])

    check_access(personas, "get", _url("version", dossier, 1), allowed=OVER_COMMUNE)


def test_attachment_download_access(personas, cycle):
    dossier = _dossier(personas, cycle)
    attachment = add_attachment(dossier, by=personas.users["officer"])

    check_access(personas, "get", _url("attachment", dossier, attachment.pk), allowed=OVER_COMMUNE)


def test_remove_attachment_access(personas, cycle):
    dossier = _dossier(personas, cycle, S.RETURNED)
    attachment = add_attachment(dossier, by=personas.users["officer"], submitted=True)

    check_access(
        personas, "post", _url("remove_attachment", dossier, attachment.pk), allowed=COMMUNE_STAFF
    )


def test_edit_access(personas, cycle):
    dossier = _dossier(personas, cycle)
    data = {"lock_version": dossier.lock_version, "how_done": "Cách làm"}

    check_access(personas, "get", _url("edit", dossier), allowed=COMMUNE_STAFF)
    check_access(personas, "post", _url("edit", dossier), allowed=COMMUNE_STAFF, data=data)


def test_appraisal_access(personas, cycle):
    dossier = _dossier(personas, cycle, S.UNDER_APPRAISAL)
    data = {"lock_version": dossier.lock_version, "comments": "Đạt"}

    check_access(personas, "get", _url("appraisal", dossier), allowed={"appraiser"})
    check_access(personas, "post", _url("appraisal", dossier), allowed={"appraiser"}, data=data)


def test_letter_access(personas, cycle):
    dossier = _dossier(personas, cycle, S.PASSED)

    check_access(personas, "get", _url("letter", dossier), allowed=PROPOSERS)
    check_access(
        personas,
        "post",
        _url("letter", dossier),
        allowed=PROPOSERS,
        data={"lock_version": dossier.lock_version},
    )


def test_grants_access(personas, cycle):
    dossier = _dossier(personas, cycle, S.SUBMITTED)
    elsewhere = make_member(personas.other_commune, "appraiser", username="far_appraiser")

    check_access(personas, "get", _url("grants", dossier), allowed={"admin", "steering"})
    check_access(
        personas,
        "post",
        _url("grants", dossier),
        allowed={"admin", "steering"},
        data={"appraiser": elsewhere.pk},
    )


def test_revoke_access(personas, cycle):
    dossier = _dossier(personas, cycle, S.SUBMITTED)
    elsewhere = make_member(personas.other_commune, "appraiser", username="far_appraiser")
    dossier_grant_appraiser(dossier=dossier, appraiser=elsewhere, by=personas.users["admin"])

    check_access(
        personas, "post", _url("revoke", dossier, elsewhere.pk), allowed={"admin", "steering"}
    )


def test_submit_access(personas, cycle, window):
    dossier = make_dossier(personas.commune, cycle=cycle, filled=True)

    check_access(personas, "post", _url("submit", dossier), allowed=COMMUNE_STAFF)

    dossier.refresh_from_db()
    assert dossier.status == S.SUBMITTED


@pytest.mark.parametrize(
    ("name", "status", "data"),
    [
        ("start_appraisal", S.SUBMITTED, {}),
        ("return", S.UNDER_APPRAISAL, {"reason": "Bổ sung"}),
        ("pass", S.UNDER_APPRAISAL, {}),
        ("fail", S.UNDER_APPRAISAL, {}),
    ],
)
def test_appraiser_steps_access(personas, cycle, name, status, data):
    dossier = _dossier(personas, cycle, status)

    check_access(personas, "post", _url(name, dossier), allowed={"appraiser"}, data=data)


def test_propose_access(personas, cycle, window):
    dossier = _dossier(personas, cycle, S.PASSED)
    add_letter(dossier, issuing_unit=personas.commune, by=personas.users["steering"])

    check_access(personas, "post", _url("propose", dossier), allowed=PROPOSERS)

    assert type(dossier).objects.get(pk=dossier.pk).status == S.PROPOSED


def test_decline_before_the_proposal_access(personas, cycle):
    dossier = _dossier(personas, cycle, S.PASSED)

    check_access(
        personas, "post", _url("decline", dossier), allowed=PROPOSERS, data={"reason": "Chưa đủ"}
    )


def test_decline_of_a_proposal_access(personas, cycle):
    dossier = _dossier(personas, cycle, S.PROPOSED)

    check_access(
        personas,
        "post",
        _url("decline", dossier),
        allowed={"decision_maker"},
        data={"reason": "Chưa đủ"},
    )


def test_withdraw_access(personas, cycle):
    dossier = _dossier(personas, cycle, S.SUBMITTED)

    check_access(
        personas,
        "post",
        _url("withdraw", dossier),
        allowed=COMMUNE_STAFF,
        data={"reason": "Sáp nhập"},
    )
