import pytest
from django.urls import reverse

from tests.access import PERSONAS, check_access

SIGNED_IN = set(PERSONAS) - {"anonymous", "deactivated"}


@pytest.mark.django_db
def test_home_get_access(personas):
    # Everyone: a visitor (or a deactivated account) gets the public front door.
    check_access(personas, "get", reverse("home"), allowed=set(PERSONAS), allowed_status=200)


@pytest.mark.django_db
def test_home_post_is_refused(personas):
    check_access(personas, "post", reverse("home"), allowed=set(), refused_status=405)


@pytest.mark.django_db
def test_health_get_access(personas):
    check_access(personas, "get", reverse("health"), allowed=set(PERSONAS), allowed_status=200)


@pytest.mark.django_db
def test_health_post_is_refused(personas):
    check_access(personas, "post", reverse("health"), allowed=set(), refused_status=405)
