"""The province's switches for the dossier rules the portal adds (docs/process.md
section 4): each on by default, each refusing; turned off, the step is allowed."""

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.brightspots.enums import BrightSpotStatus
from apps.brightspots.models import BrightSpot
from apps.core.workflow import Refused
from apps.cycles.models import ProcessRules
from apps.dossiers.enums import DossierStatus, LetterIssuer
from apps.dossiers.models import Dossier
from apps.dossiers.services import (
    dossier_create,
    dossier_pass,
    dossier_propose,
    dossier_save_letter,
    dossier_submit,
)
from tests.brightspots.factories import make_bright_spot
from tests.conftest import client_for
from tests.dossiers.conftest import at_local
from tests.dossiers.factories import criteria_set_with, make_dossier

S = DossierStatus
pytestmark = pytest.mark.django_db


def _switch_off(province, name: str) -> None:
    ProcessRules.objects.create(province=province, **{name: False})


# ---------------------------------------------------------------- A2 submission window


def test_submission_outside_the_window_is_refused_by_default(dossier, officer):
    with at_local(2026, 12, 5), pytest.raises(Refused) as refused:
        dossier_submit(dossier=dossier, by=officer)

    assert "30/11/2026" in refused.value.messages[0]


def test_submission_outside_the_window_when_the_province_turned_it_off(dossier, officer, province):
    _switch_off(province, "submission_window")

    with at_local(2026, 12, 5):
        dossier_submit(dossier=dossier, by=officer)

    assert Dossier.objects.get(pk=dossier.pk).status == S.SUBMITTED


# ---------------------------------------------------------------- A8 acknowledgement


def _registered_spot(commune, cycle):
    return make_bright_spot(
        commune, cycle=cycle, status=BrightSpotStatus.REGISTERED, criteria_set=criteria_set_with()
    )


def test_a_registered_spot_waits_for_the_boards_acknowledgement_by_default(commune, cycle, officer):
    spot = _registered_spot(commune, cycle)

    with pytest.raises(Refused) as refused:
        dossier_create(bright_spot=spot, by=officer)

    assert "tiếp nhận" in refused.value.messages[0]
    assert not Dossier.objects.exists()


def test_a_registered_spot_opens_its_dossier_when_the_province_turned_it_off(
    commune, province, cycle, officer
):
    _switch_off(province, "acknowledgement_required")
    spot = _registered_spot(commune, cycle)

    queue = client_for(officer).get(reverse("dossiers:queue")).content.decode()
    response = client_for(officer).post(reverse("dossiers:open", args=[spot.pk]))

    assert reverse("dossiers:open", args=[spot.pk]) in queue
    assert response.status_code == 302
    assert Dossier.objects.get().bright_spot == spot


def test_a_registered_spot_submits_its_dossier_when_the_province_turned_it_off(
    commune, province, cycle, officer
):
    _switch_off(province, "acknowledgement_required")
    dossier = _registered_dossier(commune, cycle, officer)

    with at_local(2026, 10, 20):
        dossier_submit(dossier=dossier, by=officer)

    assert Dossier.objects.get(pk=dossier.pk).status == S.SUBMITTED
    dossier.bright_spot.refresh_from_db()
    assert dossier.bright_spot.status == BrightSpotStatus.IN_RECOGNITION


def test_a_registered_spots_dossier_waits_for_the_acknowledgement_by_default(
    commune, cycle, officer
):
    dossier = _registered_dossier(commune, cycle, officer)

    with at_local(2026, 10, 20), pytest.raises(Refused) as refused:
        dossier_submit(dossier=dossier, by=officer)

    assert "chưa tiếp nhận" in refused.value.messages[0]
    assert Dossier.objects.get(pk=dossier.pk).status == S.DRAFT


