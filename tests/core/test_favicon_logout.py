"""/favicon.ico answers (browsers ask for it on every site) and pages link the icon;
logging out says so on the page it leads to."""

import pytest
from django.templatetags.static import static
from django.urls import reverse

from apps.accounts.enums import Role
from tests.access import PERSONAS, check_access
from tests.conftest import client_for
from tests.factories import make_member

pytestmark = pytest.mark.django_db


def test_favicon_leads_to_the_vendored_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 302
    assert response["Location"] == static("favicon.ico")


def test_pages_link_the_icon(client):
    html = client.get(reverse("login")).content.decode()

    assert f'<link rel="icon" href="{static("favicon.ico")}"' in html


def test_favicon_get_access(personas):
    check_access(personas, "get", reverse("favicon"), allowed=set(PERSONAS), allowed_status=302)


def test_favicon_post_is_refused(personas):
    check_access(personas, "post", reverse("favicon"), allowed=set(), refused_status=405)


def test_logging_out_says_so(commune):
    client = client_for(make_member(commune, Role.OFFICER))

    response = client.post(reverse("logout"), follow=True)

    assert response.redirect_chain == [(reverse("login"), 302)]
    assert [str(m) for m in response.context["messages"]] == ["Bạn đã đăng xuất."]
    assert "Bạn đã đăng xuất." in response.content.decode()


def test_logging_out_when_not_logged_in_says_nothing(client):
    response = client.post(reverse("logout"), follow=True)

    assert [str(m) for m in response.context["messages"]] == []
