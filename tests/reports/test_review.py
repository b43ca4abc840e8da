import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from apps.accounts.enums import Role
from apps.accounts.permissions import can
from apps.brightspots.enums import BrightSpotStatus
from apps.core.models import AuditEvent
from apps.core.workflow import NotPermitted, Refused
from apps.cycles.enums import DeadlineKind
from apps.cycles.models import ProcessRules
from apps.cycles.selectors import DeadlineClosed
from apps.notifications.models import Notification
from apps.notifications.services import outbox_send_pending
from apps.reports.enums import ReviewReportStatus
from apps.reports.models import ReviewReport
from apps.reports.selectors.review import review_reports_for
from apps.reports.services import review_report_save, review_report_start, review_report_submit
from apps.units.enums import BoardFunction, UnitKind, UnitLevel
from tests.brightspots.factories import make_bright_spot
from tests.conftest import client_for
from tests.factories import make_member, make_unit
from tests.kinds import BrightSpotKind
from tests.reminders.factories import add_progress_update, extend
from tests.reports.factories import recognise

TEXTS = {
    "results": "Tổ chức 12 buổi đối thoại với Nhân dân.",
    "lessons": "Lắng nghe trước, làm sau.",
    "next_year_plan": "Nhân rộng mô hình ra 3 khối phố.",
}
BEFORE = "2026-11-20 09:00 +07:00"
AFTER = "2026-12-01 09:00 +07:00"


@pytest.fixture
def draft(commune, cycle, officer):
    report = review_report_start(unit=commune, cycle=cycle, by=officer)
    return review_report_save(report=report, by=officer, **TEXTS)


@pytest.mark.django_db
def test_officer_starts_one_draft_per_unit_and_year(commune, cycle, officer):
    first = review_report_start(unit=commune, cycle=cycle, by=officer)
    again = review_report_start(unit=commune, cycle=cycle, by=officer)

    assert first == again
    assert first.status == ReviewReportStatus.DRAFT
    assert AuditEvent.objects.filter(action="start").count() == 1


@pytest.mark.django_db
def test_officer_of_another_commune_cannot_start_the_report(commune, other_commune, cycle):
    stranger = make_member(other_commune, Role.OFFICER)

    with pytest.raises(NotPermitted):
        review_report_start(unit=commune, cycle=cycle, by=stranger)


@pytest.mark.django_db
@time_machine.travel(BEFORE)
def test_leader_submits_and_the_figures_are_frozen(draft, leader, commune, cycle):
    spot = make_bright_spot(commune, cycle=cycle, kind=BrightSpotKind.DVK, status="acknowledged")
    add_progress_update(spot)
    recognise(spot, number=5)

    report = review_report_submit(report=draft, by=leader)
    make_bright_spot(commune, cycle=cycle, kind=BrightSpotKind.QCDC, status="registered")

    report.refresh_from_db()
    assert report.status == ReviewReportStatus.SUBMITTED
    assert (report.submitted_by, report.is_late) == (leader, False)
    assert [s["name"] for s in report.figures["spots"]] == [spot.name]
    assert report.figures["progress"] == {"expected": 1, "updated": 1}
    assert report.figures["recognitions"][0]["decision"] == "05/QĐ-UBND"
    assert report.figures["missing_kinds"] == ["qcdc", "dvcq"]
    assert report.figures["counts"][2] == {
        "kind": "dvk",
        "registered": 1,
        "recognised": 1,
        "withdrawn": 0,
    }
    assert AuditEvent.objects.filter(action="submit", to_state="submitted").count() == 1


