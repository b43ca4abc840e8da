"""WCAG 2.2 AA with axe-core (axe-playwright-python, in Debian's Chromium): no violation
on the main pages of each role, in Vietnamese and in English."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from tests.core.test_browser import _log_in
from tests.core.test_phone import _pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]


def _violations(page) -> list[str]:
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
    return [
        f"{page.url}: {v['id']} ({len(v['nodes'])}) {v['nodes'][0]['target']}"
        for v in results.response["violations"]
    ]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_main_pages_of_each_role_pass_axe(
    page,
    province,
    commune,
    other_commune,
    year_under_way,
    language,
):
    found = []
    page.context.add_cookies([{"name": "django_language", "value": language, "url": page.base_url}])
    page.goto(page.base_url + reverse("reports:showcase"))
    found += _violations(page)
    page.goto(page.base_url + reverse("login"))
    found += _violations(page)
    page.goto(page.base_url + reverse("home"))  # the public front door
    found += _violations(page)
    for user, urls in _pages(commune, province, other_commune).items():
        _log_in(page, user)
        for url in urls:
            page.goto(page.base_url + url)
            found += _violations(page)
        page.context.clear_cookies()
        page.context.add_cookies(
            [{"name": "django_language", "value": language, "url": page.base_url}]
        )

    assert found == []
