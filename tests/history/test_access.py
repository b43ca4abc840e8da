"""The access rows of the history pages: the province's administrator only."""

import pytest
from django.urls import reverse

from apps.brightspots.models import BrightSpot
from apps.units.models import Unit
from tests.access import check_access
from tests.brightspots.factories import make_criteria_set
from tests.decisions.factories import make_authority
from tests.history.conftest import GOOD_ROWS, xlsx

pytestmark = pytest.mark.django_db

PROVINCE_ADMINS = {"admin", "outsider"}


def test_import_page_access(personas):
    check_access(personas, "get", reverse("history:import"), allowed=PROVINCE_ADMINS)


def test_template_download_access(personas):
    check_access(personas, "get", reverse("history:import_template"), allowed=PROVINCE_ADMINS)


def test_import_confirm_access(personas, commune):
    make_authority(commune)
    make_criteria_set()
    from apps.history.views import _park

    def imported(token, user, response):
        assert BrightSpot.objects.filter(imported=True, name=GOOD_ROWS[0][3]).count() == 1

    check_access(
        personas,
        "post",
        reverse("history:import_confirm"),
        allowed={"admin"},
        allowed_status=302,
        only=("anonymous", "officer", "leader", "steering", "admin", "deactivated"),
        data=lambda token: {"token": token, "confirm": "on"},
        fresh=lambda: _park(personas.users["admin"], xlsx(GOOD_ROWS[:1]), "a.xlsx"),
        effect=imported,
    )


def test_merge_page_access(personas):
    check_access(personas, "get", reverse("history:merge"), allowed=PROVINCE_ADMINS)


def test_merge_post_access(personas, province, commune):
    from tests.factories import make_unit

    def merged(source, user, response):
        source.refresh_from_db()
        assert source.merged_into_id == commune.pk

    counter = iter(range(100))
    check_access(
        personas,
        "post",
        reverse("history:merge"),
        allowed={"admin"},
        allowed_status=302,
        only=("anonymous", "officer", "appraiser", "admin", "outsider", "deactivated"),
        fresh=lambda: make_unit(
            f"Xã cũ {next(counter)}", parent=province, code=f"OLD-{next(counter)}"
        ),
        data=lambda source: {
            "target": commune.pk,
            "sources": [source.pk],
            "confirm": "on",
            "previewed": f"{commune.pk}:{source.pk}",
        },
        effect=merged,
    )
    assert Unit.objects.filter(merged_into=commune).count() == 1
