import pytest
from django.urls import reverse

from apps.accounts.enums import Role
from tests.factories import PASSWORD, make_member


def log_in(page, username):
    page.goto(page.base_url + reverse("login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_observer_reads_the_dashboard_and_drills_down(page, landscape):
    make_member(landscape.province, Role.OBSERVER, username="thuong_truc")
    log_in(page, "thuong_truc")

    page.goto(page.base_url + reverse("reports:dashboard") + "?year=2026")
    page.screenshot(path="/tmp/reports-dashboard.png", full_page=True)
    page.click("text=Phường A")

    assert page.locator("h1").inner_text() == "Bảng theo dõi điểm sáng: Phường A"
    assert page.locator("svg.chart").count() == 4


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_visitor_searches_the_showcase_without_diacritics(page, landscape):
    from apps.brightspots.models import BrightSpot

    BrightSpot.objects.filter(status="recognised").update(
        is_public=True, public_summary="Tổ chức đối thoại", public_effect="Dân tin"
    )

    page.goto(page.base_url + reverse("reports:showcase"))
    page.fill("input[name=q]", "doi thoai")
    page.click("main button[type=submit]")

    page.screenshot(path="/tmp/reports-showcase.png", full_page=True)
    assert page.locator("article.spot").count() == 3
