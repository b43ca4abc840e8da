import pytest
from django.urls import reverse

from tests.access import PERSONAS, check_access
from tests.criteria.factories import make_criteria_set, use_criteria_set

COVERED_URL_NAMES = {
    "criteria:list",
    "criteria:detail",
    "criteria:print",
    "criteria:create",
    "criteria:edit",
    "criteria:delete",
    "criteria:revise",
    "criteria:publish",
    "criteria:withdraw",
    "criteria:group_add",
    "criteria:group_edit",
    "criteria:group_delete",
    "criteria:criterion_add",
    "criteria:criterion_edit",
    "criteria:criterion_delete",
}

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


@pytest.mark.django_db
def test_create_post_access(personas):
    data = {
        "code": "nghe-an-2027",
        "name": "Bộ 2027",
        "province": personas.province.pk,
        "kinds": ["qcdc"],
    }

    check_access(
        personas, "post", reverse("criteria:create"), allowed={"admin", "outsider"}, data=data
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


@pytest.mark.django_db
@pytest.mark.parametrize("name", EDIT_NAMES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_editing_a_province_set_is_for_its_admin(personas, own_set, name, method):
    pk, data = _set_urls(own_set)[name]

    check_access(personas, method, reverse(name, args=[pk]), allowed={"admin"}, data=data)


@pytest.mark.django_db
@pytest.mark.parametrize("name", EDIT_NAMES)
def test_editing_a_shared_set_is_for_no_province_admin(personas, shared_set, name):
    pk, data = _set_urls(shared_set)[name]

    check_access(personas, "post", reverse(name, args=[pk]), allowed=set(), data=data)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["criteria:revise", "criteria:publish", "criteria:withdraw"])
def test_version_actions_are_for_the_province_admin(personas, own_set, name):
    check_access(personas, "post", reverse(name, args=[own_set.pk]), allowed={"admin"})


@pytest.mark.django_db
@pytest.mark.parametrize("name", EDIT_NAMES)
def test_edit_pages_of_a_frozen_set_send_the_admin_back(personas, own_set, name):
    use_criteria_set(own_set, personas.commune)
    pk, data = _set_urls(own_set)[name]

    check_access(
        personas, "post", reverse(name, args=[pk]), allowed={"admin"}, allowed_status=302, data=data
    )
