"""Meta-test: every named URL of the project was requested by the access matrix.

The comparison itself runs once the session's tests are done, in
``tests.access.MatrixCoverage`` (registered by ``tests/conftest.py``): it takes the URL
names ``check_access`` actually requested, in this process or in the pytest-xdist
workers, and fails the session, naming them, when a URL pattern was never requested.
Collecting this module is what asks for that check, so run it together with
``tests/*/test_access.py``. The tests below hold the parts it is built from, and how
``check_access`` tells a refusal that changed something, or an "allowed" step that
was refused.
"""

import pytest
from django.urls import reverse

from apps.notifications.models import Notification
from tests.access import EXEMPT_NAMES, check_access, missing_url_names, named_url_patterns
from tests.criteria.factories import make_criteria_set


def test_named_url_patterns_are_namespaced_and_leave_out_the_admin():
    names = set(named_url_patterns())

    assert {"home", "units:detail", "verify:certificate"} <= names
    assert not any(name.startswith("admin:") for name in names)


def test_a_url_never_requested_is_missing():
    everything = set(named_url_patterns())

    missing = missing_url_names(everything - {"units:detail", "set_language"})

    assert missing == ["units:detail"]


def test_exempt_names_are_never_missing():
    assert set(missing_url_names(set())) & EXEMPT_NAMES == set()
    assert reverse("set_language")


@pytest.mark.django_db
def test_a_refused_request_that_changed_the_database_is_named(personas):
    Notification.objects.create(user=personas.users["officer"], message="Tin mới", url="/")

    with pytest.raises(AssertionError, match="officer post /notifications/read-all/ changed"):
        check_access(
            personas, "post", reverse("notifications:read_all"), allowed=set(), refused_status=302
        )


@pytest.mark.django_db
def test_an_allowed_post_answered_with_an_error_message_fails(personas):
    offered = make_criteria_set(province=personas.province, is_active=True)

    with pytest.raises(AssertionError, match=r"'admin', 'post', '/criteria/\d+/publish/', \['"):
        check_access(
            personas,
            "post",
            reverse("criteria:publish", args=[offered.pk]),
            allowed={"admin"},
            only=("admin",),
        )
