"""In Chromium, at a phone's width: the administrator uploads paper records, reads the
preview, confirms; then merges two communes from the map's suggestion."""

import os
from pathlib import Path

import pytest
from django.urls import reverse

from apps.accounts.enums import Role
from apps.brightspots.models import BrightSpot
from apps.units.models import Unit
from tests.brightspots.factories import make_criteria_set
from tests.decisions.factories import make_authority
from tests.factories import PASSWORD, make_member, make_unit
from tests.history.conftest import GOOD_ROWS, xlsx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH_JS = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


def _log_in(page, username):
    page.goto(page.base_url + reverse("login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(page.base_url + reverse("home"))


def _shot(page, tmp_path, name):
    folder = Path(os.environ.get("SCREENSHOT_DIR", tmp_path))
    page.screenshot(path=folder / f"{name}.png", full_page=True)


def test_paper_records_are_previewed_then_imported_on_a_phone(
    page, province, commune, other_commune, tmp_path
):
    make_authority(commune)
    make_authority(other_commune)
    make_criteria_set()
    make_member(province, Role.ADMIN, username="history_admin")
    upload = tmp_path / "lich-su.xlsx"
    upload.write_bytes(xlsx(GOOD_ROWS))
    page.set_viewport_size({"width": 390, "height": 844})
    _log_in(page, "history_admin")

    page.goto(page.base_url + reverse("history:import"))
    page.set_input_files("input[name=file]", str(upload))
    page.click("main form[enctype] button[type=submit]")
    page.locator("#preview").wait_for()
    _shot(page, tmp_path, "history_import_preview_390")
    overflow = page.evaluate(WIDTH_JS)
    page.check("input[name=confirm]")
    page.click("main form[action$='confirm/'] button[type=submit]")
    page.locator("ul.messages li.success").wait_for()

    assert overflow <= 0
    assert BrightSpot.objects.filter(imported=True).count() == 3


def test_a_suggested_merge_is_previewed_then_done(page, province, commune, tmp_path):
    make_member(province, Role.ADMIN, username="merge_admin")
    old = [
        make_unit("Phường Nghi Phú", parent=province, code="OLD-16702"),
        make_unit("Xã Nghi Ân", parent=province, code="OLD-17914"),
    ]
    page.set_viewport_size({"width": 390, "height": 844})
    _log_in(page, "merge_admin")

    page.goto(page.base_url + reverse("history:merge"))
    page.click("main details summary")
    page.click("details li a")
    page.click("main form.stacked button[type=submit]")
    page.locator("#merge-preview").wait_for()
    _shot(page, tmp_path, "history_merge_preview_390")
    overflow = page.evaluate(WIDTH_JS)
    page.check("input[name=confirm]")
    page.click("main form.stacked button[type=submit]")
    page.wait_for_url(page.base_url + commune.get_absolute_url())

    assert overflow <= 0
    assert sorted(Unit.objects.filter(merged_into=commune).values_list("pk", flat=True)) == sorted(
        u.pk for u in old
    )
