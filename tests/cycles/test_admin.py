import datetime

import pytest
from django.urls import reverse

from apps.core.selectors import audit_history
from apps.cycles.models import DeadlineExtension
from tests.conftest import client_for
from tests.cycles.factories import make_cycle

D = datetime.date


def _change_data(cycle, **changes) -> dict:
    data = {name: f"{day:%d/%m/%Y}" for name, day in cycle.dates().items()}
    return {**data, "reason": "", **changes}


@pytest.mark.django_db
def test_admin_lists_only_the_cycles_of_the_own_province(province_admin, province, other_province):
    own = make_cycle(province, 2026)
    make_cycle(other_province, 2026)

    response = client_for(province_admin).get(reverse("admin:cycles_cycle_changelist"))

    assert list(response.context["cl"].result_list) == [own]


@pytest.mark.django_db
def test_admin_change_of_dates_needs_a_reason_and_is_audited(province_admin, province):
    cycle = make_cycle(province, 2023)
    url = reverse("admin:cycles_cycle_change", args=[cycle.pk])
    client = client_for(province_admin)

    refused = client.post(url, _change_data(cycle, registration_deadline="30/04/2023"))
    saved = client.post(
        url, _change_data(cycle, registration_deadline="30/04/2023", reason="Năm 2022")
    )

    cycle.refresh_from_db()
    assert "reason" in refused.context["adminform"].form.errors
    assert saved.status_code == 302
    assert cycle.registration_deadline == D(2023, 4, 30)
    assert audit_history(target=cycle).get().comment == "Năm 2022"


@pytest.mark.django_db
def test_admin_extension_goes_through_the_service(province_admin, province, commune):
    cycle = make_cycle(province, 2026)

    response = client_for(province_admin).post(
        reverse("admin:cycles_deadlineextension_add"),
        {
            "cycle": cycle.pk,
            "unit": commune.pk,
            "deadline": "registration",
            "new_date": "10/04/2026",
            "reason": "Sáp nhập",
        },
    )

    extension = DeadlineExtension.objects.get()
    assert response.status_code == 302
    assert extension.granted_by == province_admin
    assert audit_history(target=extension).get().action == "deadline_extend"


@pytest.mark.django_db
def test_admin_extension_refuses_an_earlier_date_beside_the_field(
    province_admin, province, commune
):
    cycle = make_cycle(province, 2026)

    response = client_for(province_admin).post(
        reverse("admin:cycles_deadlineextension_add"),
        {
            "cycle": cycle.pk,
            "unit": commune.pk,
            "deadline": "registration",
            "new_date": "01/03/2026",
            "reason": "x",
        },
    )

    assert "new_date" in response.context["adminform"].form.errors
    assert not DeadlineExtension.objects.exists()
