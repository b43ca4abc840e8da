"""The one transition primitive, through the bright spot's real workflow: the lock, the
checks, the audit row dated by the caller's time, the batch form, and the refusals."""

import datetime

import pytest
from django.contrib import messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from apps.accounts.enums import Role
from apps.brightspots.enums import ALLOWED_TRANSITIONS, BrightSpotStatus
from apps.brightspots.models import BrightSpot
from apps.brightspots.services import bright_spot_withdraw
from apps.brightspots.workflow import SPOT_WORKFLOW
from apps.core.models import AuditEvent
from apps.core.steps import run_service
from apps.core.workflow import (
    NotPermitted,
    Refused,
    Step,
    Workflow,
    refusal,
    transition,
    transition_many,
)
from tests.brightspots.factories import make_bright_spot
from tests.factories import make_member

S = BrightSpotStatus
pytestmark = pytest.mark.django_db
LAST_YEAR = datetime.datetime(2025, 4, 2, 8, 30, tzinfo=datetime.UTC)


def test_transition_returns_the_fresh_row_and_leaves_the_argument_alone(commune, officer):
    spot = make_bright_spot(commune, status=S.ACKNOWLEDGED)

    moved = transition(SPOT_WORKFLOW, spot, verb="progress", by=officer)

    assert moved.status == S.IN_PROGRESS
    assert spot.status == S.ACKNOWLEDGED
    assert BrightSpot.objects.get(pk=spot.pk).status == S.IN_PROGRESS


def test_transition_writes_one_audit_row_dated_by_the_given_time(commune, officer):
    spot = make_bright_spot(commune, status=S.ACKNOWLEDGED)

    transition(SPOT_WORKFLOW, spot, verb="progress", by=officer, now=LAST_YEAR, comment="x")

    event = AuditEvent.objects.get(object_id=str(spot.pk), action="progress")
    assert (event.from_state, event.to_state, event.comment) == (S.ACKNOWLEDGED, S.IN_PROGRESS, "x")
    assert event.created_at == LAST_YEAR
    assert event.actor == officer


def test_transition_from_a_state_without_the_step_is_refused_and_writes_nothing(commune, officer):
    spot = make_bright_spot(commune, status=S.WITHDRAWN)

    with pytest.raises(Refused) as refused:
        transition(SPOT_WORKFLOW, spot, verb="progress", by=officer)

    assert "Đã rút" in refused.value.messages[0] or spot.get_status_display() in str(
        refused.value.messages[0]
    )
    assert BrightSpot.objects.get(pk=spot.pk).status == S.WITHDRAWN
    assert not AuditEvent.objects.filter(object_id=str(spot.pk)).exists()


def test_a_step_with_a_rule_refuses_an_actor_outside_it(commune, other_commune):
    spot = make_bright_spot(commune, status=S.DRAFT)
    stranger = make_member(other_commune, Role.OFFICER)

    with pytest.raises(NotPermitted):
        bright_spot_withdraw(bright_spot=spot, by=stranger, reason="Không phù hợp")

    assert BrightSpot.objects.get(pk=spot.pk).status == S.DRAFT


def test_refusal_gives_the_reason_or_nothing(commune, officer, other_commune):
    draft = make_bright_spot(commune, status=S.DRAFT)
    recognised = make_bright_spot(commune, status=S.RECOGNISED, name="Đã công nhận")

    assert refusal(SPOT_WORKFLOW, draft, user=officer, verb="withdraw") == ""
    assert refusal(SPOT_WORKFLOW, recognised, user=officer, verb="withdraw") != ""
    stranger = make_member(other_commune, Role.OFFICER)
    assert refusal(SPOT_WORKFLOW, draft, user=stranger, verb="withdraw") != ""


