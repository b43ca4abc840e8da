import pytest
from django.urls import reverse

from tests.access import PERSONAS, check_access

COVERED_URL_NAMES = {
    "cycles:list",
    "cycles:detail",
    "cycles:create",
    "cycles:change_dates",
    "cycles:extend",
}

EVERYONE_LOGGED_IN = set(PERSONAS) - {"anonymous", "deactivated"}
EVERYONE_IN_PROVINCE = EVERYONE_LOGGED_IN - {"outsider"}
PROVINCE_ADMINS = {"admin", "outsider"}  # each for their own province


@pytest.mark.django_db
def test_cycle_list_access(personas, cycle):
    check_access(personas, "get", reverse("cycles:list"), allowed=EVERYONE_LOGGED_IN)


@pytest.mark.django_db
def test_cycle_detail_access(personas, cycle):
    url = reverse("cycles:detail", args=[cycle.pk])

    check_access(personas, "get", url, allowed=EVERYONE_IN_PROVINCE)


@pytest.mark.django_db
def test_cycle_create_page_access(personas):
    check_access(personas, "get", reverse("cycles:create"), allowed=PROVINCE_ADMINS)


@pytest.mark.django_db
def test_cycle_create_post_access(personas):
    data = {"province": personas.province.pk, "year": 2027}

    check_access(personas, "post", reverse("cycles:create"), allowed=PROVINCE_ADMINS, data=data)


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_cycle_change_dates_access(personas, cycle, method):
    url = reverse("cycles:change_dates", args=[cycle.pk])
    data = {**{k: f"{v:%d/%m/%Y}" for k, v in cycle.dates().items()}, "reason": "Công văn"}
    data["registration_deadline"] = "15/04/2026"

    check_access(personas, method, url, allowed={"admin"}, data=data)


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_deadline_extend_access(personas, cycle, method):
    url = reverse("cycles:extend", args=[cycle.pk])
    data = {
        "unit": personas.commune.pk,
        "deadline": "registration",
        "new_date": "10/04/2026",
        "reason": "Sáp nhập",
    }

    check_access(personas, method, url, allowed={"admin"}, data=data)
