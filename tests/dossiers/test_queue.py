"""The appraiser's queue: jurisdiction, filters, pagination and a flat query count."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.accounts.enums import Role
from apps.brightspots.enums import BrightSpotStatus
from apps.dossiers.enums import DossierStatus
from apps.dossiers.models import Dossier
from tests.brightspots.factories import make_bright_spot
from tests.conftest import client_for
from tests.dossiers.factories import criteria_set_with, make_dossier
from tests.factories import make_member
from tests.kinds import BrightSpotKind

S = DossierStatus
pytestmark = pytest.mark.django_db


def _listed(client, **params) -> list[int]:
    return [d.pk for d in client.get(reverse("dossiers:queue"), params).context["page"]]


@pytest.fixture
def spread(commune, other_commune, cycle):
    """Dossiers of two communes in several states and kinds."""
    criteria = criteria_set_with()
    return {
        "submitted": make_dossier(commune, cycle=cycle, status=S.SUBMITTED, criteria_set=criteria),
        "dvcq": make_dossier(
            other_commune,
            cycle=cycle,
            status=S.RESUBMITTED,
            kind=BrightSpotKind.DVCQ,
            criteria_set=criteria,
            name="Chính quyền thân thiện",
        ),
        "draft": make_dossier(commune, cycle=cycle, criteria_set=criteria),
        "passed": make_dossier(other_commune, cycle=cycle, status=S.PASSED, criteria_set=criteria),
    }


def test_an_appraiser_starts_on_dossiers_waiting_for_appraisal(appraiser, spread):
    listed = _listed(client_for(appraiser))

    assert set(listed) == {spread["submitted"].pk, spread["dvcq"].pk}


def test_an_appraiser_of_one_commune_sees_only_its_dossiers(commune, spread):
    commune_appraiser = make_member(commune, Role.APPRAISER)

    listed = _listed(client_for(commune_appraiser), state="")

    assert set(listed) == {spread["submitted"].pk, spread["draft"].pk}


def test_an_officer_sees_their_units_dossiers_in_every_state(officer, spread):
    listed = _listed(client_for(officer))

    assert set(listed) == {spread["submitted"].pk, spread["draft"].pk}


def test_filter_by_kind_state_and_text(appraiser, spread):
    client = client_for(appraiser)

    assert _listed(client, kind=BrightSpotKind.DVCQ) == [spread["dvcq"].pk]
    assert _listed(client, state=S.PASSED) == [spread["passed"].pk]
    assert _listed(client, state="", q="chinh quyen than thien") == [spread["dvcq"].pk]
    assert _listed(client, state="", q="nghia dan") == sorted(
        [spread["dvcq"].pk, spread["passed"].pk]
    )


def test_the_kind_filter_names_the_kinds_as_the_process_does(appraiser, spread):
    page = client_for(appraiser).get(reverse("dossiers:queue")).content.decode()

    assert '<option value="dvcq">Điểm sáng dân vận chính quyền (DVCQ)</option>' in page
    assert '<option value="dvk">Mô hình “Dân vận khéo”</option>' in page


def test_filter_by_days_waiting(appraiser, spread):
    Dossier.objects.filter(pk=spread["submitted"].pk).update(
        state_changed_at=timezone.now() - datetime.timedelta(days=12)
    )

    listed = _listed(client_for(appraiser), days=10)

    assert listed == [spread["submitted"].pk]


def test_oldest_waiting_comes_first_and_shows_its_days(appraiser, spread):
    Dossier.objects.filter(pk=spread["dvcq"].pk).update(
        state_changed_at=timezone.now() - datetime.timedelta(days=5)
    )

    page = client_for(appraiser).get(reverse("dossiers:queue")).context["page"]

    assert [(d.pk, d.waiting_days) for d in page] == [
        (spread["dvcq"].pk, 5),
        (spread["submitted"].pk, 0),
    ]


def test_bad_filter_values_do_not_break_the_page(appraiser, spread):
    response = client_for(appraiser).get(
        reverse("dossiers:queue"), {"days": "abc", "kind": "x", "page": "999"}
    )

    assert response.status_code == 200


def test_pagination(appraiser, commune, cycle):
    criteria = criteria_set_with()
    for _ in range(27):
        make_dossier(commune, cycle=cycle, status=S.SUBMITTED, criteria_set=criteria)

    first = client_for(appraiser).get(reverse("dossiers:queue")).context["page"]
    second = client_for(appraiser).get(reverse("dossiers:queue"), {"page": 2}).context["page"]

    assert (len(first), len(second), first.paginator.count) == (25, 2, 27)


def _queue_queries(client, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit) as captured:
        client.get(reverse("dossiers:queue"), {"state": ""})
    return len(captured)


def test_queue_query_count_is_flat(
    appraiser, commune, other_commune, cycle, django_assert_max_num_queries
):
    criteria = criteria_set_with()
    client = client_for(appraiser)
    make_dossier(commune, cycle=cycle, status=S.SUBMITTED, criteria_set=criteria)
    client.get(reverse("dossiers:queue"))  # warm the per-process content-type cache
    small = _queue_queries(client, django_assert_max_num_queries, 15)

    for unit in (commune, other_commune) * 10:
        make_dossier(unit, cycle=cycle, status=S.SUBMITTED, criteria_set=criteria)
    large = _queue_queries(client, django_assert_max_num_queries, 15)

    assert small == large


def test_officers_queue_lists_the_spots_awaiting_a_dossier_in_flat_queries(
    officer, commune, cycle, django_assert_max_num_queries
):
    client = client_for(officer)
    make_bright_spot(commune, cycle=cycle, status=BrightSpotStatus.ACKNOWLEDGED, name="Chợ 0")
    client.get(reverse("dossiers:queue"))  # warm the per-process caches
    with django_assert_max_num_queries(15) as small:
        client.get(reverse("dossiers:queue"))

    for number in range(1, 12):
        make_bright_spot(
            commune, cycle=cycle, status=BrightSpotStatus.ACKNOWLEDGED, name=f"Chợ {number}"
        )
    with django_assert_max_num_queries(15) as large:
        response = client.get(reverse("dossiers:queue"))

    assert len(small) == len(large)
    page = response.content.decode()
    assert page.count(commune.name) >= 12
    assert all(f"Chợ {number}" in page for number in range(12))


def test_detail_query_count_is_flat(commune, cycle, appraiser, django_assert_max_num_queries):
    few = make_dossier(commune, cycle=cycle, status=S.SUBMITTED, criteria_set=criteria_set_with())
    many = make_dossier(
        commune,
        cycle=cycle,
        status=S.SUBMITTED,
        criteria_set=criteria_set_with(general=6, qcdc=7, dvcq=6),
    )
    client = client_for(appraiser)
    client.get(few.get_absolute_url())  # warm the per-process content-type cache

    with django_assert_max_num_queries(40) as small:
        client.get(few.get_absolute_url())
    with django_assert_max_num_queries(40) as large:
        client.get(many.get_absolute_url())

    assert len(small) == len(large)


def test_filter_by_unit_subtree(appraiser, other_commune, province, spread):
    client = client_for(appraiser)

    in_commune = _listed(client, state="", unit=other_commune.pk)
    in_province = _listed(client, state="", unit=province.pk)

    assert sorted(in_commune) == sorted([spread["dvcq"].pk, spread["passed"].pk])
    assert len(in_province) == 4


def test_a_rows_unit_link_keeps_the_filters_and_starts_on_page_one(appraiser, spread):
    dvcq = spread["dvcq"]
    page = client_for(appraiser).get(
        reverse("dossiers:queue"), {"state": "", "q": "thân thiện", "page": 1}
    )

    link = f'href="?state=&amp;q=th%C3%A2n+thi%E1%BB%87n&amp;unit={dvcq.bright_spot.unit_id}"'
    assert link in page.content.decode()
    unit_only = client_for(appraiser).get(reverse("dossiers:queue"), {"page": 1})
    assert f'href="?unit={dvcq.bright_spot.unit_id}"' in unit_only.content.decode()


def test_filter_by_a_unit_outside_reach_shows_nothing_of_it(officer, other_commune, spread):
    response = client_for(officer).get(
        reverse("dossiers:queue"), {"state": "", "unit": other_commune.pk}
    )

    assert response.status_code == 404
    assert other_commune.name not in response.content.decode()


@pytest.mark.django_db
def test_the_queue_is_called_appraisal_for_those_the_menu_offers_it_to(commune, province):
    """The menu's "Thẩm định" opens a page of that name; an officer's is the unit's
    dossiers."""
    appraiser = make_member(province, Role.APPRAISER, username="thamdinh_q")
    officer = make_member(commune, Role.OFFICER, username="canbo_q")
    url = reverse("dossiers:queue")

    assert "<h1>Thẩm định</h1>" in client_for(appraiser).get(url).content.decode()
    assert "<h1>Hồ sơ công nhận</h1>" in client_for(officer).get(url).content.decode()
