"""WCAG 2.2 AA with axe-core (axe-playwright-python, in Debian's Chromium): no violation
on the main pages of each demo account (``test_phone.demo_pages``), on the demo's
lived-in years, in Vietnamese and in English, at desktop and phone size."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.core.test_phone import DESKTOP, PHONE, visit_all

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]
TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]


def violations(page) -> list[str]:
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
    return [
        f"{v['id']} ({len(v['nodes'])}) {v['nodes'][0]['target']}"
        for v in results.response["violations"]
    ]


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_main_pages_of_each_role_pass_axe(page, demo, language, size):
    page.set_viewport_size(size)

    found = visit_all(page, violations, language)

    assert found == {}
