import pytest
from django.urls import reverse

from apps.decisions.models import PrintJob
from apps.decisions.services import printing
from tests.decisions.factories import make_issued
from tests.factories import PASSWORD


def log_in(page, username):
    page.goto(page.base_url + reverse("login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(page.base_url + reverse("home"))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_print_all_shows_progress_then_the_file(
    page, authority, decision_maker, spots, monkeypatch
):
    monkeypatch.setattr(printing, "_queue", lambda job_id: None)  # the test plays the worker
    decision = make_issued(authority, spots, by=decision_maker)
    log_in(page, decision_maker.username)
    page.goto(page.base_url + decision.get_absolute_url())

    page.click("text=In tất cả giấy công nhận (một tệp PDF)")
    job = PrintJob.objects.get()
    page.wait_for_url(page.base_url + job.get_absolute_url())
    assert page.is_hidden("#print-job-ready")
    printing.print_job_run(job_id=job.pk)

    page.wait_for_selector("#print-job-ready", state="visible", timeout=15_000)
    assert page.get_attribute("#print-job-progress", "value") == "100"
    assert page.text_content("#print-job-done") == "2"
    page.goto(page.base_url + decision.get_absolute_url())
    page.click("text=In tất cả giấy công nhận (một tệp PDF)")
    page.wait_for_url(page.base_url + job.get_absolute_url())
    assert PrintJob.objects.count() == 1
