"""The dossier pages as their users see them: the buttons and why some are disabled,
refusals as messages, opening a dossier, grants, the PDF."""

import io

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from apps.accounts.enums import Role
from apps.brightspots.enums import BrightSpotStatus
from apps.core.models import AuditEvent
from apps.dossiers.enums import DossierStatus
from apps.dossiers.models import Dossier
from apps.dossiers.services import (
    dossier_grant_appraiser,
    dossier_return,
    dossier_save,
    dossier_start_appraisal,
    dossier_submit,
)
from apps.notifications.models import OutboxEmail
from tests.brightspots.factories import make_bright_spot
from tests.conftest import client_for
from tests.dossiers.conftest import at_local
from tests.dossiers.factories import add_letter, criteria_set_with, make_dossier
from tests.factories import make_member

S = DossierStatus
pytestmark = pytest.mark.django_db


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_detail_shows_the_three_parts_in_the_guidance_order(dossier, officer):
    html = client_for(officer).get(dossier.get_absolute_url()).content.decode()

    summary = html.index("I. Báo cáo tóm tắt thành tích")
    appraisal = html.index("II. Đánh giá, thẩm định")
    letter = html.index("III. Công văn đề nghị công nhận")
    assert summary < appraisal < letter


def test_submit_button_outside_the_window_is_disabled_and_says_when(dossier, officer):
    with at_local(2026, 9, 1):
        html = client_for(officer).get(dossier.get_absolute_url()).content.decode()

    assert "Nộp hồ sơ để thẩm định</button>" in html
    assert 'disabled aria-describedby="why-submit"' in html
    assert "Thời hạn xét công nhận mở ngày 15/10/2026" in html or "15/10/2026" in html


def test_submit_button_inside_the_window_is_enabled(dossier, officer, in_window):
    html = client_for(officer).get(dossier.get_absolute_url()).content.decode()

    assert 'aria-describedby="why-submit"' not in html


def test_submit_through_the_page(dossier, officer, in_window):
    response = client_for(officer).post(reverse("dossiers:submit", args=[dossier.pk]))

    assert response.status_code == 302
    assert _messages(response) == ["Đã nộp hồ sơ để thẩm định."]
    assert Dossier.objects.get(pk=dossier.pk).status == S.SUBMITTED


def test_submit_outside_the_window_through_the_page_is_refused_with_a_message(dossier, officer):
    with at_local(2026, 12, 5):
        response = client_for(officer).post(reverse("dossiers:submit", args=[dossier.pk]))

    assert "30/11/2026" in _messages(response)[0]
    assert Dossier.objects.get(pk=dossier.pk).status == S.DRAFT


def test_conflict_of_interest_through_the_page_is_refused_with_a_message(commune, province, cycle):
    own = make_member(province, Role.APPRAISER)
    dossier = make_dossier(commune, cycle=cycle, status=S.SUBMITTED, by=own)

    response = client_for(own).post(reverse("dossiers:start_appraisal", args=[dossier.pk]))

    assert response.status_code == 302
    assert "xung đột lợi ích" in _messages(response)[0]
    assert Dossier.objects.get(pk=dossier.pk).status == S.SUBMITTED


def test_saving_an_appraisal_of_ones_own_dossier_shows_the_conflict_on_the_form(
    commune, province, cycle
):
    own = make_member(province, Role.APPRAISER)
    dossier = make_dossier(commune, cycle=cycle, status=S.UNDER_APPRAISAL, by=own)
    data = {"lock_version": dossier.lock_version, "comments": "Tự thẩm định"}

    response = client_for(own).post(reverse("dossiers:appraisal", args=[dossier.pk]), data)

    assert response.status_code == 200
    assert "xung đột lợi ích" in response.content.decode()
    assert Dossier.objects.get(pk=dossier.pk).appraisal_comments == dossier.appraisal_comments


def test_conflict_of_interest_shows_on_the_disabled_buttons(commune, province, cycle):
    own = make_member(province, Role.APPRAISER)
    dossier = make_dossier(commune, cycle=cycle, status=S.SUBMITTED, by=own)

    html = client_for(own).get(dossier.get_absolute_url()).content.decode()

    assert "xung đột lợi ích" in html


def test_return_without_a_reason_is_refused(commune, cycle, appraiser):
    dossier = make_dossier(commune, cycle=cycle, status=S.UNDER_APPRAISAL)

    response = client_for(appraiser).post(
        reverse("dossiers:return", args=[dossier.pk]), {"reason": ""}
    )

    assert _messages(response)
    assert Dossier.objects.get(pk=dossier.pk).status == S.UNDER_APPRAISAL


