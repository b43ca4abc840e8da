"""Issue 15 on the dossier page: passing over a criterion still "Chưa đạt" only with the
appraiser's reason, shown on the page and in the PDF; after a return, the appraiser's
notes where the officer fixes the dossier; after recognition, the outcome with its
decision and certificate instead of a dead "Rút hồ sơ"."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from apps.accounts.enums import Role
from apps.brightspots.enums import BrightSpotStatus
from apps.decisions import services as decisions
from apps.dossiers.enums import DossierStatus, Level
from apps.dossiers.models import Dossier
from apps.dossiers.pdf import dossier_html
from apps.dossiers.services import (
    dossier_grant_appraiser,
    dossier_return,
    dossier_start_appraisal,
    dossier_submit,
)
from tests.conftest import client_for
from tests.decisions.factories import (
    decision_maker_of,
    in_window,
    make_authority,
    make_issued,
    make_proposed_spot,
)
from tests.dossiers.factories import fill_findings, make_dossier
from tests.factories import make_member

S = DossierStatus
pytestmark = pytest.mark.django_db

REASON = "Biên bản đã nộp bản giấy tại Ban Dân vận ngày 18/10/2026."


def _one_not_met(commune, cycle):
    dossier = make_dossier(commune, cycle=cycle, status=S.UNDER_APPRAISAL)
    row = dossier.assessments.order_by("pk").last()
    row.finding_level = Level.NOT_MET
    row.save()
    return dossier, row


# ---------------------------------------------------------------- 1. passing over "Chưa đạt"


def test_pass_is_disabled_naming_the_criterion_and_the_override_asks_a_reason(
    commune, cycle, appraiser
):
    dossier, row = _one_not_met(commune, cycle)

    html = client_for(appraiser).get(dossier.get_absolute_url()).content.decode()

    assert 'disabled aria-describedby="why-pass"' in html
    assert f"Tiêu chí {row.criterion.number} vẫn “Chưa đạt”" in html
    override = html.split(f'action="{reverse("dossiers:pass_override", args=[dossier.pk])}"')[1]
    override = override.split("</form>")[0]
    assert '<textarea id="reason-pass_override" name="reason" rows="3" required>' in override
    assert "Kết luận: đạt dù còn tiêu chí chưa đạt</button>" in override
    assert "disabled" not in override


def test_the_override_is_not_offered_when_every_criterion_is_met(commune, cycle, appraiser):
    dossier = make_dossier(commune, cycle=cycle, status=S.UNDER_APPRAISAL)

    html = client_for(appraiser).get(dossier.get_absolute_url()).content.decode()

    assert reverse("dossiers:pass_override", args=[dossier.pk]) not in html
    assert 'aria-describedby="why-pass"' not in html


def test_the_override_reason_is_shown_on_the_dossier_page_and_in_its_pdf(
    commune, cycle, appraiser, officer
):
    dossier, row = _one_not_met(commune, cycle)

    response = client_for(appraiser).post(
        reverse("dossiers:pass_override", args=[dossier.pk]), {"reason": REASON}
    )

    assert response.status_code == 302
    dossier.refresh_from_db()
    assert (dossier.status, dossier.pass_override_reason) == (S.PASSED, REASON)
    page = client_for(officer).get(dossier.get_absolute_url()).content.decode()
    box = page.split('id="pass-override"')[1].split("</div>")[0]
    assert "Kết luận đạt dù còn tiêu chí chưa đạt" in box
    assert f"Tiêu chí chưa đạt: <strong>{row.criterion.number}</strong>" in box
    assert REASON in box
    assert "Thẩm định: đạt dù còn tiêu chí chưa đạt" in page  # the history
    pdf = dossier_html(dossier=dossier)
    assert REASON in pdf.split('id="pass-override"')[1]


def test_an_override_without_a_reason_changes_nothing(commune, cycle, appraiser):
    dossier, _row = _one_not_met(commune, cycle)

    client_for(appraiser).post(reverse("dossiers:pass_override", args=[dossier.pk]), {})

    dossier.refresh_from_db()
    assert (dossier.status, dossier.pass_override_reason) == (S.UNDER_APPRAISAL, "")


def test_a_plain_pass_shows_no_override(commune, cycle, appraiser):
    dossier = make_dossier(commune, cycle=cycle, status=S.PASSED)

    html = client_for(appraiser).get(dossier.get_absolute_url()).content.decode()

    assert 'id="pass-override"' not in html


# ---------------------------------------------------------------- 2. notes after a return


def test_after_a_return_the_edit_form_opens_on_the_reason_and_the_appraisers_comments(
    dossier, officer, appraiser, in_window
):
    dossier_submit(dossier=dossier, by=officer)
    dossier_start_appraisal(dossier=dossier, by=appraiser)
    fill_findings(dossier, comments="Số liệu người dân tham gia chưa rõ.")
    row = dossier.assessments.order_by("pk").first()
    row.finding_level = Level.NOT_MET
    row.finding_note = "Chưa có biên bản đối thoại quý III."
    row.save()
    dossier_return(dossier=dossier, by=appraiser, reason="Bổ sung biên bản và số liệu.")

    page = client_for(officer).get(reverse("dossiers:edit", args=[dossier.pk])).content.decode()

    top = page.split('id="return-notes"')[1].split("</ul>")[0]
    assert "Trả lại để bổ sung:</strong> Bổ sung biên bản và số liệu." in top
    assert "Nhận xét của cán bộ thẩm định:</strong> Số liệu người dân tham gia chưa rõ." in top
    assert page.index('id="return-notes"') < page.index('id="dossier-form"')
    box = page.split(f'id="criterion-{row.pk}"')[1].split('class="criterion-form"')[0]
    assert "Chưa đạt" in box
    assert "Chưa có biên bản đối thoại quý III." in box


# ---------------------------------------------------------------- 3. after recognition


def _recognised(commune):
    """A proposed dossier of the commune (its own recognising authority) and the decision
    that recognised its bright spot."""
    authority = make_authority(commune)
    spot = make_proposed_spot(authority, name="Đối thoại trực tiếp với Nhân dân")
    decision = make_issued(authority, [spot])
    return Dossier.objects.select_related("bright_spot").get(bright_spot=spot), decision


def test_a_recognised_dossier_shows_the_outcome_its_decision_and_certificate(commune, leader):
    dossier, decision = _recognised(commune)
    certificate = decision.certificates.get()

    html = client_for(leader).get(dossier.get_absolute_url()).content.decode()

    box = html.split('id="recognition"')[1].split("</ul>")[0]
    assert "Kết quả: Đã công nhận" in box
    assert f'href="{reverse("decisions:detail", args=[decision.pk])}"' in box
    assert f"Quyết định số {decision.number_label} ngày 30/11/2026" in box
    assert f'href="{reverse("decisions:certificate_pdf", args=[certificate.pk])}"' in box
    assert "Rút hồ sơ" not in html
    assert '<form method="post"' not in html.split('id="recognition"')[1].split("<section")[0]


def test_the_decision_maker_is_not_offered_a_dead_decline(commune):
    dossier, _decision = _recognised(commune)
    chairman = decision_maker_of(commune, username="chu_tich_2")

    html = client_for(chairman).get(dossier.get_absolute_url()).content.decode()

    assert "Kết quả: Đã công nhận" in html
    assert reverse("dossiers:decline", args=[dossier.pk]) not in html


def test_someone_who_may_not_open_the_decision_gets_the_outcome_without_links(
    commune, other_commune, province_admin
):
    dossier, decision = _recognised(commune)
    far = make_member(other_commune, Role.APPRAISER, username="far")
    dossier_grant_appraiser(dossier=dossier, appraiser=far, by=province_admin)

    html = client_for(far).get(dossier.get_absolute_url()).content.decode()

    assert "Kết quả: Đã công nhận" in html
    assert reverse("decisions:detail", args=[decision.pk]) not in html
    assert "/certificates/" not in html


def test_after_the_decision_is_revoked_the_dossier_says_not_recognised(commune, leader):
    dossier, decision = _recognised(commune)
    decisions.decision_revoke(
        decision=decision,
        by=decision_maker_of(commune, username="chu_tich_3"),
        reason="Sai đối tượng",
        now=in_window([dossier.bright_spot]),
    )

    html = client_for(leader).get(dossier.get_absolute_url()).content.decode()

    box = html.split('id="recognition"')[1].split("</ul>")[0]
    assert "Kết quả: Không công nhận" in box
    assert reverse("decisions:detail", args=[decision.pk]) in box
    assert "(đã thu hồi)" in box
    assert "/certificates/" not in box
    assert "Rút hồ sơ" not in html


def test_the_pdf_names_the_outcome(commune):
    dossier, _decision = _recognised(commune)

    html = dossier_html(dossier=dossier)

    assert "<td>Kết quả</td><td>Đã công nhận</td>" in html


def test_the_recognition_tag_for_the_bright_spot_page(commune, leader):
    dossier, decision = _recognised(commune)
    request = RequestFactory().get("/")
    request.user = leader
    template = Template("{% load dossiers %}{% recognition spot %}")

    html = template.render(Context({"request": request, "spot": dossier.bright_spot}))

    assert "Kết quả: Đã công nhận" in html
    assert reverse("decisions:detail", args=[decision.pk]) in html
    assert reverse("decisions:certificate_pdf", args=[decision.certificates.get().pk]) in html


def test_the_recognition_tag_says_nothing_before_an_outcome(commune, cycle, leader):
    dossier = make_dossier(commune, cycle=cycle, status=S.PROPOSED)
    assert dossier.bright_spot.status == BrightSpotStatus.IN_RECOGNITION
    request = RequestFactory().get("/")
    request.user = leader

    html = Template("{% load dossiers %}{% recognition spot %}").render(
        Context({"request": request, "spot": dossier.bright_spot})
    )

    assert html.strip() == ""