@pytest.mark.django_db
@time_machine.travel(BEFORE)
def test_submitting_tells_ban_dan_van_and_so_noi_vu_once(
    draft, leader, boards, other_province, mailoutbox
):
    addressees = [
        make_member(boards["ban_dan_van"], Role.APPRAISER, email="bdv@example.vn"),
        make_member(boards["noi_vu"], Role.OBSERVER, email="snv@example.vn"),
    ]
    make_member(boards["bcd_qcdc"], Role.STEERING, email="bcd@example.vn")
    elsewhere = make_unit(
        "Ban Dân vận Tỉnh ủy Hà Tĩnh",
        parent=other_province,
        kind=UnitKind.BOARD,
        function=BoardFunction.MASS_MOBILISATION,
    )
    make_member(elsewhere, Role.APPRAISER, email="ha-tinh@example.vn")

    review_report_submit(report=draft, by=leader)
    with pytest.raises(Refused):
        review_report_submit(report=draft, by=leader)
    outbox_send_pending()

    assert sorted(m.to[0] for m in mailoutbox) == ["bdv@example.vn", "snv@example.vn"]
    assert mailoutbox[0].subject == "Báo cáo sơ kết năm 2026 của Phường Vinh Phú"
    assert draft.get_absolute_url() in mailoutbox[0].body
    assert [n.user for n in Notification.objects.order_by("user_id")] == addressees


@pytest.mark.django_db
@time_machine.travel(BEFORE)
def test_officer_cannot_submit(draft, officer):
    with pytest.raises(NotPermitted):
        review_report_submit(report=draft, by=officer)

    assert ReviewReport.objects.get().status == ReviewReportStatus.DRAFT


@pytest.mark.django_db
@time_machine.travel(BEFORE)
def test_report_without_its_texts_is_refused(commune, cycle, officer, leader):
    report = review_report_start(unit=commune, cycle=cycle, by=officer)

    with pytest.raises(ValidationError) as refused:
        review_report_submit(report=report, by=leader)

    assert set(refused.value.error_dict) == {"results", "lessons", "next_year_plan"}


@pytest.mark.django_db
@time_machine.travel(BEFORE)
def test_second_submission_is_refused_and_changes_nothing(draft, leader):
    review_report_submit(report=draft, by=leader)

    with pytest.raises(Refused):
        review_report_submit(report=draft, by=leader)
    with pytest.raises(Refused):
        review_report_save(report=draft, by=leader, results="Sửa sau khi gửi")

    assert ReviewReport.objects.get().results == TEXTS["results"]


@pytest.mark.django_db
@time_machine.travel(AFTER)
def test_submission_after_the_deadline_is_refused(draft, leader):
    with pytest.raises(DeadlineClosed, match="30/11/2026"):
        review_report_submit(report=draft, by=leader)


@pytest.mark.django_db
@time_machine.travel(AFTER)
def test_extension_allows_a_late_submission_marked_late(draft, leader, commune, cycle):
    extend(commune, cycle, DeadlineKind.REVIEW_REPORT, datetime.date(2026, 12, 10))

    report = review_report_submit(report=draft, by=leader)

    assert (report.status, report.is_late) == (ReviewReportStatus.SUBMITTED, True)


@pytest.mark.django_db
@time_machine.travel(BEFORE)
def test_leader_submits_from_the_page(draft, leader):
    client = client_for(leader)

    response = client.post(reverse("reports:review_submit", args=[draft.pk]), follow=True)

    assert response.status_code == 200
    assert "Đã gửi báo cáo tới Ban Dân vận Tỉnh ủy và Sở Nội vụ." in response.content.decode()
    assert ReviewReport.objects.get().is_submitted


@pytest.mark.django_db
@time_machine.travel(AFTER)
def test_late_submission_from_the_page_shows_why(draft, leader):
    response = client_for(leader).post(
        reverse("reports:review_submit", args=[draft.pk]), follow=True
    )

    assert "30/11/2026" in response.content.decode()
    assert not ReviewReport.objects.get().is_submitted


@pytest.mark.django_db
def test_officer_saves_the_draft_from_the_page(draft, officer):
    texts = {"results": "", "lessons": "Mới", "next_year_plan": "Kế hoạch"}

    response = client_for(officer).post(reverse("reports:review_edit", args=[draft.pk]), texts)

    assert response.status_code == 302
    assert (ReviewReport.objects.get().results, ReviewReport.objects.get().lessons) == ("", "Mới")