def test_transition_many_moves_only_rows_in_a_from_state_with_one_audit_row_each(commune, officer):
    drafts = [make_bright_spot(commune, status=S.DRAFT, name=f"Nháp {i}") for i in range(3)]
    withdrawn = make_bright_spot(commune, status=S.WITHDRAWN, name="Đã rút")

    with CaptureQueriesContext(connection) as queries:
        moved = transition_many(
            SPOT_WORKFLOW,
            BrightSpot.objects.filter(unit=commune),
            verb="register",
            by=officer,
            now=LAST_YEAR,
        )

    assert moved == sorted(s.pk for s in drafts)
    assert set(BrightSpot.objects.filter(pk__in=moved).values_list("status", flat=True)) == {
        S.REGISTERED
    }
    assert BrightSpot.objects.get(pk=withdrawn.pk).status == S.WITHDRAWN
    events = AuditEvent.objects.filter(action="register")
    assert sorted(int(e.object_id) for e in events) == moved
    assert {e.created_at for e in events} == {LAST_YEAR}
    updates = [q for q in queries.captured_queries if q["sql"].startswith("UPDATE")]
    assert len(updates) == 1


def test_transition_many_costs_the_same_queries_for_one_row_and_for_fifty(commune, officer):
    def run(count: int) -> int:
        for i in range(count):
            make_bright_spot(commune, status=S.DRAFT, name=f"Nháp {count}-{i}")
        with CaptureQueriesContext(connection) as queries:
            transition_many(
                SPOT_WORKFLOW, BrightSpot.objects.filter(unit=commune), verb="register", by=officer
            )
        return len(queries)

    run(1)  # warms the content-type cache

    assert run(1) == run(50)


def test_a_workflow_refuses_a_step_outside_its_transition_table():
    with pytest.raises(ValueError, match="recognise"):
        Workflow(
            model=BrightSpot,
            steps=[Step("recognise", {S.DRAFT: S.RECOGNISED})],
            transitions=ALLOWED_TRANSITIONS,
            state_message=str,
            not_permitted="",
        )


def test_run_service_turns_a_refusal_into_a_message_on_the_page(commune, officer):
    spot = make_bright_spot(commune, status=S.RECOGNISED)
    request = RequestFactory().post("/")
    request.user = officer
    request.session = {}
    request._messages = FallbackStorage(request)

    outcome = run_service(request, bright_spot_withdraw, done="ok", bright_spot=spot, reason="Thử")

    assert outcome.ok is False
    shown = [(m.level, m.message) for m in messages.get_messages(request)]
    assert len(shown) == 1
    assert shown[0][0] == messages.ERROR


def test_a_step_inside_a_step_takes_no_savepoint_and_its_refusal_undoes_both(commune, officer):
    first = make_bright_spot(commune, status=S.ACKNOWLEDGED)
    second = make_bright_spot(commune, status=S.ACKNOWLEDGED)

    def progress_the_other_too(locked, by, now):
        transition(SPOT_WORKFLOW, second, verb="progress", by=by, now=now)

    with CaptureQueriesContext(connection) as captured:
        transition(SPOT_WORKFLOW, first, verb="progress", by=officer, effect=progress_the_other_too)

    savepoints = [q for q in captured.captured_queries if q["sql"].startswith("SAVEPOINT")]
    assert len(savepoints) == 1  # the outer step's, inside the test's transaction
    assert BrightSpot.objects.get(pk=second.pk).status == S.IN_PROGRESS

    third = make_bright_spot(commune, status=S.ACKNOWLEDGED)
    withdrawn = make_bright_spot(commune, status=S.WITHDRAWN)

    def progress_a_withdrawn_one(locked, by, now):
        transition(SPOT_WORKFLOW, withdrawn, verb="progress", by=by, now=now)

    with pytest.raises(Refused):
        transition(
            SPOT_WORKFLOW, third, verb="progress", by=officer, effect=progress_a_withdrawn_one
        )

    assert BrightSpot.objects.get(pk=third.pk).status == S.ACKNOWLEDGED
    assert not AuditEvent.objects.filter(object_id=str(third.pk)).exists()