def test_withdraw_without_a_reason_is_refused(dossier, leader):
    response = client_for(leader).post(reverse("dossiers:withdraw", args=[dossier.pk]), {})

    assert _messages(response)
    assert Dossier.objects.get(pk=dossier.pk).status == S.DRAFT


def test_open_a_dossier_for_an_acknowledged_bright_spot(commune, cycle, officer):
    spot = make_bright_spot(
        commune,
        cycle=cycle,
        status=BrightSpotStatus.ACKNOWLEDGED,
        criteria_set=criteria_set_with(general=3, qcdc=2, dvcq=4),
    )
    url = reverse("dossiers:open", args=[spot.pk])

    first = client_for(officer).post(url)
    again = client_for(officer).post(url)

    dossier = Dossier.objects.get(bright_spot=spot)
    assert first.url == again.url == dossier.get_absolute_url()
    numbers = list(dossier.assessments.values_list("criterion__number", flat=True))
    assert numbers == ["1.1", "1.2", "1.3", "2.1.1", "2.1.2"]


def test_a_draft_bright_spot_cannot_open_a_dossier(commune, cycle, officer):
    spot = make_bright_spot(commune, cycle=cycle, criteria_set=criteria_set_with())

    response = client_for(officer).post(reverse("dossiers:open", args=[spot.pk]))

    assert response.status_code == 302
    assert not Dossier.objects.exists()
    assert "tiếp nhận" in _messages(response)[0]


def test_queue_lists_bright_spots_waiting_for_a_dossier(commune, cycle, officer):
    spot = make_bright_spot(commune, cycle=cycle, status=BrightSpotStatus.ACKNOWLEDGED)

    html = client_for(officer).get(reverse("dossiers:queue")).content.decode()

    assert reverse("dossiers:open", args=[spot.pk]) in html


def test_edit_page_keeps_typed_values_and_shows_errors_beside_fields(commune, cycle, officer):
    dossier = make_dossier(commune, cycle=cycle, criteria_set=criteria_set_with(max_score=10))
    first = dossier.assessments.first()
    data = {"lock_version": dossier.lock_version, "how_done": "Đã làm", f"c{first.pk}-score": "11"}

    response = client_for(officer).post(reverse("dossiers:edit", args=[dossier.pk]), data)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Đã làm" in html
    assert f'name="c{first.pk}-score" value="11"' in html
    assert Dossier.objects.get(pk=dossier.pk).how_done == ""


def test_edit_page_of_a_submitted_dossier_redirects_with_a_message(commune, cycle, officer):
    dossier = make_dossier(commune, cycle=cycle, status=S.SUBMITTED)

    response = client_for(officer).get(reverse("dossiers:edit", args=[dossier.pk]))

    assert response.status_code == 302
    assert _messages(response)


def test_appraisal_page_saves_findings(commune, cycle, appraiser):
    dossier = make_dossier(commune, cycle=cycle, status=S.UNDER_APPRAISAL)
    data = {"lock_version": dossier.lock_version, "comments": "Hồ sơ tốt"}
    for a in dossier.assessments.all():
        data |= {f"c{a.pk}-finding_level": "good", f"c{a.pk}-finding_note": "Xác nhận"}

    response = client_for(appraiser).post(reverse("dossiers:appraisal", args=[dossier.pk]), data)

    assert response.status_code == 302
    assert set(dossier.assessments.values_list("finding_level", flat=True)) == {"good"}


# ---------------------------------------------------------------- grants


def test_a_granted_appraiser_sees_and_appraises_one_dossier_outside_their_subtree(
    commune, other_commune, cycle, province_admin
):
    far = make_member(other_commune, Role.APPRAISER, username="far")
    dossier = make_dossier(commune, cycle=cycle, status=S.SUBMITTED)
    other = make_dossier(commune, cycle=cycle, status=S.SUBMITTED)
    client = client_for(far)
    assert client.get(dossier.get_absolute_url()).status_code == 404

    response = client_for(province_admin).post(
        reverse("dossiers:grants", args=[dossier.pk]), {"appraiser": far.pk}
    )
    started = client.post(reverse("dossiers:start_appraisal", args=[dossier.pk]))

    assert response.status_code == 302
    assert started.status_code == 302
    assert Dossier.objects.get(pk=dossier.pk).status == S.UNDER_APPRAISAL
    assert client.get(other.get_absolute_url()).status_code == 404
    queue = client.get(reverse("dossiers:queue"), {"state": ""}).context["page"]
    assert [d.pk for d in queue] == [dossier.pk]
    assert OutboxEmail.objects.filter(to=far.email).count() == 1


