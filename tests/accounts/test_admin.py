"""The admin is open to administrators (Membership role "admin") and narrowed to their
subtree; admin URLs are exempt from the meta-test, so these are their access rows."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from apps.accounts.enums import Role
from apps.accounts.models import Membership, User
from apps.units.models import Unit
from tests.conftest import client_for
from tests.factories import PASSWORD, UserFactory, make_member, make_unit


@pytest.fixture
def other_commune_elsewhere(other_province):
    return make_unit("Xã Kỳ Anh", parent=other_province, code="W18000")


@pytest.fixture
def officer_elsewhere(other_commune_elsewhere):
    return make_member(other_commune_elsewhere, Role.OFFICER, username="officer_ht")


@pytest.fixture
def admin_client(province_admin):
    return client_for(province_admin)


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


def _changelist(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def _change(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def _add(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")


def _listed(response) -> set[str]:
    return {str(obj) for obj in response.context["cl"].result_list}


# --- who gets in ---------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role",
    [Role.OFFICER, Role.LEADER, Role.APPRAISER, Role.STEERING, Role.DECISION_MAKER, Role.OBSERVER],
)
def test_non_administrators_get_no_admin(commune, role):
    user = make_member(commune, role)

    response = client_for(user).get(reverse("admin:index"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


@pytest.mark.django_db
def test_django_staff_flag_alone_opens_nothing(commune):
    staff = UserFactory(is_staff=True)
    staff.user_permissions.set(Permission.objects.all())

    response = client_for(staff).get(_changelist(Unit))

    assert response.status_code == 302


@pytest.mark.django_db
def test_officer_cannot_log_in_to_the_admin(client, officer):
    response = client.post(
        reverse("admin:login"), {"username": "officer", "password": PASSWORD, "next": "/admin/"}
    )

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_deactivated_administrator_gets_no_admin(province_admin):
    client = client_for(province_admin)
    province_admin.is_active = False
    province_admin.save(update_fields=["is_active"])

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302


@pytest.mark.django_db
def test_province_administrator_opens_the_admin(admin_client):
    response = admin_client.get(reverse("admin:index"))

    assert response.status_code == 200


# --- units -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_province_admin_lists_units_of_their_province_only(
    admin_client, province, commune, other_commune_elsewhere
):
    response = admin_client.get(_changelist(Unit), {"q": "x"})
    everything = admin_client.get(_changelist(Unit), {"kind": "commune"})

    assert "Xã Kỳ Anh" not in _listed(response)
    assert _listed(everything) == {"Phường Vinh Phú"}


@pytest.mark.django_db
def test_province_admin_edits_a_unit_of_their_province(admin_client, province, commune):
    response = admin_client.get(_change(commune))

    assert response.status_code == 200


@pytest.mark.django_db
def test_province_admin_cannot_open_a_unit_elsewhere(admin_client, other_commune_elsewhere):
    response = admin_client.get(_change(other_commune_elsewhere), follow=True)

    assert response.redirect_chain[-1][0] == reverse("admin:index")


@pytest.mark.django_db
def test_province_admin_cannot_rename_a_unit_elsewhere(admin_client, other_commune_elsewhere):
    admin_client.post(_change(other_commune_elsewhere), {"name": "Đã đổi"})

    other_commune_elsewhere.refresh_from_db()
    assert other_commune_elsewhere.name == "Xã Kỳ Anh"


def _unit_form(name, code, ref_node, position="first-child"):
    return {
        "name": name,
        "code": code,
        "kind": "commune",
        "level": "commune",
        "function": "",
        "address": "",
        "is_active": "on",
        "treebeard_position": position,
        "treebeard_ref_node": ref_node.pk if ref_node else "",
    }


@pytest.mark.django_db
def test_province_admin_adds_a_unit_in_their_province(admin_client, province):
    response = admin_client.post(_add(Unit), _unit_form("Xã Mới", "W99001", province))

    assert response.status_code == 302
    assert Unit.objects.get(code="W99001").path.startswith(province.path)


@pytest.mark.django_db
@pytest.mark.parametrize("where", ["elsewhere", "root", "beside_the_province"])
def test_province_admin_cannot_add_a_unit_outside_their_province(
    admin_client, province, other_commune_elsewhere, where
):
    ref, position = {
        "elsewhere": (other_commune_elsewhere, "first-child"),
        "root": (None, "first-child"),
        "beside_the_province": (province, "right"),
    }[where]

    response = admin_client.post(_add(Unit), _unit_form("Xã Lạ", "W99002", ref, position))

    assert response.status_code in {200, 403}
    assert not Unit.objects.filter(code="W99002").exists()


@pytest.mark.django_db
def test_province_admin_cannot_move_a_unit_out_of_their_province(
    admin_client, commune, other_commune_elsewhere
):
    commune.refresh_from_db()
    path = commune.path

    response = admin_client.post(
        reverse("admin:units_unit_changelist") + "move/",
        {"node": commune.pk, "target": other_commune_elsewhere.pk, "relation": "sibling"},
    )

    assert response.status_code == 403
    commune.refresh_from_db()
    assert commune.path == path


# --- memberships -----------------------------------------------------------------------


@pytest.mark.django_db
def test_province_admin_lists_memberships_of_their_province_only(
    admin_client, officer, officer_elsewhere
):
    response = admin_client.get(_changelist(Membership))

    users = {m.user.username for m in response.context["cl"].result_list}
    assert "officer" in users
    assert "officer_ht" not in users


@pytest.mark.django_db
def test_province_admin_grants_a_role_in_their_province(admin_client, commune, officer):
    response = admin_client.post(
        _add(Membership), {"user": officer.pk, "unit": commune.pk, "role": Role.LEADER}
    )

    assert response.status_code == 302
    assert Membership.objects.filter(user=officer, unit=commune, role=Role.LEADER).exists()


@pytest.mark.django_db
def test_province_admin_cannot_grant_a_role_in_another_province(
    admin_client, officer, other_commune_elsewhere
):
    response = admin_client.post(
        _add(Membership),
        {"user": officer.pk, "unit": other_commune_elsewhere.pk, "role": Role.ADMIN},
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["unit"]
    assert not Membership.objects.filter(unit=other_commune_elsewhere, user=officer).exists()


@pytest.mark.django_db
def test_province_admin_cannot_pull_in_a_person_from_another_province(
    admin_client, commune, officer_elsewhere
):
    response = admin_client.post(
        _add(Membership), {"user": officer_elsewhere.pk, "unit": commune.pk, "role": Role.ADMIN}
    )

    assert response.status_code == 200
    assert not Membership.objects.filter(user=officer_elsewhere, unit=commune).exists()


@pytest.mark.django_db
def test_province_admin_cannot_delete_a_membership_elsewhere(admin_client, officer_elsewhere):
    membership = officer_elsewhere.memberships.get()
    url = reverse("admin:accounts_membership_delete", args=[membership.pk])

    admin_client.post(url, {"post": "yes"})

    assert Membership.objects.filter(pk=membership.pk).exists()


# --- users -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_province_admin_lists_people_of_their_province_only(
    admin_client, officer, officer_elsewhere, superuser
):
    response = admin_client.get(_changelist(User))

    usernames = {u.username for u in response.context["cl"].result_list}
    assert usernames == {"officer", "padmin"}


@pytest.mark.django_db
def test_province_admin_edits_a_person_of_their_province(admin_client, officer):
    data = {
        "username": "officer",
        "full_name": "Trần Thị Hoa",
        "position": "Chuyên viên",
        "email": "hoa@example.vn",
        "phone": "",
        "is_active": "on",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }

    response = admin_client.post(_change(officer), data)

    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.full_name == "Trần Thị Hoa"


@pytest.mark.django_db
def test_province_admin_cannot_open_a_person_elsewhere(admin_client, officer_elsewhere):
    response = admin_client.get(_change(officer_elsewhere), follow=True)
    password = admin_client.get(
        reverse("admin:auth_user_password_change", args=[officer_elsewhere.pk])
    )

    assert response.redirect_chain[-1][0] == reverse("admin:index")
    assert password.status_code == 404


@pytest.mark.django_db
def test_person_who_also_works_elsewhere_is_read_only_for_a_province_admin(
    admin_client, commune, officer_elsewhere
):
    make_member(commune, Role.OBSERVER, user=officer_elsewhere)

    page = admin_client.get(_change(officer_elsewhere))
    password = admin_client.post(
        reverse("admin:auth_user_password_change", args=[officer_elsewhere.pk]),
        {"password1": "Chiem-quyen-2026!", "password2": "Chiem-quyen-2026!"},
    )

    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert password.status_code == 403
    officer_elsewhere.refresh_from_db()
    assert officer_elsewhere.check_password(PASSWORD)


@pytest.mark.django_db
def test_province_admin_cannot_see_or_grant_superuser(admin_client, officer):
    response = admin_client.get(_change(officer))

    assert "is_superuser" not in response.context["adminform"].form.fields


@pytest.mark.django_db
def test_new_person_must_get_a_role_in_the_admins_subtree(admin_client, commune):
    base = {
        "username": "moi",
        "full_name": "Lê Văn Mới",
        "email": "moi@example.vn",
        "password1": "Mat-khau-2026!x",
        "password2": "Mat-khau-2026!x",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "1",
        "memberships-MAX_NUM_FORMS": "1000",
    }

    without_role = admin_client.post(_add(User), {**base, "memberships-TOTAL_FORMS": "0"})
    with_role = admin_client.post(
        _add(User),
        {
            **base,
            "memberships-TOTAL_FORMS": "1",
            "memberships-0-unit": commune.pk,
            "memberships-0-role": Role.OFFICER,
        },
    )

    assert without_role.status_code == 200
    assert with_role.status_code == 302
    assert User.objects.get(username="moi").memberships.get().unit == commune


# --- superuser -------------------------------------------------------------------------


@pytest.mark.django_db
def test_superuser_sees_everything(superuser, officer, officer_elsewhere, commune):
    client = client_for(superuser)

    units = client.get(_changelist(Unit), {"kind": "commune"})
    users = client.get(_changelist(User))
    memberships = client.get(_changelist(Membership))

    assert _listed(units) == {"Phường Vinh Phú", "Xã Kỳ Anh"}
    assert {u.username for u in users.context["cl"].result_list} >= {"officer", "officer_ht"}
    assert len(memberships.context["cl"].result_list) == 2


@pytest.mark.django_db
def test_audit_trail_is_for_superusers_only(admin_client, superuser):
    url = reverse("admin:core_auditevent_changelist")

    refused = admin_client.get(url)
    allowed = client_for(superuser).get(url)

    assert refused.status_code == 403
    assert allowed.status_code == 200
