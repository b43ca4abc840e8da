"""Access to the province's sheets page and to the extension of a scoring date."""

import datetime

import pytest
from django.urls import reverse

from apps.scoring.enums import Side
from apps.scoring.models import ScoringExtension
from tests.access import check_access
from tests.scoring.test_access import _round, setup  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db
OPENERS = {"admin", "steering"}


def test_sheets_page_access(setup):  # noqa: F811
    check_access(setup, "get", reverse("scoring:sheets", args=[setup.province.pk]), allowed=OPENERS)


def test_extend_page_access(setup):  # noqa: F811
    scoring_round = _round(setup)

    check_access(setup, "get", reverse("scoring:extend", args=[scoring_round.pk]), allowed=OPENERS)


def test_extend_access(setup):  # noqa: F811
    def granted(scoring_round, by, response):
        extension = ScoringExtension.objects.get(round=scoring_round)
        assert (extension.unit, extension.side, extension.granted_by) == (
            setup.commune,
            Side.SELF,
            by,
        )

    check_access(
        setup,
        "post",
        lambda scoring_round: reverse("scoring:extend", args=[scoring_round.pk]),
        allowed=OPENERS,
        allowed_status=302,
        data=lambda scoring_round: {
            "unit": setup.commune.pk,
            "side": Side.SELF,
            "new_date": (scoring_round.self_score_due + datetime.timedelta(days=10)).strftime(
                "%d/%m/%Y"
            ),
            "reason": "Bão lũ",
        },
        fresh=lambda: _round(setup),
        effect=granted,
    )
