"""The step tracker of a bright spot (apps/reports/selectors/tracker.py): which steps
are done and when, the current one and who holds it, at every stage."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from apps.accounts.enums import Role
from apps.brightspots.models import RegistrationRouting
from apps.brightspots.services import (
    bright_spot_withdraw,
    progress_update_submit,
    registration_list_send,
    routing_acknowledge,
)
from apps.cycles.models import ProcessRules
from apps.dossiers.enums import DossierStatus
from apps.reports.selectors.tracker import spot_steps
from tests.brightspots.factories import make_bright_spot
from tests.conftest import client_for
from tests.dossiers.factories import make_dossier
from tests.factories import make_member
from tests.kinds import BrightSpotKind
from tests.reports.factories import recognise

pytestmark = pytest.mark.django_db

D = DossierStatus
VINH = ZoneInfo("Asia/Ho_Chi_Minh")
KEYS = [
    "registration",
    "acknowledgement",
    "progress",
    "submission",
    "appraisal",
    "proposal",
    "recognition",
    "certificate",
]


def on(year, month, day):
    return time_machine.travel(datetime.datetime(year, month, day, 9, tzinfo=VINH), tick=False)


def states(steps) -> list[str]:
    return [step.state for step in steps]


def current(steps):
    [step] = [step for step in steps if step.is_current]
    return step


def local_day(step) -> datetime.date:
    return step.day.astimezone(VINH).date()


@pytest.fixture
def sent(commune, boards, leader, cycle):
    """A QCDC bright spot of the commune, its list sent on 20/3/2026."""
    spot = make_bright_spot(commune, cycle=cycle, kind=BrightSpotKind.QCDC)
    with on(2026, 3, 20):
        registration_list_send(registration_list=spot.registration_list, by=leader)
    spot.refresh_from_db()
    return spot


@pytest.fixture
def acknowledged(sent, boards):
    """``sent``, acknowledged by the BCĐ QCDC on 25/3/2026."""
    member = make_member(boards["bcd_qcdc"], Role.STEERING)
    with on(2026, 3, 25):
        routing_acknowledge(routing=RegistrationRouting.objects.get(), by=member)
    sent.refresh_from_db()
    return sent


def test_a_draft_waits_on_its_unit_to_send_it(commune, cycle):
    steps = spot_steps(spot=make_bright_spot(commune, cycle=cycle))

    assert [step.key for step in steps] == KEYS
    assert states(steps) == ["current"] + ["todo"] * 7
    assert commune.name in current(steps).holder


def test_a_sent_spot_is_registered_on_its_date_and_waits_on_the_board(sent, boards):
    steps = spot_steps(spot=sent)

    assert states(steps)[:3] == ["done", "current", "todo"]
    assert local_day(steps[0]) == datetime.date(2026, 3, 20)
    assert boards["bcd_qcdc"].name in current(steps).holder


def test_an_acknowledged_spot_waits_on_its_progress_update(acknowledged, commune):
    steps = spot_steps(spot=acknowledged)

    assert states(steps)[:3] == ["done", "done", "current"]
    assert local_day(steps[1]) == datetime.date(2026, 3, 25)
    assert commune.name in current(steps).holder


def test_the_progress_update_is_ticked_with_its_date(acknowledged, commune):
    officer = make_member(commune, Role.OFFICER)
    with on(2026, 6, 10):
        progress_update_submit(bright_spot=acknowledged, by=officer, text="Đã đối thoại 2 lần")
    acknowledged.refresh_from_db()

    steps = spot_steps(spot=acknowledged)

    assert states(steps)[:4] == ["done", "done", "done", "current"]
    assert local_day(steps[2]) == datetime.date(2026, 6, 10)


def test_no_progress_step_where_the_province_asks_for_none(province, acknowledged):
    ProcessRules.objects.create(province=province, progress_update=False)

    steps = spot_steps(spot=acknowledged)

    assert "progress" not in [step.key for step in steps]
    assert current(steps).key == "submission"


def test_a_submitted_dossier_waits_on_the_appraisers_of_its_level(province, commune, cycle):
    dossier = make_dossier(commune, cycle=cycle, status=D.SUBMITTED)

    steps = spot_steps(spot=dossier.bright_spot)

    assert current(steps).key == "appraisal"
    assert states(steps)[:4] == ["done", "done", "skipped", "done"]  # no update was given
    assert current(steps).holder.endswith(province.name)
    assert steps[3].day == dossier.first_submitted_at


def test_a_dossier_under_appraisal_names_its_appraiser(commune, cycle):
    appraiser = make_member(commune, Role.APPRAISER, full_name="Lê Thị Thẩm Định")
    dossier = make_dossier(commune, cycle=cycle, status=D.UNDER_APPRAISAL)
    dossier.appraiser = appraiser
    dossier.save(update_fields=["appraiser"])

    steps = spot_steps(spot=dossier.bright_spot)

    assert "Lê Thị Thẩm Định" in current(steps).holder


def test_a_returned_dossier_is_back_with_its_unit(commune, cycle):
    dossier = make_dossier(commune, cycle=cycle, status=D.RETURNED)

    steps = spot_steps(spot=dossier.bright_spot)

    assert current(steps).key == "appraisal"
    assert commune.name in current(steps).holder


def test_a_passed_dossier_waits_for_the_request_letter(province, commune, cycle):
    dossier = make_dossier(commune, cycle=cycle, status=D.PASSED)

    steps = spot_steps(spot=dossier.bright_spot)

    appraisal = steps[KEYS.index("appraisal")]
    assert (appraisal.state, appraisal.note) == ("done", dossier.get_conclusion_display())
    assert current(steps).key == "proposal"
    assert province.name in current(steps).holder


def test_a_proposed_spot_waits_on_the_recognising_authority(province, commune, cycle):
    dossier = make_dossier(commune, cycle=cycle, status=D.PROPOSED)

    steps = spot_steps(spot=dossier.bright_spot)

    assert current(steps).key == "recognition"
    assert current(steps).holder.endswith(province.name)


def test_a_recognised_spot_has_every_step_behind_it(commune, cycle):
    dossier = make_dossier(commune, cycle=cycle, status=D.PROPOSED)
    decision = recognise(dossier.bright_spot, number=12)

    steps = spot_steps(spot=dossier.bright_spot)

    assert [step for step in steps if step.is_current] == []
    recognition, certificate = steps[-2:]
    assert (recognition.state, recognition.day, recognition.note) == (
        "done",
        decision.signed_on,
        decision.number_label,
    )
    assert certificate.state == "done"


def test_a_failed_dossier_stops_the_spot(commune, cycle):
    dossier = make_dossier(commune, cycle=cycle, status=D.FAILED)

    steps = spot_steps(spot=dossier.bright_spot)

    assert states(steps)[4:] == ["done", "stopped", "todo", "todo"]
    assert steps[5].note == dossier.bright_spot.get_status_display()
    assert [step for step in steps if step.holder] == []


def test_a_spot_withdrawn_after_acknowledgement_stops_there(acknowledged, leader):
    bright_spot_withdraw(bright_spot=acknowledged, by=leader, reason="Địa bàn sáp nhập")
    acknowledged.refresh_from_db()

    steps = spot_steps(spot=acknowledged)

    assert states(steps)[:4] == ["done", "done", "stopped", "todo"]


@pytest.mark.parametrize("stage", ["draft", D.SUBMITTED, D.PASSED, D.PROPOSED, "recognised"])
def test_the_tracker_costs_a_fixed_few_queries(
    commune, cycle, stage, django_assert_max_num_queries
):
    if stage == "draft":
        spot = make_bright_spot(commune, cycle=cycle)
    else:
        status = D.PROPOSED if stage == "recognised" else stage
        spot = make_dossier(commune, cycle=cycle, status=status).bright_spot
        if stage == "recognised":
            recognise(spot)
    spot = type(spot).objects.select_related("unit", "cycle").get(pk=spot.pk)

    with django_assert_max_num_queries(7):
        spot_steps(spot=spot)


def test_the_spot_page_shows_the_tracker_with_the_current_step(sent, commune):
    officer = make_member(commune, Role.OFFICER)

    content = client_for(officer).get(reverse("brightspots:detail", args=[sent.pk])).content
    content = content.decode()

    assert content.count('aria-current="step"') == 1
    assert '<li class="step current" aria-current="step">' in content
    assert "css/tracker.css" in content
    assert "20/03/2026" in content


def test_the_dossier_page_shows_the_same_tracker(commune, cycle):
    officer = make_member(commune, Role.OFFICER)
    dossier = make_dossier(commune, cycle=cycle, status=D.SUBMITTED)

    content = client_for(officer).get(dossier.get_absolute_url()).content.decode()

    assert content.count('aria-current="step"') == 1
    assert "css/tracker.css" in content
