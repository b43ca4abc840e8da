"""Recognition happens from 15/10 to 30/11 of the cycle ("được thực hiện từ ngày 15/10
... đến 30/11 hàng năm", Hướng dẫn IV): a decision is neither issued nor dated outside
the window of its bright spots' cycle, unless the authority has an extension of the
recognition deadline."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from apps.cycles.enums import DeadlineKind
from apps.cycles.models import DeadlineExtension
from apps.decisions import services
from tests.conftest import client_for
from tests.decisions.factories import in_window, make_draft
from tests.factories import make_member

pytestmark = pytest.mark.django_db

OCT_15, NOV_30 = datetime.date(2026, 10, 15), datetime.date(2026, 11, 30)
DEC_4 = datetime.date(2026, 12, 4)


def extend(cycle, unit, until):
    return DeadlineExtension.objects.create(
        cycle=cycle,
        unit=unit,
        deadline=DeadlineKind.RECOGNITION,
        new_date=until,
        reason="Hồ sơ bổ sung",
        granted_by=make_member(unit, "admin"),
    )


@pytest.mark.parametrize("day", [OCT_15, NOV_30])
def test_a_decision_is_issued_on_the_first_and_the_last_day_of_the_window(
    authority, decision_maker, spots, day
):
    draft = make_draft(authority, spots, by=decision_maker, now=in_window(spots, day=day))

    issued = services.decision_issue(
        decision=draft, by=decision_maker, now=in_window(spots, day=day)
    )

    assert (issued.status, issued.signed_on) == ("issued", day)


def test_issuing_after_the_window_is_refused_naming_its_dates(authority, decision_maker, spots):
    draft = make_draft(authority, spots, by=decision_maker)

    with pytest.raises(ValidationError) as refused:
        services.decision_issue(decision=draft, by=decision_maker, now=in_window(spots, day=DEC_4))

    assert refused.value.messages == [
        "Việc công nhận điểm sáng năm 2026 được thực hiện từ ngày 15/10/2026 đến ngày "
        "30/11/2026; không thể ban hành quyết định hoặc ghi ngày quyết định là 04/12/2026."
    ]
    assert draft.certificates.count() == 0


def test_a_decision_dated_before_the_window_is_refused(authority, decision_maker, spots):
    draft = make_draft(
        authority, spots, by=decision_maker, now=in_window(spots, day=datetime.date(2026, 10, 14))
    )

    with pytest.raises(ValidationError) as refused:
        services.decision_issue(decision=draft, by=decision_maker, now=in_window(spots))

    assert "ghi ngày quyết định là 14/10/2026" in refused.value.messages[0]


def test_the_authoritys_extension_moves_the_close(authority, decision_maker, spots, cycle):
    extend(cycle, authority, datetime.date(2026, 12, 10))
    draft = make_draft(authority, spots, by=decision_maker, now=in_window(spots, day=DEC_4))

    issued = services.decision_issue(
        decision=draft, by=decision_maker, now=in_window(spots, day=DEC_4)
    )

    assert (issued.status, issued.signed_on) == ("issued", DEC_4)


def test_another_units_extension_does_not_help(
    authority, other_commune, decision_maker, spots, cycle
):
    extend(cycle, other_commune, datetime.date(2026, 12, 10))
    draft = make_draft(authority, spots, by=decision_maker, now=in_window(spots, day=DEC_4))

    with pytest.raises(ValidationError):
        services.decision_issue(decision=draft, by=decision_maker, now=in_window(spots, day=DEC_4))


def test_the_draft_page_says_why_it_cannot_be_issued_after_the_window(
    authority, decision_maker, spots
):
    draft = make_draft(authority, spots, by=decision_maker)

    page = client_for(decision_maker).get(draft.get_absolute_url()).content.decode()

    assert 'disabled aria-describedby="why-issue"' in page
    assert "từ ngày 15/10/2026 đến ngày 30/11/2026" in page
