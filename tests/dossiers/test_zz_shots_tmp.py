import pytest
from django.urls import reverse
from apps.dossiers.services import dossier_submit, dossier_start_appraisal, dossier_return, dossier_save
from tests.dossiers.conftest import at_local
from tests.dossiers.factories import make_dossier, add_attachment
from tests.dossiers.test_browser import _sign_in

@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_shots(page, commune, cycle, officer, appraiser):
    d = make_dossier(commune, cycle=cycle, filled=True, name="Đối thoại trực tiếp với Nhân dân")
    add_attachment(d, by=officer, assessment=d.assessments.first(), name="bien-ban.pdf")
    with at_local(2026, 10, 20):
        dossier_submit(dossier=d, by=officer)
        dossier_start_appraisal(dossier=d, by=appraiser)
        dossier_return(dossier=d, by=appraiser, reason="Bổ sung số liệu")
        d.refresh_from_db()
        first = d.assessments.first()
        dossier_save(dossier=d, by=officer, expected_version=d.lock_version, sections={"effect": "Giảm 40% đơn thư khiếu nại, tăng đồng thuận"}, assessments={first.pk: {"level": "met", "evidence": "Biên bản mới, 320 người dự"}})
        dossier_submit(dossier=d, by=officer)
    page.set_viewport_size({"width": 1200, "height": 900})
    _sign_in(page, appraiser)
    page.goto(page.base_url + d.get_absolute_url())
    page.screenshot(path="/tmp/dprof/detail.png", full_page=True)
    page.goto(page.base_url + reverse("dossiers:queue"))
    page.screenshot(path="/tmp/dprof/queue.png", full_page=True)
    page.emulate_media(media="print")
    page.goto(page.base_url + d.get_absolute_url())
    page.pdf(path="/tmp/dprof/print.pdf", format="A4") if False else page.screenshot(path="/tmp/dprof/print.png", full_page=True)
    page.emulate_media(media="screen")
    _sign_in(page, officer)
    page.goto(page.base_url + reverse("dossiers:edit", args=[d.pk])) 
    page.screenshot(path="/tmp/dprof/edit.png", full_page=True)