@pytest.mark.django_db
def test_ban_dan_van_sees_submitted_reports_only(draft, leader, bdv_member):
    client = client_for(bdv_member)
    url = reverse("reports:review_detail", args=[draft.pk])
    assert client.get(url).status_code == 404

    with time_machine.travel(BEFORE):
        review_report_submit(report=draft, by=leader)
    response = client.get(url)

    assert response.status_code == 200
    assert TEXTS["results"] in response.content.decode()
    listed = client.get(reverse("reports:review_list")).context["page"]
    assert [r.pk for r in listed] == [draft.pk]


@pytest.mark.django_db
def test_review_pdf_is_a_pdf(draft, officer):
    response = client_for(officer).get(reverse("reports:review_pdf", args=[draft.pk]))

    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


@pytest.mark.django_db
def test_review_list_offers_to_start_the_report_of_my_unit(officer, commune, cycle):
    response = client_for(officer).get(reverse("reports:review_list"), {"year": 2026})

    assert response.context["own_rows"] == [(commune, cycle, None)]
    assert reverse("reports:review_start") in response.content.decode()


@pytest.mark.django_db
def test_start_from_the_page_opens_the_draft(officer, commune, cycle):
    response = client_for(officer).post(
        reverse("reports:review_start"), {"unit": commune.pk, "year": 2026}
    )

    report = ReviewReport.objects.get()
    assert response.url == report.get_absolute_url()
    assert report.created_by == officer


@pytest.mark.django_db
def test_draft_figures_count_subordinate_units(commune, cycle, officer):
    school = make_unit("Trường Tiểu học", parent=commune, kind="subunit", level="unit")
    make_bright_spot(school, cycle=cycle, status=BrightSpotStatus.REGISTERED)
    report = review_report_start(unit=commune, cycle=cycle, by=officer)

    response = client_for(officer).get(report.get_absolute_url())

    children = response.context["figures"]["children"]
    assert [(c["name"], c["units"], c["qcdc"]) for c in children] == [("Trường Tiểu học", 1, 1)]


@pytest.mark.django_db
@time_machine.travel(BEFORE)
def test_detail_says_why_the_leader_cannot_submit_yet(commune, cycle, officer, leader):
    report = review_report_start(unit=commune, cycle=cycle, by=officer)

    page = client_for(leader).get(report.get_absolute_url()).content.decode()

    assert "Hãy viết kết quả, bài học kinh nghiệm và kế hoạch năm tới trước khi gửi." in page
    assert 'disabled aria-describedby="why-submit"' in page


@pytest.mark.django_db
@time_machine.travel(BEFORE)
def test_detail_offers_the_leader_a_written_report_to_submit(draft, leader):
    page = client_for(leader).get(draft.get_absolute_url()).content.decode()

    assert reverse("reports:review_submit", args=[draft.pk]) in page
    assert 'aria-describedby="why-submit"' not in page


@pytest.mark.django_db
@time_machine.travel(AFTER)
def test_detail_after_the_deadline_disables_submitting(draft, leader):
    page = client_for(leader).get(draft.get_absolute_url()).content.decode()

    assert 'disabled aria-describedby="why-submit"' in page


@pytest.mark.django_db
@time_machine.travel(BEFORE)
def test_detail_offers_no_submit_button_to_the_officer(draft, officer):
    page = client_for(officer).get(draft.get_absolute_url()).content.decode()

    assert reverse("reports:review_submit", args=[draft.pk]) not in page


@pytest.mark.django_db
@time_machine.travel(BEFORE)
def test_officer_submitting_from_the_page_gets_404(draft, officer):
    response = client_for(officer).post(reverse("reports:review_submit", args=[draft.pk]))

    assert response.status_code == 404
    assert not ReviewReport.objects.get().is_submitted


