"""The review report, the province summary and the registration list print as official
documents: Nghị định 30/2020/NĐ-CP layout, or Hướng dẫn 36-HD/VPTW for a Party body,
always in Vietnamese (the reader's interface here is English)."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse

from apps.accounts.enums import Role
from apps.brightspots.models import RegistrationList
from apps.brightspots.services import registration_list_send
from apps.reports.enums import ReviewReportStatus
from apps.reports.models import ReviewReport
from tests.access import check_access
from tests.brightspots.conftest import VIETNAM, at_local
from tests.brightspots.factories import make_bright_spot, make_cycle
from tests.conftest import client_for
from tests.decisions.pdfs import reader, text_of
from tests.factories import UserFactory, make_member, make_unit
from tests.kinds import BrightSpotKind

K = BrightSpotKind
# Everyone holding a role that reaches the own commune (as the list's print view).
REACH_COMMUNE = {
    "officer",
    "leader",
    "decision_maker",
    "two_roles",
    "appraiser",
    "steering",
    "observer",
    "admin",
}


def english(user):
    client = client_for(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def local(year, month, day, hour=9):
    return datetime.datetime(year, month, day, hour, tzinfo=VIETNAM)


@pytest.fixture
def report(commune, cycle, boards):
    leader = UserFactory(full_name="Nguyễn Văn An", position="Chủ tịch UBND phường")
    make_member(commune, Role.LEADER, user=leader)
    return ReviewReport.objects.create(
        unit=commune,
        cycle=cycle,
        status=ReviewReportStatus.SUBMITTED,
        results="Đối thoại định kỳ với Nhân dân.",
        lessons="Lắng nghe trước.",
        next_year_plan="Nhân rộng mô hình.",
        submitted_at=local(2026, 12, 4),
        submitted_by=leader,
        created_by=leader,
    )


@pytest.fixture
def observer(province):
    return make_member(province, Role.OBSERVER, username="observer")


# --- the review report ------------------------------------------------------------


@pytest.mark.django_db
def test_review_report_pdf_has_the_decree_30_layout_in_vietnamese(report):
    response = english(report.submitted_by).get(reverse("reports:review_pdf", args=[report.pk]))

    text = text_of(response.content)
    assert response["Content-Type"] == "application/pdf"
    assert "ỦY BAN NHÂN DÂN PHƯỜNG VINH PHÚ" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc" in text
    assert "Số: /BC-UBND" in text
    assert "Nghệ An, ngày 04 tháng 12 năm 2026" not in text  # a commune dates from itself
    assert "Vinh Phú, ngày 04 tháng 12 năm 2026" in text
    assert "BÁO CÁO Sơ kết xây dựng điểm sáng năm 2026" in text
    assert "Nơi nhận: - Ban Dân vận Tỉnh ủy; - Sở Nội vụ; - Lưu: VT." in text
    assert "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH Nguyễn Văn An" in text
    assert "Results achieved" not in text


@pytest.mark.django_db
def test_review_report_print_view_shows_the_same_document_in_vietnamese(report):
    response = english(report.submitted_by).get(reverse("reports:review_print", args=[report.pk]))

    page = response.content.decode()
    assert 'lang="vi"' in page
    assert "css/document.css" in page
    assert "Sơ kết xây dựng điểm sáng năm 2026" in page
    assert "Nơi nhận:" in page
    assert "- Lưu: VT." in page
    assert "Kết quả đạt được" in page


@pytest.mark.django_db
def test_a_deputy_signs_for_the_chair(report):
    report.submitted_by.position = "Phó Chủ tịch UBND phường"
    report.submitted_by.save()

    response = client_for(report.submitted_by).get(reverse("reports:review_pdf", args=[report.pk]))

    text = text_of(response.content)
    assert "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Văn An" in text


@pytest.mark.django_db
def test_a_party_bodys_report_takes_the_party_header(report, province):
    party_board = make_unit(
        "Ban Dân vận Tỉnh ủy",
        parent=province,
        kind="board",
        level="province",
        code="P40-BDV-2",
        is_party_body=True,
    )
    report.unit = party_board
    report.submitted_at = local(2027, 2, 5)
    report.save()
    member = make_member(party_board, Role.LEADER, user=report.submitted_by)

    response = client_for(member).get(reverse("reports:review_pdf", args=[report.pk]))

    text = text_of(response.content)
    assert "TỈNH ỦY NGHỆ AN BAN DÂN VẬN *" in text
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "CỘNG HÒA" not in text
    assert "Số -BC/BDVTU" in text
    assert "Số:" not in text
    assert "Nghệ An, ngày 05 tháng 02 năm 2027" in text
    assert "BÁO CÁO sơ kết xây dựng điểm sáng năm 2026" in text
    assert "- Lưu Văn phòng." in text


# --- the province summary ---------------------------------------------------------


@pytest.mark.django_db
def test_province_summary_is_ban_dan_vans_report_in_the_party_form(
    boards, commune, cycle, observer
):
    with at_local(2027, 3, 5):
        response = english(observer).get(reverse("reports:summary_pdf"), {"year": 2026})

    text = text_of(response.content)
    assert "TỈNH ỦY NGHỆ AN BAN DÂN VẬN *" in text
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "Số -BC/BDVTU" in text
    assert "Nghệ An, ngày 05 tháng 3 năm 2027" in text
    assert "BÁO CÁO kết quả xây dựng điểm sáng năm 2026 trên địa bàn tỉnh" in text
    assert "Nơi nhận: - Ban Thường vụ Tỉnh ủy (để báo cáo)," in text
    assert "- BCĐ QCDC tỉnh, - BCĐ công tác DVCQ tỉnh, - Lưu Văn phòng." in text
    assert "- Lưu Văn phòng." in text
    assert "TRƯỞNG BAN" in text
    assert "Tổng cộng" in text


@pytest.mark.django_db
def test_a_provinces_summary_without_ban_dan_van_is_the_peoples_committees(
    province, cycle, observer
):
    with at_local(2026, 12, 4):
        response = client_for(observer).get(reverse("reports:summary_pdf"), {"year": 2026})

    text = text_of(response.content)
    assert "ỦY BAN NHÂN DÂN TỈNH NGHỆ AN" in text
    assert "Số: /BC-UBND" in text
    assert "Nghệ An, ngày 04 tháng 12 năm 2026" in text
    assert "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH" in text


# --- the registration list --------------------------------------------------------


@pytest.fixture
def sent_list(commune, cycle, boards):
    leader = make_member(commune, Role.LEADER, full_name="Trần Thị Bình", position="Chủ tịch")
    with at_local(2026, 3, 9):
        spot = make_bright_spot(commune, cycle=cycle, kind=K.QCDC, name="Điểm sáng dân chủ")
        make_bright_spot(commune, cycle=cycle, kind=K.DVCQ, name="Điểm sáng chính quyền")
        registration_list_send(registration_list=spot.registration_list, by=leader)
    return RegistrationList.objects.get(pk=spot.registration_list_id)


@pytest.mark.django_db
def test_registration_list_pdf_is_the_units_document(sent_list):
    response = english(sent_list.sent_by).get(
        reverse("brightspots:registration_pdf", args=[sent_list.pk])
    )

    text = text_of(response.content)
    assert response["Content-Type"] == "application/pdf"
    assert "ỦY BAN NHÂN DÂN PHƯỜNG VINH PHÚ" in text
    assert "Số: /DS-UBND" in text
    assert "Vinh Phú, ngày 09 tháng 3 năm 2026" in text
    assert "DANH SÁCH Đăng ký xây dựng điểm sáng năm 2026" in text
    assert "Điểm sáng dân chủ" in text
    assert "Nơi nhận:" in text
    assert "- Lưu: VT." in text
    assert "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH Trần Thị Bình" in text


@pytest.mark.django_db
def test_registration_list_names_the_boards_it_went_to(sent_list):
    response = english(sent_list.sent_by).get(
        reverse("brightspots:registration_print", args=[sent_list.pk])
    )

    assert response.context["document"]["foot"].recipients == (
        "- BCĐ công tác DVCQ tỉnh (qua Sở Nội vụ);",
        "- Ban Dân vận Tỉnh ủy;",
        "- BCĐ QCDC tỉnh (qua Ban Dân vận Tỉnh ủy);",
        "- Lưu: VT.",
    )
    assert "Đăng ký xây dựng điểm sáng năm 2026" in response.content.decode()


@pytest.mark.django_db
def test_registration_pdf_access(personas):
    commune = personas.commune
    cycle = make_cycle(personas.province, 2026)
    spot = make_bright_spot(commune, cycle=cycle, kind=K.QCDC)
    url = reverse("brightspots:registration_pdf", args=[spot.registration_list_id])

    check_access(
        personas,
        "get",
        url,
        allowed=REACH_COMMUNE,
        allowed_status=200,
    )


@pytest.mark.django_db
def test_a_long_summary_prints_its_total_once_after_the_last_line(boards, province, observer):
    cycle = make_cycle(province, 2026)
    for n in range(60):
        commune = make_unit(f"Xã Số {n:02d}", parent=province, code=f"LONG{n}")
        make_bright_spot(commune, cycle=cycle, status="registered")

    with at_local(2027, 3, 5):
        response = english(observer).get(reverse("reports:summary_pdf"), {"year": 2026})

    pages = [
        " ".join((page.extract_text() or "").split()) for page in reader(response.content).pages
    ]
    assert len(pages) > 1
    assert [page.count("Tổng cộng") for page in pages].count(1) == 1
    assert sum(page.count("Tổng cộng") for page in pages) == 1
    last_line = max(i for i, page in enumerate(pages) if "Xã Số 59" in page)
    assert "Tổng cộng" in pages[last_line] or "Tổng cộng" in pages[last_line + 1]
