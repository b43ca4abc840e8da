"""The whole loop in a browser: the officer writes the self-assessment and uploads a
scan, the appraiser returns it, the officer fixes and resubmits, the appraiser passes
it, and the steering board proposes it with its request letter."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.brightspots.enums import BrightSpotStatus
from apps.dossiers.enums import DossierStatus
from apps.dossiers.models import Attachment, Dossier, DossierVersion
from tests.brightspots.factories import make_bright_spot, make_cycle
from tests.dossiers.factories import PDF_BYTES, criteria_set_with
from tests.factories import PASSWORD

SCAN = {"name": "Biên bản họp dân.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}


def _sign_in(page, user) -> None:
    page.context.clear_cookies()
    page.goto(page.base_url + reverse("login"))
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(page.base_url + reverse("home"))


def _step(page, label: str, reason: str = "") -> None:
    """Press a workflow button on the dossier page (accepting its confirmation)."""
    form = page.locator("div.actions form", has=page.locator(f"button:has-text('{label}')"))
    if reason:
        form.locator("textarea[name=reason]").fill(reason)
    page.once("dialog", lambda dialog: dialog.accept())
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()


def _fill_self_assessment(page, dossier, evidence: str) -> None:
    for row in dossier.assessments.all():
        page.select_option(f"select[name=c{row.pk}-level]", "good")
        page.fill(f"textarea[name=c{row.pk}-evidence]", evidence)
    for field in ("how_done", "lessons", "effect", "spread"):
        page.fill(f"textarea[name={field}]", f"Nội dung mục {field}")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_whole_dossier_loop_in_a_browser(
    fresh_content_types, page, province, commune, officer, appraiser, steering
):
    today = timezone.localdate()
    cycle = make_cycle(
        province,
        today.year,
        recognition_opens=today - datetime.timedelta(days=3),
        recognition_closes=today + datetime.timedelta(days=3),
    )
    spot = make_bright_spot(
        commune,
        cycle=cycle,
        status=BrightSpotStatus.ACKNOWLEDGED,
        criteria_set=criteria_set_with(general=2, qcdc=1),
        name="Đối thoại trực tiếp với nhân dân",
    )

    # The officer opens the dossier, assesses every criterion and attaches a scan.
    _sign_in(page, officer)
    page.goto(page.base_url + reverse("dossiers:queue"))
    page.click("text=Đối thoại trực tiếp với nhân dân")
    page.click("main button:has-text('Lập hồ sơ')")
    dossier = Dossier.objects.get(bright_spot=spot)
    page.click("text=Sửa phần tự đánh giá")
    _fill_self_assessment(page, dossier, "Tổ chức 4 buổi đối thoại")
    first = dossier.assessments.first()
    page.set_input_files(f"input[name=c{first.pk}-file]", files=[SCAN])
    page.click("#dossier-form p > button:has-text('Lưu')")
    assert "Đã lưu phần tự đánh giá." in page.content()
    assert Attachment.objects.get().name == "Bien-ban-hop-dan.pdf"
    page.click("text=Về trang hồ sơ")
    _step(page, "Nộp hồ sơ để thẩm định")
    assert "Đã nộp hồ sơ để thẩm định." in page.content()

    # The appraiser takes it up and returns it for revision.
    _sign_in(page, appraiser)
    page.goto(page.base_url + reverse("dossiers:queue"))
    page.click("text=Đối thoại trực tiếp với nhân dân")
    _step(page, "Bắt đầu thẩm định")
    _step(page, "Trả lại để bổ sung", reason="Bổ sung số liệu người dân tham gia.")
    assert Dossier.objects.get(pk=dossier.pk).status == DossierStatus.RETURNED

    # The officer fixes the evidence and resubmits.
    _sign_in(page, officer)
    page.goto(page.base_url + dossier.get_absolute_url())
    assert "Bổ sung số liệu người dân tham gia." in page.content()
    page.click("text=Sửa phần tự đánh giá")
    page.fill(f"textarea[name=c{first.pk}-evidence]", "Tổ chức 4 buổi đối thoại, 320 người dự")
    page.click("#dossier-form p > button:has-text('Lưu')")
    page.click("text=Về trang hồ sơ")
    _step(page, "Nộp lại để thẩm định")
    assert Dossier.objects.get(pk=dossier.pk).status == DossierStatus.RESUBMITTED

    # The appraiser sees what changed, records findings and passes it.
    _sign_in(page, appraiser)
    page.goto(page.base_url + dossier.get_absolute_url())
    changes = page.locator("section.changes")
    assert "320 người dự" in changes.locator("ins").all_inner_texts()[0]
    _step(page, "Bắt đầu thẩm định")
    page.click("text=Ghi ý kiến thẩm định")
    for row in dossier.assessments.all():
        page.select_option(f"select[name=c{row.pk}-finding_level]", "met")
    page.fill("textarea[name=comments]", "Hồ sơ đầy đủ, có sức lan tỏa.")
    page.click("#appraisal-form button:has-text('Lưu ý kiến thẩm định')")
    _step(page, "Kết luận: đạt")
    assert Dossier.objects.get(pk=dossier.pk).status == DossierStatus.PASSED

    # The steering board writes the request letter and proposes it.
    _sign_in(page, steering)
    page.goto(page.base_url + dossier.get_absolute_url())
    page.click("nav.toolbar >> text=Công văn đề nghị")
    page.fill("input[name=letter_number]", "27/CV-BCĐ")
    page.fill("input[name=letter_date]", today.strftime("%d/%m/%Y"))
    page.fill("input[name=letter_signer]", "Nguyễn Thị Lan")
    page.select_option("select[name=letter_issuer]", "leadership")
    page.select_option("select[name=letter_issuing_unit]", str(province.pk))
    page.set_input_files("input[name=scan]", files=[SCAN | {"name": "cong-van-27.pdf"}])
    page.click("#letter-form button:has-text('Lưu công văn')")
    assert "Đã lưu công văn đề nghị." in page.content()
    _step(page, "Gửi công văn đề nghị công nhận")

    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.PROPOSED
    assert (dossier.letter_number, dossier.proposed_by) == ("27/CV-BCĐ", steering)
    assert DossierVersion.objects.filter(dossier=dossier).count() == 2
    assert "Đã đề nghị công nhận" in page.content()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_appraiser_passes_over_a_criterion_not_met_only_with_a_reason(
    fresh_content_types, page, commune, cycle, appraiser, officer
):
    """Returned, resubmitted, still "Chưa đạt" on one criterion: "Kết luận: đạt" is
    disabled and says why; the override asks a reason, which the dossier then shows."""
    from apps.dossiers.enums import Level
    from tests.dossiers.factories import make_dossier

    dossier = make_dossier(commune, cycle=cycle, status=DossierStatus.UNDER_APPRAISAL)
    row = dossier.assessments.order_by("pk").last()
    row.finding_level = Level.NOT_MET
    row.save()

    _sign_in(page, appraiser)
    page.goto(page.base_url + dossier.get_absolute_url())
    passed = page.locator("div.actions button:has-text('Kết luận: đạt')").first
    assert passed.is_disabled()
    why = page.locator("#why-pass").inner_text()
    assert why.startswith(f"Tiêu chí {row.criterion.number} vẫn “Chưa đạt”")
    # Without a reason the browser does not send the override.
    override = page.locator("div.actions form", has=page.locator("#reason-pass_override"))
    override.locator("button[type=submit]").click()
    assert Dossier.objects.get(pk=dossier.pk).status == DossierStatus.UNDER_APPRAISAL
    reason = "Biên bản nộp bản giấy ngày 18/10."
    _step(page, "Kết luận: đạt dù còn tiêu chí chưa đạt", reason=reason)

    assert "Đã kết luận thẩm định: đạt, kèm lý do của bạn." in page.content()
    shown = page.locator("#pass-override").inner_text()
    assert row.criterion.number in shown
    assert reason in shown
    dossier.refresh_from_db()
    assert (dossier.status, dossier.pass_override_reason) == (DossierStatus.PASSED, reason)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_after_recognition_the_dossier_leads_to_its_decision_and_certificate(
    fresh_content_types, page, commune, leader
):
    from tests.decisions.factories import make_authority, make_issued, make_proposed_spot

    authority = make_authority(commune)
    spot = make_proposed_spot(authority, name="Đối thoại trực tiếp với Nhân dân")
    decision = make_issued(authority, [spot])

    _sign_in(page, leader)
    page.goto(page.base_url + Dossier.objects.get(bright_spot=spot).get_absolute_url())
    outcome = page.locator("#recognition")
    assert "Kết quả: Đã công nhận" in outcome.inner_text()
    assert page.locator("text=Rút hồ sơ").count() == 0
    certificate = outcome.locator("a:has-text('Giấy công nhận (PDF)')").get_attribute("href")
    response = page.request.get(page.base_url + certificate)
    assert response.headers["content-type"] == "application/pdf"

    outcome.locator(f"a:has-text('Quyết định số {decision.number_label}')").click()
    page.wait_for_url(page.base_url + reverse("decisions:detail", args=[decision.pk]))
