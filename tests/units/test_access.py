import pytest
from django.urls import reverse

from tests.access import check_access

EVERYONE_IN_PROVINCE = {
    "officer",
    "leader",
    "officer_other",
    "appraiser",
    "steering",
    "decision_maker",
    "observer",
    "admin",
    "two_roles",
}


@pytest.mark.django_db
def test_unit_list_access(personas):
    check_access(
        personas, "get", reverse("units:list"), allowed=EVERYONE_IN_PROVINCE | {"outsider"}
    )


@pytest.mark.django_db
def test_commune_detail_access(personas):
    url = reverse("units:detail", args=[personas.commune.pk])

    check_access(personas, "get", url, allowed=EVERYONE_IN_PROVINCE - {"officer_other"})


@pytest.mark.django_db
def test_province_detail_access(personas):
    url = reverse("units:detail", args=[personas.province.pk])

    check_access(personas, "get", url, allowed={"appraiser", "steering", "observer", "admin"})


@pytest.mark.django_db
def test_other_province_detail_access(personas):
    url = reverse("units:detail", args=[personas.other_province.pk])

    check_access(personas, "get", url, allowed={"outsider"})


@pytest.mark.django_db
def test_unit_list_never_shows_units_outside_reach(personas):
    commune = personas.commune
    query = {"within": commune.pk, "q": "vinh phu"}

    seen = {
        name: [
            unit.code
            for unit in personas.client(name).get(reverse("units:list"), query).context["page"]
        ]
        for name in ["officer", "admin", "officer_other", "outsider"]
    }

    assert seen == {
        "officer": [commune.code],
        "admin": [commune.code],
        "officer_other": [],
        "outsider": [],
    }
