"""The privacy pages, the showcase naming people and the agreement form, in Chromium on
a desktop and a phone: nothing wider than the screen. ``PRIVACY_SHOTS=/dir`` saves a
screenshot of each page there."""

import os
import pathlib

import pytest
from django.urls import reverse

from apps.accounts.enums import Role
from apps.brightspots.services import bright_spot_publish, publication_agree
from tests.brightspots.factories import make_bright_spot, make_cycle
from tests.conftest import sign_in
from tests.factories import make_member
from tests.reports.factories import make_recognised_spot, recognise

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDTH_JS = "() => document.documentElement.scrollWidth"
PEOPLE = "Bà Nguyễn Thị Hoa, tổ trưởng tổ hòa giải"


@pytest.mark.parametrize("width", [1280, 390])
def test_privacy_pages_read_on_a_desktop_and_a_phone(page, province, commune, boards, width):
    leader = make_member(commune, Role.LEADER, email="hoa@example.vn")
    shown = make_recognised_spot(commune, cycle=make_cycle(province, 2026))
    publication_agree(
        bright_spot=shown,
        by=leader,
        summary="Tổ hòa giải họp mỗi tháng",
        effect="Không còn khiếu kiện kéo dài",
        names_consent=True,
        people=PEOPLE,
    )
    bright_spot_publish(bright_spot=shown, by=make_member(boards["ban_dan_van"], Role.STEERING))
    unagreed = make_bright_spot(commune, cycle=shown.cycle, status="in_recognition", name="Khác")
    recognise(unagreed, number=2)
    page.set_viewport_size({"width": width, "height": 900})
    shots = os.environ.get("PRIVACY_SHOTS")

    def visit(name, url):
        page.goto(page.base_url + url)
        assert page.evaluate(WIDTH_JS) <= width, (name, width)
        if shots:
            page.screenshot(path=str(pathlib.Path(shots) / f"{name}_{width}.png"), full_page=True)

    visit("login", reverse("login"))
    assert page.locator("main a[href='/privacy/']").count() == 1
    visit("notice", reverse("privacy:notice"))
    visit("showcase", reverse("reports:showcase"))
    assert PEOPLE in page.content()
    sign_in(page, leader)
    visit("my_data", reverse("privacy:my_data"))
    assert page.locator("footer a[href='/privacy/my-data/']").count() == 1
    visit("agree_form", unagreed.get_absolute_url() + "#publication")
