"""The operations page in Chromium at 1280 and 390 px: every check visible with its
colour, nothing wider than a phone's screen. Screenshots go to /tmp."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from apps.decisions.tasks import task_reconcile_print_jobs
from apps.notifications.models import OutboxEmail
from tests.conftest import sign_in
from tests.factories import make_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDTH_JS = "() => document.documentElement.scrollWidth"


@pytest.mark.parametrize("width", [1280, 390])
def test_operations_page_reads_on_a_desktop_and_a_phone(page, province, settings, tmp_path, width):
    settings.BACKUP_DIR = tmp_path / "backups"
    call_command("backup", stdout=io.StringIO(), stderr=io.StringIO())
    task_reconcile_print_jobs.apply()
    OutboxEmail.objects.create(to="a@example.vn", subject="x", body_text="x", status="failed")
    sign_in(page, make_member(province, "admin"))
    page.set_viewport_size({"width": width, "height": 900})

    page.goto(page.base_url + reverse("operations:status"))
    page.screenshot(path=f"/tmp/h18ops_status_{width}.png", full_page=True)

    assert page.locator("#check-outbox .badge.bad").is_visible()
    assert page.locator("#check-backup .badge.ok").is_visible()
    assert page.locator("#task-reconcile-print-jobs .badge.ok").is_visible()
    assert page.evaluate(WIDTH_JS) <= width


def test_the_503_page_reads_on_a_phone(page):
    from django.template.loader import render_to_string

    page.set_viewport_size({"width": 390, "height": 700})
    page.goto(page.base_url + "/health/")

    page.set_content(render_to_string("operations/503.html"))
    page.screenshot(path="/tmp/h18ops_503_390.png", full_page=True)

    assert page.locator("h1").inner_text() == "Cổng thông tin tạm thời gián đoạn"
    assert page.evaluate(WIDTH_JS) <= 390
