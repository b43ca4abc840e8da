import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from guardian.shortcuts import assign_perm

from apps.accounts.enums import Role
from apps.accounts.models import Membership
from apps.accounts.services import membership_hand_over
from apps.brightspots.enums import BrightSpotStatus
from apps.core.workflow import NotPermitted, Refused
from apps.dossiers.enums import DossierStatus
from apps.dossiers.models import APPRAISE_PERMISSION
from tests.access import assert_audited, check_access
from tests.brightspots.factories import make_bright_spot
from tests.conftest import client_for
from tests.dossiers.factories import make_dossier
from tests.factories import make_member

DAY = datetime.timedelta(days=1)


def _hand_over(unit, departed, successor, by, last_day=None):
    return membership_hand_over(
        unit=unit,
        departed=departed,
        successor=successor,
        last_day=last_day or timezone.localdate() - DAY,
        by=by,
        now=timezone.now(),
    )


@pytest.mark.django_db
def test_handover_ends_roles_and_gives_them_from_the_next_day(commune, province_admin):
    departed = make_member(commune, Role.OFFICER, Role.LEADER)
    successor = make_member(commune, Role.OBSERVER)
    last_day = datetime.date(2026, 6, 30)

    _hand_over(commune, departed, successor, province_admin, last_day)

    ended = Membership.objects.filter(user=departed, unit=commune)
    assert sorted(ended.values_list("role", "ends_on")) == [
        (Role.LEADER, last_day),
        (Role.OFFICER, last_day),
    ]
    given = Membership.objects.filter(user=successor, unit=commune, starts_on=last_day + DAY)
    assert sorted(given.values_list("role", flat=True)) == [Role.LEADER, Role.OFFICER]
    assert_audited(commune, "handover", by=province_admin)


@pytest.mark.django_db
def test_handover_moves_open_spots_and_keeps_history(commune, province_admin):
    departed = make_member(commune, Role.OFFICER)
    successor = make_member(commune, Role.OFFICER)
    open_spot = make_bright_spot(
        commune, officer=departed, created_by=departed, status=BrightSpotStatus.IN_PROGRESS
    )
    closed = make_bright_spot(commune, officer=departed, status=BrightSpotStatus.RECOGNISED)

    done = _hand_over(commune, departed, successor, province_admin)

    open_spot.refresh_from_db()
    closed.refresh_from_db()
    assert done.spots == [open_spot.pk]
    assert open_spot.officer == successor
    assert open_spot.created_by == departed
    assert closed.officer == departed
    assert_audited(open_spot, "handover_officer", by=province_admin)


@pytest.mark.django_db
def test_handover_moves_pending_appraisals_and_grants(province, commune, province_admin):
    departed = make_member(province, Role.APPRAISER)
    successor = make_member(province, Role.OBSERVER)
    under = make_dossier(commune, status=DossierStatus.UNDER_APPRAISAL)
    under.appraiser = departed
    under.save(update_fields=["appraiser"])
    passed = make_dossier(commune, status=DossierStatus.PASSED)
    passed.appraiser = departed
    passed.save(update_fields=["appraiser"])
    waiting = make_dossier(commune, status=DossierStatus.SUBMITTED)
    assign_perm(APPRAISE_PERMISSION, departed, waiting)

    done = _hand_over(province, departed, successor, province_admin)

    under.refresh_from_db()
    passed.refresh_from_db()
    assert done.appraisals == [under.pk]
    assert under.appraiser == successor
    assert passed.appraiser == departed
    assert successor.has_perm(APPRAISE_PERMISSION, waiting)
    assert not type(departed).objects.get(pk=departed.pk).has_perm(APPRAISE_PERMISSION, waiting)
    assert_audited(under, "handover_appraiser", by=province_admin)


