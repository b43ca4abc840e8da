import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.accounts.enums import ALL_ROLES, UNIT_STAFF, Role
from apps.accounts.models import Membership
from apps.accounts.permissions import can, clear_cache, has_role, memberships
from apps.accounts.selectors import members_by_unit, members_of, members_over, members_within
from tests.conftest import client_for
from tests.factories import UserFactory, make_member
from tests.queries import page_queries

DAY = datetime.timedelta(days=1)


def _dated(unit, role, *, starts_on=None, ends_on=None, **user_fields):
    user = UserFactory(**user_fields)
    Membership.objects.create(user=user, unit=unit, role=role, starts_on=starts_on, ends_on=ends_on)
    return user


@pytest.mark.django_db
def test_memberships_only_the_roles_in_force_today(commune):
    today = timezone.localdate()
    user = _dated(commune, Role.OFFICER, starts_on=today - 10 * DAY, ends_on=today)
    Membership.objects.create(user=user, unit=commune, role=Role.LEADER, ends_on=today - DAY)
    Membership.objects.create(
        user=user, unit=commune, role=Role.DECISION_MAKER, starts_on=today + DAY
    )

    held = memberships(user)

    assert [m.role for m in held] == [Role.OFFICER]


@pytest.mark.django_db
def test_memberships_is_one_query_cached_per_user(commune, django_assert_num_queries):
    user = make_member(commune, Role.OFFICER)

    # The reference cache's token, then the memberships (a user a request loads carries
    # the token already: tests/core/test_reference.py).
    with django_assert_num_queries(2):
        memberships(user)
        memberships(user)
        has_role(user, Role.OFFICER, commune)


@pytest.mark.django_db
def test_ended_role_gives_no_reach(commune):
    today = timezone.localdate()
    gone = _dated(commune, Role.OFFICER, ends_on=today - DAY)
    later = _dated(commune, Role.OFFICER, starts_on=today + DAY)

    assert can(gone, "units.view", commune) is False
    assert can(later, "units.view", commune) is False


@pytest.mark.django_db
def test_role_reaches_on_its_first_and_last_day(commune):
    today = timezone.localdate()
    first = _dated(commune, Role.OFFICER, starts_on=today)
    last = _dated(commune, Role.OFFICER, ends_on=today)

    assert can(first, "units.view", commune) is True
    assert can(last, "units.view", commune) is True


@pytest.mark.django_db
def test_ended_role_answers_404_on_the_unit_page(commune):
    gone = _dated(commune, Role.OFFICER, ends_on=timezone.localdate() - DAY)

    response = client_for(gone).get(reverse("units:detail", args=[commune.pk]))

    assert response.status_code == 404


@pytest.mark.django_db
def test_selectors_leave_out_the_departed_and_the_not_yet_started(province, commune):
    today = timezone.localdate()
    current = _dated(commune, Role.OFFICER, starts_on=today - DAY, ends_on=today + DAY)
    _dated(commune, Role.OFFICER, ends_on=today - DAY)
    _dated(commune, Role.OFFICER, starts_on=today + DAY)
    board = _dated(province, Role.STEERING)
    _dated(province, Role.STEERING, ends_on=today - DAY)

    assert list(members_of(units=[commune], roles=UNIT_STAFF)) == [current]
    assert members_by_unit(unit_ids=[commune.pk], roles=UNIT_STAFF) == {commune.pk: [current]}
    assert list(members_over(unit=commune, roles={Role.STEERING})) == [board]
    assert list(members_within(path=province.path, roles=ALL_ROLES)) == [current, board]


@pytest.mark.django_db
def test_selectors_take_the_day_asked(commune):
    today = timezone.localdate()
    later = _dated(commune, Role.OFFICER, starts_on=today + 5 * DAY)

    found = members_of(units=[commune], roles=UNIT_STAFF, today=today + 5 * DAY)

    assert list(found) == [later]


@pytest.mark.django_db
def test_role_and_dates_are_of_the_same_membership(commune, other_commune):
    """An ended officer role here and a current role elsewhere does not make one a
    current officer here."""
    today = timezone.localdate()
    user = _dated(commune, Role.OFFICER, ends_on=today - DAY)
    Membership.objects.create(user=user, unit=other_commune, role=Role.OBSERVER)

    assert list(members_of(units=[commune], roles=UNIT_STAFF)) == []


@pytest.mark.django_db
def test_a_role_cannot_end_before_it_starts(commune):
    from django.core.exceptions import ValidationError

    membership = Membership(
        user=UserFactory(),
        unit=commune,
        role=Role.OFFICER,
        starts_on=datetime.date(2026, 5, 2),
        ends_on=datetime.date(2026, 5, 1),
    )

    with pytest.raises(ValidationError):
        membership.full_clean()


@pytest.mark.django_db
def test_unit_page_shows_members_with_dates_to_the_admin(province, commune, province_admin):
    _dated(
        commune,
        Role.OFFICER,
        full_name="Trần Thị Hoa",
        starts_on=datetime.date(2026, 1, 5),
        ends_on=datetime.date(2026, 12, 31),
    )

    response = client_for(province_admin).get(reverse("units:detail", args=[commune.pk]))

    text = response.content.decode()
    assert "Trần Thị Hoa" in text
    assert "05/01/2026" in text
    assert "31/12/2026" in text


@pytest.mark.django_db
def test_unit_page_hides_members_from_a_board_seat(province, commune):
    _dated(commune, Role.OFFICER, full_name="Trần Thị Hoa")
    observer = make_member(province, Role.OBSERVER)

    response = client_for(observer).get(reverse("units:detail", args=[commune.pk]))

    assert response.status_code == 200
    assert "Trần Thị Hoa" not in response.content.decode()


@pytest.mark.django_db
def test_unit_page_members_fixed_queries(province, commune, province_admin):
    _dated(commune, Role.OFFICER)
    url = reverse("units:detail", args=[commune.pk])
    few = page_queries(client_for(province_admin), url)
    for _n in range(3):
        _dated(commune, Role.LEADER, starts_on=datetime.date(2026, 1, 1))
    clear_cache(province_admin)

    many = page_queries(client_for(province_admin), url)

    assert many == few