@pytest.mark.django_db
@time_machine.travel(BEFORE)
def test_unwritten_report_from_the_page_says_what_is_missing(commune, cycle, officer, leader):
    report = review_report_start(unit=commune, cycle=cycle, by=officer)

    response = client_for(leader).post(
        reverse("reports:review_submit", args=[report.pk]), follow=True
    )

    page = response.content.decode()
    assert "Hãy viết kết quả, bài học kinh nghiệm và kế hoạch năm tới trước khi gửi." in page
    assert not ReviewReport.objects.get().is_submitted


@pytest.mark.django_db
@time_machine.travel(BEFORE)
def test_submission_tells_no_one_on_an_inactive_board(draft, leader, boards):
    member = make_member(boards["ban_dan_van"], Role.APPRAISER)
    boards["ban_dan_van"].is_active = False
    boards["ban_dan_van"].save(update_fields=["is_active"])

    review_report_submit(report=draft, by=leader)

    assert not Notification.objects.filter(user=member).exists()


@pytest.mark.django_db
@time_machine.travel(BEFORE)
def test_submission_stamps_the_moment_it_is_given_and_leaves_its_argument(draft, leader):
    moment = datetime.datetime.fromisoformat("2026-11-20T10:30:00+07:00")

    submitted = review_report_submit(report=draft, by=leader, now=moment)

    assert (draft.status, submitted.status) == (ReviewReportStatus.DRAFT, "submitted")
    assert submitted.submitted_at == moment
    assert AuditEvent.objects.get(action="submit").created_at == moment


def _so_noi_vu(province):
    """Sở Nội vụ as ``fixtures/nghe_an_agencies.csv`` builds it: a department (and a
    recognising authority) carrying the board function ``noi_vu``."""
    return make_unit(
        "Sở Nội vụ",
        parent=province,
        kind=UnitKind.DEPARTMENT,
        level=UnitLevel.PROVINCE,
        function=BoardFunction.HOME_AFFAIRS,
        is_recognising_authority=True,
        code="P40-SNV",
    )


@pytest.mark.django_db
@time_machine.travel(BEFORE)
def test_the_report_reaches_so_noi_vu_built_as_a_department(draft, leader, province, mailoutbox):
    snv = make_member(_so_noi_vu(province), Role.OFFICER, email="snv@example.vn")

    report = review_report_submit(report=draft, by=leader)
    outbox_send_pending()

    assert [m.to[0] for m in mailoutbox] == ["snv@example.vn"]
    assert [n.user for n in Notification.objects.all()] == [snv]
    assert can(snv, "reports.view_review_report", report)
    assert list(review_reports_for(snv)) == [report]


@pytest.mark.django_db
@time_machine.travel(BEFORE)
def test_a_department_without_the_function_is_no_addressee(draft, leader, province, mailoutbox):
    health = make_unit(
        "Sở Y tế", parent=province, kind=UnitKind.DEPARTMENT, level=UnitLevel.PROVINCE
    )
    member = make_member(health, Role.OFFICER, email="syt@example.vn")

    report = review_report_submit(report=draft, by=leader)
    outbox_send_pending()

    assert mailoutbox == []
    assert not can(member, "reports.view_review_report", report)


@pytest.mark.django_db
@time_machine.travel(AFTER)
def test_a_late_report_is_taken_and_marked_late_where_the_deadline_does_not_close(
    draft, leader, province
):
    ProcessRules.objects.create(province=province, review_report_closes=False)

    report = review_report_submit(report=draft, by=leader)

    assert (report.status, report.is_late) == (ReviewReportStatus.SUBMITTED, True)


@pytest.mark.django_db
@time_machine.travel(BEFORE)
def test_the_figures_count_no_progress_update_where_none_is_asked(
    draft, leader, province, commune, cycle
):
    ProcessRules.objects.create(province=province, progress_update=False)
    make_bright_spot(commune, cycle=cycle, kind=BrightSpotKind.DVK, status="acknowledged")

    report = review_report_submit(report=draft, by=leader)

    assert report.figures["progress"] is None
    assert len(report.figures["spots"]) == 1
