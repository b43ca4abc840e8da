"""Nothing answered to a logged-in user is stored by a browser or a proxy; anonymous
public pages and static files keep their own caching headers."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from apps.brightspots.models import ProgressAttachment, ProgressUpdate
from tests.brightspots.factories import make_bright_spot
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

NEVER_STORED = {"no-store", "no-cache", "must-revalidate", "private", "max-age=0"}


def directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


@pytest.fixture
def attachment(commune, officer):
    spot = make_bright_spot(commune, created_by=officer)
    update = ProgressUpdate.objects.create(bright_spot=spot, text="Đã làm", submitted_by=officer)
    return ProgressAttachment.objects.create(
        update=update, file=ContentFile(b"%PDF-1.7", name="bao-cao.pdf"), name="bao-cao.pdf", size=8
    )


def test_an_ordinary_page_for_a_logged_in_user_is_never_stored(officer):
    response = client_for(officer).get(reverse("home"))

    assert response.status_code == 200
    assert directives(response) == NEVER_STORED


def test_a_download_for_a_logged_in_user_is_never_stored(officer, attachment):
    response = client_for(officer).get(attachment.get_absolute_url())

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.7"
    assert directives(response) == NEVER_STORED


def test_an_anonymous_public_page_keeps_its_own_caching(client):
    response = client.get(reverse("reports:showcase"))

    assert response.status_code == 200
    assert directives(response) == {"max-age=300"}


def test_the_same_public_page_for_a_logged_in_user_is_never_stored(officer):
    response = client_for(officer).get(reverse("reports:showcase"))

    assert directives(response) == NEVER_STORED


def test_static_files_keep_their_caching_for_a_logged_in_user(officer, settings):
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True

    response = client_for(officer).get("/static/css/portal.css")

    assert response.status_code == 200
    assert "no-store" not in directives(response)
    assert "max-age=60" in directives(response)
