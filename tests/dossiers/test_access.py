"""Access matrix of every dossier URL: who gets the page or the step, and who gets a
404 (or the login page) without any change to the database."""

import pytest
from django.urls import reverse

from apps.brightspots.enums import BrightSpotStatus
from apps.dossiers.enums import DossierStatus, LetterIssuer, Level
from apps.dossiers.models import Dossier
from apps.dossiers.selectors import granted_appraisers
from apps.dossiers.services import dossier_grant_appraiser, dossier_submit
from tests.access import COMMUNE_STAFF, assert_audited, assert_success, check_access
from tests.brightspots.factories import make_bright_spot
from tests.dossiers.conftest import at_local
from tests.dossiers.factories import add_attachment, add_letter, criteria_set_with, make_dossier
from tests.factories import make_member

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
    def fresh():
        return make_bright_spot(
            personas.commune,
            cycle=cycle,
            status=BrightSpotStatus.ACKNOWLEDGED,
            criteria_set=criteria_set_with(),
        )

    def opened(spot, by, response):
        dossier = Dossier.objects.get(bright_spot=spot)
        assert response.url == dossier.get_absolute_url()
        assert_audited(dossier, "dossier_create", by=by)
        assert_success(response)

    def url(spot):
        return reverse("dossiers:open", args=[spot.pk])

    check_access(personas, "get", url, allowed=COMMUNE_STAFF, fresh=fresh)
    check_access(
        personas,
        "post",
        url,
        allowed=COMMUNE_STAFF,
        allowed_status=302,
        fresh=fresh,
        effect=opened,
    )


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
    def fresh():
        dossier = _dossier(personas, cycle, S.RETURNED)
        add_attachment(dossier, by=personas.users["officer"], submitted=True)
        return dossier

    def removed(dossier, by, response):
        attachment = dossier.attachments.get()
        assert (attachment.removed_by, attachment.removed_at is not None) == (by, True)
        assert_audited(dossier, "dossier_detach", by=by)
        assert_success(response)

    check_access(
        personas,
        "post",
        lambda dossier: _url("remove_attachment", dossier, dossier.attachments.get().pk),
        allowed=COMMUNE_STAFF,
        allowed_status=302,
        fresh=fresh,
        effect=removed,
    )


def test_edit_access(personas, cycle):
    def saved(dossier, by, response):
        dossier.refresh_from_db()
        assert dossier.how_done == "Cách làm"
        assert_audited(dossier, "dossier_edit", by=by)
        assert_success(response)

    check_access(personas, "get", _url("edit", _dossier(personas, cycle)), allowed=COMMUNE_STAFF)
    check_access(
        personas,
        "post",
        lambda dossier: _url("edit", dossier),
        allowed=COMMUNE_STAFF,
        allowed_status=302,
        data=lambda dossier: {"lock_version": dossier.lock_version, "how_done": "Cách làm"},
        fresh=lambda: _dossier(personas, cycle),
        effect=saved,
    )


def test_appraisal_access(personas, cycle):
    def saved(dossier, by, response):
        dossier.refresh_from_db()
        assert dossier.appraisal_comments == "Đạt"
        assert_audited(dossier, "dossier_appraisal_edit", by=by)
        assert_success(response)

    dossier = _dossier(personas, cycle, S.UNDER_APPRAISAL)

    check_access(personas, "get", _url("appraisal", dossier), allowed={"appraiser"})
    check_access(
        personas,
        "post",
        lambda dossier: _url("appraisal", dossier),
        allowed={"appraiser"},
        allowed_status=302,
        data=lambda dossier: {"lock_version": dossier.lock_version, "comments": "Đạt"},
        fresh=lambda: _dossier(personas, cycle, S.UNDER_APPRAISAL),
        effect=saved,
    )


def _first_row(dossier):
    return dossier.assessments.order_by("pk").first()


@pytest.mark.parametrize(
    ("name", "status", "field", "action", "allowed"),
    [
        ("edit_criterion", S.DRAFT, "evidence", "dossier_edit", COMMUNE_STAFF),
        (
            "appraisal_criterion",
            S.UNDER_APPRAISAL,
            "finding_note",
            "dossier_appraisal_edit",
            {"appraiser"},
        ),
    ],
)
def test_one_criterion_save_access(personas, cycle, name, status, field, action, allowed):
    def saved(dossier, by, response):
        assert getattr(_first_row(dossier), field) == "Biên bản họp"
        assert_audited(dossier, action, by=by)
        assert_success(response)

    check_access(
        personas,
        "post",
        lambda dossier: _url(name, dossier, _first_row(dossier).pk),
        allowed=allowed,
        allowed_status=200,
        data=lambda dossier: {
            "lock_version": dossier.lock_version,
            f"c{_first_row(dossier).pk}-{field}": "Biên bản họp",
        },
        fresh=lambda: _dossier(personas, cycle, status),
        effect=saved,
    )


def test_letter_access(personas, cycle):
    def fresh():
        dossier = _dossier(personas, cycle, S.PASSED)
        # The province recognises the commune (no unit below it is an authority here):
        # its leadership issues the letter.
        return add_letter(dossier, issuing_unit=personas.province, by=personas.users["steering"])

    def letter(dossier):
        return {
            "lock_version": dossier.lock_version,
            "letter_number": "16/CV-UBND",
            "letter_date": "20/10/2026",
            "letter_signer": "Trần Văn Bình",
            "letter_issuer": LetterIssuer.LEADERSHIP,
            "letter_issuing_unit": personas.province.pk,
        }

    def saved(dossier, by, response):
        dossier.refresh_from_db()
        assert dossier.letter_number == "16/CV-UBND"
        assert_audited(dossier, "dossier_letter_edit", by=by)
        assert_success(response)

    check_access(personas, "get", _url("letter", fresh()), allowed=PROPOSERS)
    check_access(
        personas,
        "post",
        lambda dossier: _url("letter", dossier),
        allowed=PROPOSERS,
        allowed_status=302,
        data=letter,
        fresh=fresh,
        effect=saved,
    )


