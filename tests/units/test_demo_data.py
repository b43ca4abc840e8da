import io

import pytest
from django.core.management import CommandError, call_command

from apps.accounts.enums import Role
from apps.accounts.models import Membership, User
from apps.core.management.commands.load_demo_data import DEMO_PASSWORD, DEMO_USERS
from apps.units.enums import BoardFunction, UnitKind
from apps.units.models import Unit
from tests.criteria.factories import load_guidance_sets


@pytest.fixture(autouse=True)
def _migration_data(db):
    """The demo reads what the migrations put in every database (the guidance's
    criteria sets, the default process); a transactional test run before these in the
    same worker emptied those tables, so they are put back first."""
    from apps.cycles.process import load_default

    load_guidance_sets()
    load_default()


def _state() -> tuple:
    return (
        Unit.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        sorted(Unit.objects.values_list("code", "path")),
    )


@pytest.mark.django_db
def test_load_demo_data_refuses_when_debug_is_off(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo_data")

    assert (Unit.objects.count(), User.objects.count()) == (0, 0)


@pytest.mark.django_db
def test_load_demo_data_builds_nghe_an_with_boards_and_one_user_per_role(settings):
    settings.DEBUG = True
    out = io.StringIO()

    call_command("load_demo_data", stdout=out)

    province = Unit.objects.get(code="P40")
    functions = set(
        Unit.objects.subtree_of(province).exclude(function="").values_list("function", flat=True)
    )
    assert functions == set(BoardFunction.values) - {""}
    assert Unit.objects.filter(kind=UnitKind.COMMUNE, path__startswith=province.path).count() == 130
    assert Unit.objects.filter(kind=UnitKind.SUBUNIT).count() == 3
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == set(Role.values)
    for username, *_ in DEMO_USERS:
        assert User.objects.get(username=username).check_password(DEMO_PASSWORD)
    assert User.objects.get(username="admin").is_superuser
    assert Membership.objects.get(user__username="canbo").unit.name == "Phường Vinh Phú"
    assert DEMO_PASSWORD in out.getvalue()
    assert all(problems == [] for problems in Unit.objects.find_problems())


@pytest.mark.django_db
def test_load_demo_data_twice_changes_nothing(settings):
    settings.DEBUG = True
    call_command("load_demo_data", stdout=io.StringIO())
    before = _state()

    call_command("load_demo_data", stdout=io.StringIO())

    assert _state() == before


@pytest.mark.django_db
def test_demo_data_has_an_appraiser_of_the_same_level_for_the_commune_and_the_province(settings):
    from apps.dossiers.levels import recognising_level

    settings.DEBUG = True
    call_command("load_demo_data", stdout=io.StringIO())

    commune = Unit.objects.get(code="W16702")
    seats = Membership.objects.filter(role=Role.APPRAISER)

    assert recognising_level(commune) == commune  # the ward recognises its own
    assert set(seats.filter(user__username="thamdinhxa").values_list("unit__code", flat=True)) == {
        "W16702"
    }
    assert set(seats.filter(user__username="thamdinh").values_list("unit__code", flat=True)) == {
        "P40",
        "P40-BDV",
    }