@pytest.mark.django_db
def test_handover_leaves_appraisals_of_one_still_appraising_elsewhere(
    province, commune, province_admin
):
    departed = make_member(province, Role.APPRAISER)
    Membership.objects.create(user=departed, unit=commune, role=Role.APPRAISER)
    successor = make_member(province, Role.OBSERVER)
    under = make_dossier(commune, status=DossierStatus.UNDER_APPRAISAL)
    under.appraiser = departed
    under.save(update_fields=["appraiser"])

    done = _hand_over(province, departed, successor, province_admin)

    assert done.appraisals == []


@pytest.mark.django_db
def test_handover_does_not_double_a_role_the_successor_holds(commune, province_admin):
    departed = make_member(commune, Role.OFFICER)
    successor = make_member(commune, Role.OFFICER)

    _hand_over(commune, departed, successor, province_admin)

    assert Membership.objects.filter(user=successor, unit=commune).count() == 1


@pytest.mark.django_db
def test_handover_twice_is_refused_and_changes_nothing(commune, province_admin):
    departed = make_member(commune, Role.OFFICER)
    successor = make_member(commune, Role.LEADER)
    last_day = timezone.localdate() - DAY
    _hand_over(commune, departed, successor, province_admin, last_day)

    with pytest.raises(Refused):
        _hand_over(commune, departed, successor, province_admin, last_day + DAY)

    assert Membership.objects.filter(user=successor, unit=commune).count() == 2


@pytest.mark.django_db
def test_handover_refused_to_a_commune_admin(commune, province_admin):
    commune_admin = make_member(commune, Role.ADMIN)
    departed = make_member(commune, Role.OFFICER)

    with pytest.raises(NotPermitted):
        _hand_over(commune, departed, province_admin, commune_admin)


@pytest.mark.django_db
def test_handover_page_hands_over_after_confirmation(commune, province_admin):
    departed = make_member(commune, Role.OFFICER, full_name="Lê Văn Đi")
    successor = make_member(commune, Role.LEADER, username="nguoi.moi")
    url = reverse("accounts:handover", args=[commune.pk])
    data = {"departed": departed.pk, "last_day": "30/06/2026", "successor": "nguoi.moi"}

    unconfirmed = client_for(province_admin).post(url, data)
    confirmed = client_for(province_admin).post(url, {**data, "confirm": "on"})

    assert unconfirmed.status_code == 200
    assert confirmed.status_code == 302
    ended = Membership.objects.get(user=departed, role=Role.OFFICER)
    assert ended.ends_on == datetime.date(2026, 6, 30)
    assert Membership.objects.filter(
        user=successor, role=Role.OFFICER, starts_on=datetime.date(2026, 7, 1)
    ).exists()


@pytest.mark.django_db
def test_handover_page_refuses_an_unknown_successor(commune, province_admin):
    departed = make_member(commune, Role.OFFICER)
    url = reverse("accounts:handover", args=[commune.pk])
    data = {
        "departed": departed.pk,
        "last_day": "30/06/2026",
        "successor": "khong.co@example.vn",
        "confirm": "on",
    }

    response = client_for(province_admin).post(url, data)

    assert response.status_code == 200
    assert "khong.co@example.vn" in response.content.decode()
    assert Membership.objects.get(user=departed).ends_on is None


@pytest.mark.django_db
def test_handover_page_access(personas):
    check_access(
        personas,
        "get",
        reverse("accounts:handover", args=[personas.commune.pk]),
        allowed={"admin"},
        allowed_status=200,
    )


@pytest.mark.django_db
def test_handover_post_access(personas):
    def fresh():
        return make_member(personas.commune, Role.OFFICER)

    def handed_over(departed, by, response):
        assert Membership.objects.get(user=departed).ends_on == datetime.date(2026, 6, 30)

    check_access(
        personas,
        "post",
        lambda departed: reverse("accounts:handover", args=[personas.commune.pk]),
        allowed={"admin"},
        allowed_status=302,
        data=lambda departed: {
            "departed": departed.pk,
            "last_day": "30/06/2026",
            "successor": "p_leader",
            "confirm": "on",
        },
        fresh=fresh,
        effect=handed_over,
    )