@pytest.fixture
def far_appraiser(personas):
    """An appraiser of another commune, whom a grant lets appraise one dossier."""
    return make_member(personas.other_commune, "appraiser", username="far_appraiser")


def test_grants_access(personas, cycle, far_appraiser):
    def granted(dossier, by, response):
        assert far_appraiser in granted_appraisers(dossier=dossier)
        assert_audited(dossier, "dossier_grant", by=by)
        assert_success(response)

    dossier = _dossier(personas, cycle, S.SUBMITTED)

    check_access(personas, "get", _url("grants", dossier), allowed={"admin", "steering"})
    check_access(
        personas,
        "post",
        lambda dossier: _url("grants", dossier),
        allowed={"admin", "steering"},
        allowed_status=302,
        data={"appraiser": far_appraiser.pk},
        fresh=lambda: _dossier(personas, cycle, S.SUBMITTED),
        effect=granted,
    )


def test_revoke_access(personas, cycle, far_appraiser):
    def fresh():
        dossier = _dossier(personas, cycle, S.SUBMITTED)
        dossier_grant_appraiser(
            dossier=dossier, appraiser=far_appraiser, by=personas.users["admin"]
        )
        return dossier

    def revoked(dossier, by, response):
        assert far_appraiser not in granted_appraisers(dossier=dossier)
        assert_audited(dossier, "dossier_revoke", by=by)
        assert_success(response)

    check_access(
        personas,
        "post",
        lambda dossier: _url("revoke", dossier, far_appraiser.pk),
        allowed={"admin", "steering"},
        allowed_status=302,
        fresh=fresh,
        effect=revoked,
    )


def _moved_to(status, verb):
    """The effect of a step: the dossier in ``status``, audited, and the page says so."""

    def effect(dossier, by, response):
        dossier.refresh_from_db()
        assert dossier.status == status
        assert_audited(dossier, f"dossier_{verb}", by=by)
        assert_success(response)

    return effect


def _check_step(personas, verb, *, fresh, to, allowed, data=None):
    check_access(
        personas,
        "post",
        lambda dossier: _url(verb, dossier),
        allowed=allowed,
        allowed_status=302,
        data=data,
        fresh=fresh,
        effect=_moved_to(to, verb),
    )


def test_submit_access(personas, cycle, window):
    def fresh():
        return make_dossier(personas.commune, cycle=cycle, filled=True)

    _check_step(personas, "submit", fresh=fresh, to=S.SUBMITTED, allowed=COMMUNE_STAFF)


@pytest.mark.parametrize(
    ("verb", "status", "to", "data"),
    [
        ("start_appraisal", S.SUBMITTED, S.UNDER_APPRAISAL, {}),
        ("return", S.UNDER_APPRAISAL, S.RETURNED, {"reason": "Bổ sung"}),
        ("pass", S.UNDER_APPRAISAL, S.PASSED, {}),
        ("fail", S.UNDER_APPRAISAL, S.FAILED, {}),
    ],
)
def test_appraiser_steps_access(personas, cycle, verb, status, to, data):
    def fresh():
        return _dossier(personas, cycle, status)

    _check_step(personas, verb, fresh=fresh, to=to, allowed={"appraiser"}, data=data)


def test_pass_override_access(personas, cycle):
    def fresh():
        dossier = _dossier(personas, cycle, S.UNDER_APPRAISAL)
        dossier.assessments.filter(pk=dossier.assessments.last().pk).update(
            finding_level=Level.NOT_MET
        )
        return dossier

    _check_step(
        personas,
        "pass_override",
        fresh=fresh,
        to=S.PASSED,
        allowed={"appraiser"},
        data={"reason": "Biên bản nộp bản giấy"},
    )


def test_propose_access(personas, cycle, window):
    def fresh():
        dossier = _dossier(personas, cycle, S.PASSED)
        # The province recognises the commune (no unit below it is an authority here):
        # its leadership issues the letter.
        return add_letter(dossier, issuing_unit=personas.province, by=personas.users["steering"])

    _check_step(personas, "propose", fresh=fresh, to=S.PROPOSED, allowed=PROPOSERS)


@pytest.mark.parametrize(
    ("status", "allowed"), [(S.PASSED, PROPOSERS), (S.PROPOSED, {"decision_maker"})]
)
def test_decline_access(personas, cycle, status, allowed):
    def fresh():
        return _dossier(personas, cycle, status)

    _check_step(
        personas,
        "decline",
        fresh=fresh,
        to=S.DECLINED,
        allowed=allowed,
        data={"reason": "Chưa đủ"},
    )


def test_withdraw_access(personas, cycle):
    def fresh():
        return _dossier(personas, cycle, S.SUBMITTED)

    _check_step(
        personas,
        "withdraw",
        fresh=fresh,
        to=S.WITHDRAWN,
        allowed=COMMUNE_STAFF,
        data={"reason": "Sáp nhập"},
    )
