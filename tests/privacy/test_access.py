"""Access rows of the privacy pages: the notice is public; "my data" and its download
answer every signed-in person with their own data, and send the others to log in."""

import json

import pytest
from django.urls import reverse

from tests.access import PERSONAS, check_access

pytestmark = pytest.mark.django_db
SIGNED_IN = set(PERSONAS) - {"anonymous", "deactivated"}


def test_notice_is_public(personas):
    check_access(
        personas, "get", reverse("privacy:notice"), allowed=set(PERSONAS), allowed_status=200
    )


def test_my_data_page_access(personas):
    def own_page(obj, user, response):
        assert response.context["data"]["profile"]["username"] == user.username

    check_access(
        personas,
        "get",
        reverse("privacy:my_data"),
        allowed=SIGNED_IN,
        allowed_status=200,
        effect=own_page,
    )


def test_my_data_download_access(personas):
    def own_document(obj, user, response):
        document = json.loads(response.content)
        assert document["profile"]["username"] == user.username
        assert response["Content-Disposition"].startswith("attachment;")

    check_access(
        personas,
        "get",
        reverse("privacy:my_data_download"),
        allowed=SIGNED_IN,
        allowed_status=200,
        effect=own_document,
    )