def _registered_dossier(commune, cycle, officer):
    """A dossier opened while its province did not wait for the board (then the spot
    is still registered)."""
    dossier = make_dossier(commune, cycle=cycle, filled=True, by=officer)
    BrightSpot.objects.filter(pk=dossier.bright_spot_id).update(status=BrightSpotStatus.REGISTERED)
    dossier.refresh_from_db()
    return dossier


def test_a_registered_spot_is_not_offered_a_dossier_by_default(commune, cycle, officer):
    spot = _registered_spot(commune, cycle)

    queue = client_for(officer).get(reverse("dossiers:queue")).content.decode()

    assert reverse("dossiers:open", args=[spot.pk]) not in queue


# ---------------------------------------------------------------- A14 finding on every criterion


def _one_finding_missing(commune, cycle):
    dossier = make_dossier(commune, cycle=cycle, status=S.UNDER_APPRAISAL)
    first = dossier.assessments.first()
    first.finding_level = ""
    first.save(update_fields=["finding_level"])
    return dossier


def test_passing_without_every_finding_is_refused_by_default(commune, cycle, appraiser):
    dossier = _one_finding_missing(commune, cycle)

    with pytest.raises(Refused):
        dossier_pass(dossier=dossier, by=appraiser)

    assert Dossier.objects.get(pk=dossier.pk).status == S.UNDER_APPRAISAL


def test_passing_without_every_finding_when_the_province_turned_it_off(
    commune, province, cycle, appraiser
):
    _switch_off(province, "finding_on_every_criterion")
    dossier = _one_finding_missing(commune, cycle)

    dossier_pass(dossier=dossier, by=appraiser)

    assert Dossier.objects.get(pk=dossier.pk).status == S.PASSED


# ---------------------------------------------------------------- A17 signed scan of the letter


def _letter_without_scan(province, commune, cycle, steering):
    dossier = make_dossier(commune, cycle=cycle, status=S.PASSED)
    return dossier_save_letter(
        dossier=dossier,
        by=steering,
        expected_version=dossier.lock_version,
        letter={
            "letter_number": "15/CV-UBND",
            "letter_date": timezone.localdate(),
            "letter_signer": "Trần Văn Bình",
            "letter_signer_title": "Chủ tịch UBND",
            "letter_issuer": LetterIssuer.LEADERSHIP,
            "letter_issuing_unit": province,
        },
    )


def test_proposing_without_the_letters_scan_is_refused_by_default(
    province, commune, cycle, steering
):
    dossier = _letter_without_scan(province, commune, cycle, steering)

    with pytest.raises(Refused) as refused:
        dossier_propose(dossier=dossier, by=steering)

    assert "bản quét" in refused.value.messages[0]
    assert Dossier.objects.get(pk=dossier.pk).status == S.PASSED


def test_proposing_without_the_letters_scan_when_the_province_turned_it_off(
    province, commune, cycle, steering
):
    _switch_off(province, "letter_scan_required")
    dossier = _letter_without_scan(province, commune, cycle, steering)

    dossier_propose(dossier=dossier, by=steering)

    assert Dossier.objects.get(pk=dossier.pk).status == S.PROPOSED


def test_the_letter_form_does_not_ask_for_the_scan_when_the_province_turned_it_off(
    province, commune, cycle, steering
):
    _switch_off(province, "letter_scan_required")
    dossier = make_dossier(commune, cycle=cycle, status=S.PASSED)
    data = {
        "lock_version": dossier.lock_version,
        "letter_number": "16/CV-UBND",
        "letter_date": "01/10/2026",
        "letter_signer": "Trần Văn Bình",
        "letter_issuer": LetterIssuer.LEADERSHIP,
        "letter_issuing_unit": province.pk,
    }

    with at_local(2026, 10, 20):
        response = client_for(steering).post(reverse("dossiers:letter", args=[dossier.pk]), data)

    assert response.status_code == 302
    assert Dossier.objects.get(pk=dossier.pk).letter_number == "16/CV-UBND"
