import pytest
from django.urls import reverse

from apps.criteria.models import CriteriaSet
from tests.access import PERSONAS, assert_audited, assert_success, check_access
from tests.criteria.factories import make_criteria_set, use_criteria_set

EVERYONE_LOGGED_IN = set(PERSONAS) - {"anonymous", "deactivated"}


@pytest.fixture
def own_set(personas):
    """A set of the personas' province, not yet in use."""
    return make_criteria_set(province=personas.province)


@pytest.fixture
def shared_set(personas):
    return make_criteria_set(province=None, code="bo-chung")


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["criteria:detail", "criteria:print"])
def test_reading_a_set_is_open_to_everyone_logged_in(personas, own_set, name):
    check_access(personas, "get", reverse(name, args=[own_set.pk]), allowed=EVERYONE_LOGGED_IN)


@pytest.mark.django_db
def test_criteria_list_access(personas, own_set):
    check_access(personas, "get", reverse("criteria:list"), allowed=EVERYONE_LOGGED_IN)


@pytest.mark.django_db
def test_create_page_access(personas):
    check_access(personas, "get", reverse("criteria:create"), allowed={"admin", "outsider"})


def _created(province, code):
    def effect(_nothing, by, response):
        created = CriteriaSet.objects.get(code=code, province=province)
        assert response.url == created.get_absolute_url()
        assert_audited(created, "criteria_set_create", by=by)
        assert_success(response)

    return effect


@pytest.mark.django_db
def test_create_post_access(personas):
    """Each administrator creates a set for their own province (the outsider's row has
    the other province in its data)."""
    data = {"name": "Bộ 2027", "kinds": ["qcdc"]}
    own, other = personas.province, personas.other_province

    check_access(
        personas,
        "post",
        reverse("criteria:create"),
        allowed={"admin"},
        allowed_status=302,
        data=data | {"code": "nghe-an-2027", "province": own.pk},
        only=tuple(name for name in PERSONAS if name != "outsider"),
        effect=_created(own, "nghe-an-2027"),
    )
    check_access(
        personas,
        "post",
        reverse("criteria:create"),
        allowed={"outsider"},
        allowed_status=302,
        data=data | {"code": "ha-tinh-2027", "province": other.pk},
        only=("outsider",),
        effect=_created(other, "ha-tinh-2027"),
    )


def _set_urls(criteria_set):
    group = criteria_set.groups.get()
    criterion = group.criteria.first()
    return {
        "criteria:edit": (criteria_set.pk, {"name": "Tên mới", "kinds": ["qcdc", "dvcq"]}),
        "criteria:group_add": (
            criteria_set.pk,
            {"number": "2", "title": "Nhóm mới", "kinds": ["qcdc"]},
        ),
        "criteria:group_edit": (
            group.pk,
            {"number": "1", "title": "Tiêu chí chung", "kinds": ["qcdc", "dvcq"], "order": 1},
        ),
        "criteria:criterion_add": (group.pk, {"number": "1.9", "text": "Tiêu chí mới"}),
        "criteria:criterion_edit": (
            criterion.pk,
            {"number": criterion.number, "text": "Sửa", "order": 1},
        ),
        "criteria:criterion_delete": (criterion.pk, {}),
        "criteria:group_delete": (group.pk, {}),
        "criteria:delete": (criteria_set.pk, {}),
    }


EDIT_NAMES = [
    "criteria:edit",
    "criteria:group_add",
    "criteria:group_edit",
    "criteria:criterion_add",
    "criteria:criterion_edit",
    "criteria:criterion_delete",
    "criteria:group_delete",
    "criteria:delete",
]


# What each editing POST writes to the set's audit trail.
EDIT_ACTIONS = {
    "criteria:edit": "criteria_set_update",
    "criteria:group_add": "criterion_group_save",
    "criteria:group_edit": "criterion_group_save",
    "criteria:criterion_add": "criterion_save",
    "criteria:criterion_edit": "criterion_save",
    "criteria:criterion_delete": "criterion_delete",
    "criteria:group_delete": "criterion_group_delete",
    "criteria:delete": "criteria_set_delete",
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", EDIT_NAMES)
def test_edit_pages_of_a_province_set_are_for_its_admin(personas, own_set, name):
    pk, _data = _set_urls(own_set)[name]

    check_access(personas, "get", reverse(name, args=[pk]), allowed={"admin"}, allowed_status=200)


@pytest.mark.django_db
@pytest.mark.parametrize("name", EDIT_NAMES)
def test_editing_a_province_set_is_for_its_admin(personas, own_set, name):
    pk, data = _set_urls(own_set)[name]

    def edited(_nothing, by, response):
        assert_audited(own_set, EDIT_ACTIONS[name], by=by)
        assert_success(response)

    check_access(
        personas,
        "post",
        reverse(name, args=[pk]),
        allowed={"admin"},
        allowed_status=302,
        data=data,
        effect=edited,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("name", EDIT_NAMES)
def test_editing_a_shared_set_is_for_no_province_admin(personas, shared_set, name):
    pk, data = _set_urls(shared_set)[name]

    check_access(personas, "post", reverse(name, args=[pk]), allowed=set(), data=data)


@pytest.mark.django_db
def test_revise_is_for_the_province_admin(personas, own_set):
    def revised(_nothing, by, response):
        revision = CriteriaSet.objects.get(code=own_set.code, version=2)
        assert response.url == revision.get_absolute_url()
        assert_audited(revision, "criteria_set_revise", by=by)
        assert_success(response)

    check_access(
        personas,
        "post",
        reverse("criteria:revise", args=[own_set.pk]),
        allowed={"admin"},
        allowed_status=302,
        effect=revised,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("verb", "offered"), [("publish", False), ("withdraw", True)])
def test_offering_steps_are_for_the_province_admin(personas, verb, offered):
    codes = (f"bo-{verb}-{n}" for n in range(1, 10))

    def fresh():
        return make_criteria_set(province=personas.province, code=next(codes), is_active=offered)

    def taken(criteria_set, by, response):
        criteria_set.refresh_from_db()
        assert criteria_set.is_active is not offered
        assert_audited(criteria_set, f"criteria_set_{verb}", by=by)
        assert_success(response)

    check_access(
        personas,
        "post",
        lambda criteria_set: reverse(f"criteria:{verb}", args=[criteria_set.pk]),
        allowed={"admin"},
        allowed_status=302,
        fresh=fresh,
        effect=taken,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("name", EDIT_NAMES)
def test_edit_pages_of_a_frozen_set_send_the_admin_back(personas, own_set, name):
    use_criteria_set(own_set, personas.commune)
    pk, data = _set_urls(own_set)[name]

    check_access(
        personas, "post", reverse(name, args=[pk]), allowed=set(), turned_back={"admin"}, data=data
    )
