"""The reference cache (apps.core.reference): a user's memberships, the cycles of their
provinces and what pages read of the provinces' processes, kept in each web process
under a token PostgreSQL replaces with any change to those tables, however the change
is written. The token comes with the signed-in user."""

import datetime

import pytest
from django.core.cache import caches
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.accounts.backends import ModelBackend
from apps.accounts.enums import Role
from apps.accounts.models import Membership, User
from apps.accounts.permissions import memberships
from apps.brightspots.selectors import visible_cycles
from apps.core.reference import TOKEN_QUERY
from apps.cycles.models import Cycle, ProcessKind, ProcessRules
from apps.cycles.process import kind_choices
from apps.reports.selectors.todo import OpenYears, officer_todo
from apps.units.models import Unit
from tests.conftest import client_for
from tests.cycles.factories import make_cycle, make_extension
from tests.factories import make_member

YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def _reference_cache(settings):
    settings.REFERENCE_CACHE = True
    caches["reference"].clear()


def _next_request(user) -> User:
    """``user`` as the next request loads it: a new object, with the token read in the
    same query and nothing else read on it yet."""
    return ModelBackend().get_user(user.pk)


def _units(user) -> list[Unit]:
    return [m.unit for m in memberships(_next_request(user))]


def _years(user) -> list[int]:
    return sorted(c.year for c in visible_cycles(_next_request(user)))


@pytest.mark.django_db
def test_a_request_after_the_first_reads_nothing_more(commune, cycle):
    user = make_member(commune, Role.OFFICER)
    _years(user)
    again = _next_request(user)

    with CaptureQueriesContext(connection) as captured:
        held = memberships(again)
        cycles = visible_cycles(again)

    assert captured.captured_queries == []
    assert [m.unit for m in held] == [commune]
    assert cycles == [cycle]
    assert cycles[0].province.name == commune.get_parent().name


@pytest.mark.django_db
def test_a_signed_in_page_reads_the_token_with_the_user(commune):
    client = client_for(make_member(commune, Role.OFFICER))
    client.get(reverse("home"))

    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("home")).status_code == 200

    sqls = [query["sql"] for query in captured]
    assert TOKEN_QUERY not in sqls
    assert sum("core_reference_generation" in sql and "accounts_user" in sql for sql in sqls) == 1


@pytest.mark.django_db
def test_a_user_loaded_elsewhere_reads_the_token_once(commune, django_assert_num_queries):
    user = User.objects.get(pk=make_member(commune, Role.OFFICER).pk)
    _units(user), _years(user)

    with django_assert_num_queries(1):
        memberships(user)
        visible_cycles(user)


@pytest.mark.django_db
def test_each_request_gets_its_own_objects(commune):
    user = make_member(commune, Role.OFFICER)
    first = memberships(_next_request(user))
    first[0].unit.name = "changed in one request"

    assert memberships(_next_request(user))[0].unit.name == commune.name


@pytest.mark.django_db
def test_a_membership_given_or_ended_shows_on_the_next_request(commune, other_commune):
    user = make_member(commune, Role.OFFICER)
    assert _units(user) == [commune]

    Membership.objects.create(user=user, unit=other_commune, role=Role.OFFICER)
    assert sorted(_units(user), key=lambda u: u.path) == [commune, other_commune]

    Membership.objects.filter(user=user, unit=commune).update(ends_on=YESTERDAY)
    assert _units(user) == [other_commune]

    Membership.objects.filter(user=user).delete()
    assert _units(user) == []


@pytest.mark.django_db
def test_what_a_transaction_read_after_its_own_change_is_not_kept(commune, other_commune):
    user = make_member(commune, Role.OFFICER)
    held = _next_request(user)  # the token is read before the change

    with pytest.raises(RuntimeError), transaction.atomic():
        Membership.objects.create(user=user, unit=other_commune, role=Role.OFFICER)
        assert len(memberships(held)) == 2
        raise RuntimeError("the change is rolled back, and the token with it")

    assert _units(user) == [commune]


@pytest.mark.django_db
def test_a_unit_closed_or_moved_shows_on_the_next_request(province, commune, other_province):
    user = make_member(commune, Role.OFFICER)
    assert _units(user)[0].path.startswith(province.path)

    Unit.objects.get(pk=commune.pk).move(other_province, "last-child")
    assert _units(user)[0].path.startswith(other_province.path)

    Unit.objects.filter(pk=commune.pk).update(is_active=False)
    assert _units(user) == []


@pytest.mark.django_db
def test_a_cycle_opened_or_deleted_shows_on_the_next_request(commune, cycle):
    user = make_member(commune, Role.OFFICER)
    assert _years(user) == [2026]

    later = make_cycle(cycle.province, 2027)
    assert _years(user) == [2026, 2027]

    Cycle.objects.filter(pk=later.pk).delete()
    assert _years(user) == [2026]


@pytest.mark.django_db
def test_off_reads_the_rows_every_time(settings, commune, django_assert_num_queries):
    settings.REFERENCE_CACHE = False
    user = make_member(commune, Role.OFFICER)
    memberships(_next_request(user))
    again = _next_request(user)

    with django_assert_num_queries(1):
        assert [m.unit for m in memberships(again)] == [commune]


@pytest.mark.django_db
def test_an_officer_whose_role_ends_loses_the_unit_at_once(commune):
    officer = make_member(commune, Role.OFFICER)
    client = client_for(officer)
    page = reverse("units:detail", args=[commune.pk])
    assert client.get(page).status_code == 200
    assert client.get(page).status_code == 200

    Membership.objects.filter(user=officer).update(ends_on=YESTERDAY)

    assert client.get(page).status_code == 404


@pytest.mark.django_db
def test_a_kind_renamed_in_a_published_process_shows_on_the_next_request(commune):
    user = make_member(commune, Role.OFFICER)
    code, name = kind_choices(user=_next_request(user))[0]

    ProcessKind.objects.filter(code=code, version__published_at__isnull=False).update(
        name=f"{name} (mới)"
    )

    assert dict(kind_choices(user=_next_request(user)))[code] == f"{name} (mới)"


@pytest.mark.django_db
def test_process_rules_changed_show_on_the_next_request(commune, cycle):
    user = make_member(commune, Role.OFFICER)
    assert (
        OpenYears(user=_next_request(user), today=datetime.date(cycle.year, 3, 1))
        .rules(cycle)
        .progress_update
    )

    ProcessRules.objects.update_or_create(
        province_id=cycle.province_id, defaults={"progress_update": False}
    )

    rules = OpenYears(user=_next_request(user), today=datetime.date(cycle.year, 3, 1)).rules(cycle)
    assert rules.progress_update is False


@pytest.mark.django_db
def test_an_extension_granted_shows_on_the_next_request(commune, cycle):
    user = make_member(commune, Role.OFFICER)
    today = datetime.date(cycle.year, 3, 1)

    def extended():
        todo = officer_todo(user=_next_request(user), today=today)
        return [date.extended for date in todo.next_dates]

    assert extended() == [False]

    make_extension(
        cycle, commune, new_date=cycle.registration_deadline + datetime.timedelta(days=9)
    )

    assert extended() == [True]
