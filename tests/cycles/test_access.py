import datetime

import pytest
from django.urls import reverse

from apps.cycles.models import Cycle, DeadlineExtension
from tests.access import PERSONAS, assert_audited, assert_success, check_access

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


def _created(province, by, response):
    cycle = Cycle.objects.get(province=province, year=2027)
    assert response.url == cycle.get_absolute_url()
    assert_audited(cycle, "cycle_create", by=by)
    assert_success(response)


@pytest.mark.django_db
def test_cycle_create_post_access(personas):
    """Each administrator opens a cycle of their own province (the outsider's row has
    the other province in its data)."""
    own, other = personas.province, personas.other_province

    check_access(
        personas,
        "post",
        reverse("cycles:create"),
        allowed={"admin"},
        allowed_status=302,
        data={"province": own.pk, "year": 2027},
        only=tuple(name for name in PERSONAS if name != "outsider"),
        effect=lambda _nothing, by, response: _created(own, by, response),
    )
    check_access(
        personas,
        "post",
        reverse("cycles:create"),
        allowed={"outsider"},
        allowed_status=302,
        data={"province": other.pk, "year": 2027},
        only=("outsider",),
        effect=lambda _nothing, by, response: _created(other, by, response),
    )


@pytest.mark.django_db
def test_cycle_change_dates_access(personas, cycle):
    url = reverse("cycles:change_dates", args=[cycle.pk])
    data = {**{k: f"{v:%d/%m/%Y}" for k, v in cycle.dates().items()}, "reason": "Công văn"}
    data["registration_deadline"] = "15/04/2026"

    def changed(_nothing, by, response):
        cycle.refresh_from_db()
        assert cycle.registration_deadline == datetime.date(2026, 4, 15)
        assert_audited(cycle, "cycle_change_dates", by=by)
        assert_success(response)

    check_access(personas, "get", url, allowed={"admin"}, allowed_status=200)
    check_access(
        personas, "post", url, allowed={"admin"}, allowed_status=302, data=data, effect=changed
    )


@pytest.mark.django_db
def test_deadline_extend_access(personas, cycle):
    url = reverse("cycles:extend", args=[cycle.pk])
    data = {
        "unit": personas.commune.pk,
        "deadlines": ["registration"],
        "new_date": "10/04/2026",
        "reason": "Sáp nhập",
    }

    def extended(_nothing, by, response):
        extension = DeadlineExtension.objects.get(cycle=cycle, unit=personas.commune)
        assert extension.new_date == datetime.date(2026, 4, 10)
        assert_audited(extension, "deadline_extend", by=by)
        assert_success(response)

    check_access(personas, "get", url, allowed={"admin"}, allowed_status=200)
    check_access(
        personas, "post", url, allowed={"admin"}, allowed_status=302, data=data, effect=extended
    )


@pytest.mark.django_db
def test_process_rules_page_access(personas):
    url = reverse("cycles:rules", args=[personas.province.pk])

    check_access(personas, "get", url, allowed={"admin"})


@pytest.mark.django_db
def test_process_rules_post_access(personas):
    """Only the province's own administrator changes its rules; each change is audited."""
    from apps.cycles.models import ProcessRules

    url = reverse("cycles:rules", args=[personas.province.pk])

    def _saved(_nothing, by, response):
        rules = ProcessRules.objects.get(province=personas.province)
        assert rules.guidance_reference == "Hướng dẫn số 01-HD/BDVTU ngày 06/6/2022"
        assert_audited(personas.province, "process_rules_change", by=by)
        assert_success(response)

    check_access(
        personas,
        "post",
        url,
        allowed={"admin"},
        allowed_status=302,
        data={
            "guidance_reference": "Hướng dẫn số 01-HD/BDVTU ngày 06/6/2022",
            "progress_update": "on",
            "reason": "Theo văn bản của Ban Thường vụ",
        },
        fresh=lambda: ProcessRules.objects.filter(province=personas.province).delete(),
        effect=_saved,
    )
