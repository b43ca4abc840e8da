import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from apps.accounts.enums import Role
from apps.core.selectors import audit_history
from apps.cycles.models import Cycle, DeadlineExtension
from tests.conftest import client_for
from tests.cycles.factories import make_cycle, make_extension
from tests.factories import make_member, make_unit

D = datetime.date
NOON_1_MARCH_2026 = datetime.datetime(2026, 3, 1, 12, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def _dates_post(cycle, **changes) -> dict:
    data = {name: f"{day:%d/%m/%Y}" for name, day in cycle.dates().items()}
    return {**data, **changes}


@pytest.mark.django_db
def test_cycle_list_shows_the_current_year_in_dd_mm_yyyy(officer, province):
    make_cycle(province, 2026)

    with time_machine.travel(NOON_1_MARCH_2026, tick=False):
        response = client_for(officer).get(reverse("cycles:list"))

    page = response.content.decode()
    assert "30/03/2026" in page
    assert "15/10/2026 – 30/11/2026" in page
    assert "năm hiện tại" in page


@pytest.mark.django_db
def test_cycle_list_search_finds_the_province_without_diacritics(province_admin, province):
    make_cycle(province, 2026)

    response = client_for(province_admin).get(reverse("cycles:list"), {"q": "nghe an"})

    assert [c.year for c in response.context["page"]] == [2026]


@pytest.mark.django_db
def test_cycle_list_query_count_does_not_grow(
    province_admin, province, django_assert_max_num_queries
):
    client = client_for(province_admin)
    client.get(reverse("cycles:list"))  # the session's first request does more
    counts = []

    for years in (range(2020, 2021), range(2021, 2024)):
        for year in years:
            make_cycle(province, year)
        # 12: the page also checks what the administrator must still set (2 queries)
        # and reads the province's current process (1).
        with django_assert_max_num_queries(12) as captured:
            client.get(reverse("cycles:list"))
        counts.append(len(captured))

    assert counts[0] == counts[1]


@pytest.mark.django_db
def test_cycle_detail_shows_the_extensions_of_the_viewers_units_only(
    officer, province, commune, other_commune
):
    cycle = make_cycle(province, 2026)
    make_extension(cycle, commune, new_date=D(2026, 4, 10), reason="Lý do của phường")
    make_extension(cycle, other_commune, new_date=D(2026, 4, 20), reason="Lý do của xã khác")

    response = client_for(officer).get(reverse("cycles:detail", args=[cycle.pk]))

    page = response.content.decode()
    assert "Các mốc thời hạn năm 2026 — Tỉnh Nghệ An" in page
    assert "Lý do của phường" in page
    assert "10/04/2026" in page
    assert "Lý do của xã khác" not in page


@pytest.mark.django_db
def test_cycle_detail_query_count_does_not_grow_with_extensions(
    province_admin, province, django_assert_max_num_queries
):
    cycle = make_cycle(province, 2026)
    client = client_for(province_admin)
    client.get(reverse("cycles:detail", args=[cycle.pk]))  # the session's first request
    counts = []
    for _ in range(2):
        for n in range(3):
            make_extension(cycle, make_unit(f"Xã {len(counts)}{n}", parent=province))
        with django_assert_max_num_queries(12) as captured:
            client.get(reverse("cycles:detail", args=[cycle.pk]))
        counts.append(len(captured))

    assert counts[0] == counts[1]


@pytest.mark.django_db
def test_cycle_create_with_empty_dates_takes_the_defaults(province_admin, province):
    response = client_for(province_admin).post(
        reverse("cycles:create"), {"province": province.pk, "year": 2027}
    )

    cycle = Cycle.objects.get()
    assert response.status_code == 302
    assert response.url == cycle.get_absolute_url()
    assert cycle.registration_deadline == D(2027, 3, 30)


@pytest.mark.django_db
def test_cycle_create_reads_dates_as_day_first(province_admin, province):
    client_for(province_admin).post(
        reverse("cycles:create"),
        {"province": province.pk, "year": 2022, "registration_deadline": "05/06/2022"},
    )

    assert Cycle.objects.get().registration_deadline == D(2022, 6, 5)


@pytest.mark.django_db
def test_cycle_create_duplicate_year_shows_the_error_beside_the_year(province_admin, province):
    make_cycle(province, 2026)

    response = client_for(province_admin).post(
        reverse("cycles:create"),
        {"province": province.pk, "year": 2026, "progress_deadline": "20/06/2026"},
    )

    form = response.context["form"]
    assert response.status_code == 200
    assert form.errors["year"] == ["Tỉnh Nghệ An đã thiết lập năm 2026."]
    assert 'value="20/06/2026"' in response.content.decode()


@pytest.mark.django_db
def test_cycle_create_rejects_an_impossible_date_in_vietnamese(province_admin, province):
    response = client_for(province_admin).post(
        reverse("cycles:create"),
        {"province": province.pk, "year": 2026, "registration_deadline": "31/02/2026"},
    )

    assert response.context["form"].errors["registration_deadline"] == ["Nhập một ngày hợp lệ."]
    assert not Cycle.objects.exists()


@pytest.mark.django_db
def test_outsider_cannot_create_a_cycle_for_another_province(personas):
    client = personas.client("outsider")

    response = client.post(
        reverse("cycles:create"), {"province": personas.province.pk, "year": 2027}
    )

    assert response.status_code == 200
    assert "province" in response.context["form"].errors
    assert not Cycle.objects.exists()


@pytest.mark.django_db
def test_change_dates_without_reason_keeps_what_was_typed(province_admin, province):
    cycle = make_cycle(province, 2023)

    response = client_for(province_admin).post(
        reverse("cycles:change_dates", args=[cycle.pk]),
        _dates_post(cycle, registration_deadline="30/04/2023", reason=""),
    )

    cycle.refresh_from_db()
    assert response.context["form"].errors["reason"] == ["Trường này là bắt buộc."]
    assert 'value="30/04/2023"' in response.content.decode()
    assert cycle.registration_deadline == D(2023, 3, 30)


@pytest.mark.django_db
def test_change_dates_saves_and_audits(province_admin, province):
    cycle = make_cycle(province, 2023)

    response = client_for(province_admin).post(
        reverse("cycles:change_dates", args=[cycle.pk]),
        _dates_post(cycle, registration_deadline="30/04/2023", reason="Hướng dẫn năm 2022"),
    )

    cycle.refresh_from_db()
    assert response.status_code == 302
    assert cycle.registration_deadline == D(2023, 4, 30)
    assert audit_history(target=cycle).get().comment == "Hướng dẫn năm 2022"
    detail = client_for(province_admin).get(cycle.get_absolute_url()).content.decode()
    assert "30/03/2023 → 30/04/2023" in detail


@pytest.mark.django_db
def test_extend_grants_the_date_typed_day_first(province_admin, province, commune):
    cycle = make_cycle(province, 2026)

    response = client_for(province_admin).post(
        reverse("cycles:extend", args=[cycle.pk]),
        {
            "unit": commune.pk,
            "deadlines": ["registration"],
            "new_date": "05/04/2026",
            "reason": "Sáp nhập",
        },
    )

    assert response.status_code == 302
    assert DeadlineExtension.objects.get().new_date == D(2026, 4, 5)


@pytest.mark.django_db
def test_extend_date_not_after_the_deadline_shows_the_error_beside_the_date(
    province_admin, province, commune
):
    cycle = make_cycle(province, 2026)

    response = client_for(province_admin).post(
        reverse("cycles:extend", args=[cycle.pk]),
        {
            "unit": commune.pk,
            "deadlines": ["registration"],
            "new_date": "20/03/2026",
            "reason": "x",
        },
    )

    assert response.context["form"].errors["new_date_registration"] == [
        "Ngày gia hạn phải sau hạn chung của năm (30/03/2026)."
    ]
    assert not DeadlineExtension.objects.exists()


@pytest.mark.django_db
def test_commune_admin_extends_only_within_the_commune(province, commune, other_commune):
    cycle = make_cycle(province, 2026)
    commune_admin = make_member(commune, Role.ADMIN)
    url = reverse("cycles:extend", args=[cycle.pk])
    data = {"deadlines": ["registration"], "new_date": "05/04/2026", "reason": "Lũ"}
    client = client_for(commune_admin)

    refused = client.post(url, {**data, "unit": other_commune.pk})
    granted = client.post(url, {**data, "unit": commune.pk})

    assert "unit" in refused.context["form"].errors
    assert granted.status_code == 302
    assert list(DeadlineExtension.objects.values_list("unit", flat=True)) == [commune.pk]


@pytest.mark.django_db
def test_commune_admin_cannot_change_the_province_dates(province, commune):
    cycle = make_cycle(province, 2026)
    commune_admin = make_member(commune, Role.ADMIN)

    response = client_for(commune_admin).get(reverse("cycles:change_dates", args=[cycle.pk]))

    assert response.status_code == 404


@pytest.mark.django_db
def test_extension_form_lists_a_hundred_units_and_searches_the_rest(province_admin, province):
    cycle = make_cycle(province, 2026)
    units = [make_unit(f"Xã số {n:03d}", parent=province) for n in range(105)]
    url = reverse("cycles:extend", args=[cycle.pk])
    client = client_for(province_admin)

    first = client.get(url)
    found = client.get(url, {"q": "xa so 104"})
    granted = client.post(
        url,
        {
            "unit": units[104].pk,
            "deadlines": ["progress"],
            "new_date_progress": "30/06/2026",
            "reason": "x",
        },
    )

    assert len(first.context["form"].fields["unit"].widget.choices) == 101
    assert first.context["form"].more_units
    assert [c[0] for c in found.context["form"].fields["unit"].widget.choices] == [
        "",
        units[104].pk,
    ]
    assert granted.status_code == 302
