"""The scoring pages are offered only where a province scores its units: the second
province's people see "Chấm điểm thi đua đơn vị" in the menu, Nghệ An's (whose guidance
has no scoring sheet) do not, and loading a sheet for a province shows it at once."""

import json

import pytest
from django.urls import reverse

from apps.accounts.enums import Role
from apps.scoring.sheets import sheet_load
from tests.conftest import client_for
from tests.factories import make_member

pytestmark = pytest.mark.django_db

LABEL = "Chấm điểm thi đua đơn vị"


def _menu_of(user) -> str:
    return client_for(user).get(reverse("home")).content.decode()


def test_only_a_province_that_scores_its_units_is_offered_the_scoring_pages(
    second_province, commune
):
    nghe_an_officer = make_member(commune, Role.OFFICER)

    assert LABEL in _menu_of(second_province.people["officer"])
    assert LABEL not in _menu_of(nghe_an_officer)


def test_loading_a_sheet_for_a_province_offers_the_pages_at_once(
    second_province, commune, province
):
    officer = make_member(commune, Role.OFFICER)
    assert LABEL not in _menu_of(officer)  # the answer is now cached

    sheet = second_province.data["scoring_sheets"][0]
    sheet_load(json.loads(json.dumps(sheet)), province=province, by=second_province.people["admin"])

    assert LABEL in _menu_of(officer)
