"""The round's dates are enforced: the unit self-scores until its date, the scorer
scores until theirs, each moved for one unit by an extension; refusals name the date."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from apps.core.workflow import Refused
from apps.scoring import services
from apps.scoring.enums import ScorecardStatus, Side
from apps.scoring.models import ScoringExtension
from apps.scoring.selectors import scoring_due
from tests.conftest import client_for
from tests.scoring.conftest import at
from tests.scoring.factories import full_points, open_round, self_scored

pytestmark = pytest.mark.django_db

AFTER_SELF = at(2026, 10, 16, 0)  # the self-score was due 15/10/2026
LAST_SELF_MINUTE = datetime.datetime(2026, 10, 15, 23, 59, tzinfo=AFTER_SELF.tzinfo)
AFTER_SCORES = at(2026, 11, 21, 0)  # scores were due 20/11/2026
SELF_LATE = (
    "Hạn tự chấm điểm là ngày 15/10/2026; không thể viết hoặc gửi bản tự chấm nữa. "
    "Nếu cần, hãy đề nghị quản trị viên của tỉnh gia hạn."
)


OPENED = at(2026, 10, 1)


def _card(place, now=OPENED):
    return services.scorecard_start(
        scoring_round=open_round(place, now=now),
        unit=place.commune,
        by=place.people["officer"],
        now=now,
    )


def _save(place, card, now):
    return services.score_save(
        scorecard=card,
        side=Side.SELF,
        by=place.people["officer"],
        points=full_points(card.round.sheet_id),
        now=now,
    )


def _extend(place, card, side, new_date):
    return services.scoring_extension_grant(
        scoring_round=card.round,
        unit=card.unit,
        side=side,
        new_date=new_date,
        reason="Bão lũ",
        by=place.people["admin"],
        now=at(2026, 10, 14),
    )


def test_the_self_score_is_written_until_the_end_of_its_day(second_province):
    card = _card(second_province)

    _save(second_province, card, LAST_SELF_MINUTE)
    with pytest.raises(Refused) as refused:
        _save(second_province, card, AFTER_SELF)

    assert refused.value.messages == [SELF_LATE]


def test_a_late_self_score_is_not_submitted_and_the_step_says_why(second_province):
    card = _card(second_province)
    _save(second_province, card, at(2026, 10, 10))

    with pytest.raises(Refused) as refused:
        services.scorecard_submit(
            scorecard=card, by=second_province.people["leader"], now=AFTER_SELF
        )

    assert refused.value.messages == [SELF_LATE]
    card.refresh_from_db()
    assert card.status == ScorecardStatus.DRAFT


def test_no_scorecard_is_started_after_the_self_scores_date(second_province):
    scoring_round = open_round(second_province, now=at(2026, 10, 1))

    with pytest.raises(Refused) as refused:
        services.scorecard_start(
            scoring_round=scoring_round,
            unit=second_province.commune,
            by=second_province.people["officer"],
            now=AFTER_SELF,
        )

    assert refused.value.messages == [SELF_LATE]
    assert scoring_round.scorecards.count() == 0


def test_an_extension_lets_one_unit_send_its_self_score_until_the_new_date(second_province):
    place = second_province
    card = _card(place)
    other = services.scorecard_start(
        scoring_round=card.round,
        unit=place.department,
        by=place.people["dept_officer"],
        now=OPENED,
    )
    _extend(place, card, Side.SELF, datetime.date(2026, 10, 25))

    _save(second_province, card, at(2026, 10, 25, 20))
    submitted = services.scorecard_submit(
        scorecard=card, by=second_province.people["leader"], now=at(2026, 10, 25, 21)
    )

    assert submitted.status == ScorecardStatus.SUBMITTED
    with pytest.raises(Refused) as refused:
        services.score_save(
            scorecard=other,
            side=Side.SELF,
            by=place.people["dept_officer"],
            points={"1.1": 1},
            now=at(2026, 10, 20),
        )
    assert refused.value.messages == [SELF_LATE]
    after_extension = scoring_due(
        scoring_round=card.round, unit=card.unit, side=Side.SELF, at=at(2026, 10, 26, 0)
    )
    assert (after_extension.is_open, after_extension.deadline) == (
        False,
        datetime.date(2026, 10, 25),
    )


def test_a_returned_self_score_may_be_sent_again_until_the_scores_date(second_province):
    place = second_province
    card = self_scored(
        place, place.commune, staff=place.people["officer"], leader=place.people["leader"]
    )
    services.scorecard_return(
        scorecard=card, by=place.people["noi_vu"], reason="Thiếu minh chứng", now=at(2026, 11, 1)
    )

    _save(place, card, at(2026, 11, 5))
    resent = services.scorecard_submit(
        scorecard=card, by=place.people["leader"], now=at(2026, 11, 5)
    )

    assert resent.status == ScorecardStatus.SUBMITTED


def test_the_scorer_scores_until_the_scores_date_or_the_units_extension(second_province):
    place = second_province
    card = self_scored(
        place, place.commune, staff=place.people["officer"], leader=place.people["leader"]
    )
    points = full_points(card.round.sheet_id)

    with pytest.raises(Refused) as refused:
        services.score_save(
            scorecard=card,
            side=Side.SCORER,
            by=place.people["noi_vu"],
            points=points,
            now=AFTER_SCORES,
        )
    _extend(place, card, Side.SCORER, datetime.date(2026, 11, 30))
    services.score_save(
        scorecard=card, side=Side.SCORER, by=place.people["noi_vu"], points=points, now=AFTER_SCORES
    )
    scored = services.scorecard_score(scorecard=card, by=place.people["noi_vu"], now=AFTER_SCORES)

    assert refused.value.messages == [
        "Hạn chấm điểm là ngày 20/11/2026; không thể chấm điểm đơn vị này nữa. "
        "Nếu cần, hãy đề nghị quản trị viên của tỉnh gia hạn."
    ]
    assert (scored.status, scored.scorer_total) == (ScorecardStatus.SCORED, 100)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"new_date": datetime.date(2026, 10, 15)}, "Ngày mới phải sau ngày 15/10/2026"),
        ({"reason": "  "}, "Hãy nêu lý do gia hạn."),
        ({"unit": "province"}, "Đơn vị này không thuộc tỉnh của kỳ chấm điểm."),
        ({"by": "observer"}, "Bạn không được gia hạn kỳ chấm điểm này."),
    ],
)
def test_bad_extensions_are_refused_in_vietnamese(second_province, change, message):
    card = _card(second_province)
    values = {
        "scoring_round": card.round,
        "unit": card.unit,
        "side": Side.SELF,
        "new_date": datetime.date(2026, 10, 20),
        "reason": "Bão lũ",
        "by": second_province.people["admin"],
        "now": at(2026, 10, 14),
    }
    values.update(change)
    if change.get("unit") == "province":
        values["unit"] = second_province.province
    if change.get("by") == "observer":
        values["by"] = second_province.people["observer"]

    with pytest.raises(Exception) as refused:
        services.scoring_extension_grant(**values)

    assert message in " ".join(refused.value.messages)
    assert ScoringExtension.objects.count() == 0


def test_the_card_page_shows_the_date_passed_instead_of_the_form(second_province):
    card = _card(second_province)

    with time_machine.travel(AFTER_SELF, tick=False):
        page = client_for(second_province.people["officer"]).get(
            reverse("scoring:card", args=[card.pk])
        )

    text = page.content.decode()
    assert SELF_LATE in text
    assert 'name="p-1.1"' not in text
