import pytest
from django.urls import reverse

from apps.accounts.permissions import can
from tests.access import check_access
from tests.factories import UserFactory


@pytest.mark.django_db
def test_operations_page_only_for_province_administrators(personas, settings, tmp_path):
    settings.BACKUP_DIR = tmp_path / "backups"

    check_access(
        personas,
        "get",
        reverse("operations:status"),
        allowed={"admin", "outsider"},
        allowed_status=200,
    )


@pytest.mark.django_db
def test_operations_page_post_is_refused(personas):
    check_access(personas, "post", reverse("operations:status"), allowed=set(), refused_status=405)


@pytest.mark.django_db
def test_superuser_may_see_operations_and_a_commune_administrator_may_not(commune):
    from tests.factories import make_member

    superuser = UserFactory(is_superuser=True)
    commune_admin = make_member(commune, "admin")

    assert (can(superuser, "operations.view"), can(commune_admin, "operations.view")) == (
        True,
        False,
    )