def test_a_revoked_grant_closes_the_dossier_again(commune, other_commune, cycle, province_admin):
    far = make_member(other_commune, Role.APPRAISER, username="far")
    dossier = make_dossier(commune, cycle=cycle, status=S.SUBMITTED)
    dossier_grant_appraiser(dossier=dossier, appraiser=far, by=province_admin)

    client_for(province_admin).post(reverse("dossiers:revoke", args=[dossier.pk, far.pk]))

    assert client_for(far).get(dossier.get_absolute_url()).status_code == 404


def test_revoking_a_grant_that_does_not_exist_is_404_and_names_nobody(
    commune, other_province, cycle, province_admin
):
    stranger = make_member(other_province, Role.APPRAISER, full_name="Người Tỉnh Khác")
    dossier = make_dossier(commune, cycle=cycle, status=S.SUBMITTED)

    response = client_for(province_admin).post(
        reverse("dossiers:revoke", args=[dossier.pk, stranger.pk]), follow=True
    )

    assert response.status_code == 404
    assert "Người Tỉnh Khác" not in response.content.decode()
    assert not AuditEvent.objects.filter(action="dossier_revoke").exists()


def test_a_grant_can_be_revoked_once(commune, other_commune, cycle, province_admin):
    far = make_member(other_commune, Role.APPRAISER, username="far")
    dossier = make_dossier(commune, cycle=cycle, status=S.SUBMITTED)
    dossier_grant_appraiser(dossier=dossier, appraiser=far, by=province_admin)
    url = reverse("dossiers:revoke", args=[dossier.pk, far.pk])

    first = client_for(province_admin).post(url)
    second = client_for(province_admin).post(url)

    assert (first.status_code, second.status_code) == (302, 404)
    assert AuditEvent.objects.filter(action="dossier_revoke").count() == 1


def test_a_grant_to_the_leader_of_the_unit_is_refused_beside_the_field(
    commune, province, cycle, province_admin
):
    both = make_member(province, Role.APPRAISER)
    make_member(commune, Role.LEADER, user=both)
    dossier = make_dossier(commune, cycle=cycle, status=S.SUBMITTED)

    response = client_for(province_admin).post(
        reverse("dossiers:grants", args=[dossier.pk]), {"appraiser": both.pk}
    )

    assert response.status_code == 200
    assert "xung đột lợi ích" in response.content.decode()


def test_a_grant_to_an_appraiser_of_another_province_is_not_offered(
    commune, other_province, cycle, province_admin
):
    outsider = make_member(other_province, Role.APPRAISER)
    dossier = make_dossier(commune, cycle=cycle, status=S.SUBMITTED)

    response = client_for(province_admin).post(
        reverse("dossiers:grants", args=[dossier.pk]), {"appraiser": outsider.pk}
    )

    assert response.status_code == 200
    assert not outsider.has_perm("dossiers.appraise_dossier", dossier)


# ---------------------------------------------------------------- print and PDF


def test_the_page_carries_a_print_stylesheet(dossier, officer):
    html = client_for(officer).get(dossier.get_absolute_url()).content.decode()

    assert "dossiers/dossier.css" in html
    assert "data-print" in html


def test_the_pdf_has_the_three_parts_in_order_with_vietnamese_text(commune, cycle, steering):
    from pypdf import PdfReader

    dossier = make_dossier(commune, cycle=cycle, status=S.PASSED, name="Dân vận khéo ở tổ dân phố")
    add_letter(dossier, issuing_unit=commune, by=steering)

    response = client_for(steering).get(reverse("dossiers:pdf", args=[dossier.pk]))

    assert response["Content-Type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(response.content)).pages
    text = " ".join(" ".join(page.extract_text() for page in pages).split())
    assert "Dân vận khéo ở tổ dân phố" in text
    assert "15/CV-UBND" in text
    assert text.index("BÁO CÁO TÓM TẮT THÀNH TÍCH") < text.index("ĐÁNH GIÁ, THẨM ĐỊNH")
    assert text.index("ĐÁNH GIÁ, THẨM ĐỊNH") < text.index("CÔNG VĂN ĐỀ NGHỊ CÔNG NHẬN")


def test_detail_shows_a_changed_level_in_the_diff(dossier, officer, appraiser, in_window):
    dossier_submit(dossier=dossier, by=officer)
    dossier_start_appraisal(dossier=dossier, by=appraiser)
    dossier_return(dossier=dossier, by=appraiser, reason="Xem lại mức độ")
    dossier.refresh_from_db()
    first = dossier.assessments.first()
    dossier_save(
        dossier=dossier,
        by=officer,
        expected_version=dossier.lock_version,
        sections={},
        assessments={first.pk: {"level": "met", "evidence": first.evidence}},
    )
    dossier_submit(dossier=dossier, by=officer)

    response = client_for(appraiser).get(dossier.get_absolute_url())

    assert response.status_code == 200
    assert "Đạt<del> tốt</del>" in response.content.decode()
