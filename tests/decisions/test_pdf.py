"""What the printed decision and certificates say, in which fonts, on which paper."""

import datetime
import io

import pytest
import time_machine

from apps.decisions import pdf, services
from apps.decisions.models import Decision
from apps.units.models import Unit
from tests.decisions.factories import make_draft, make_issued, make_proposed_spot
from tests.decisions.pdfs import font_names, page_sizes, text_of, top_margin_text

pytestmark = pytest.mark.django_db

SERIF_FONTS = {"Tinos", "Tinos-Bold", "Tinos-Italic", "Tinos-BoldItalic", "Tinos-Bold-Italic"}
LIBERATION = {"LiberationSerif", "LiberationSerif-Bold", "LiberationSerif-Italic"}
LONG_NAME = (
    "Mô hình “Dân vận khéo” trong vận động Nhân dân hiến đất, góp công xây dựng đường giao "
    "thông nông thôn kiểu mẫu, gắn với chuyển đổi số và công khai minh bạch thủ tục hành chính "
    "ở khối Yên Giang, phường Vinh Phú, tỉnh Nghệ An, giai đoạn hai nghìn không trăm hai mươi "
    "sáu — hai nghìn không trăm hai mươi tám, với sự tham gia của toàn thể đoàn viên, hội viên"
)


@pytest.fixture
def issued(authority, decision_maker, spots):
    with time_machine.travel(datetime.datetime(2026, 2, 5, 9, tzinfo=datetime.UTC), tick=False):
        return make_issued(authority, spots, by=decision_maker)


def test_decision_pdf_has_the_decree_30_layout_text(issued):
    text = text_of(pdf.decision_pdf(issued))

    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "ỦY BAN NHÂN DÂN PHƯỜNG VINH PHÚ",
        "Số: 01/QĐ-UBND",
        "Vinh Phú, ngày 05 tháng 02 năm 2026",
        "QUYẾT ĐỊNH",
        "Về việc công nhận điểm sáng thực hiện Quy chế dân chủ ở cơ sở năm 2026",
        "Căn cứ Luật Thực hiện dân chủ ở cơ sở ngày 10 tháng 11 năm 2022;",
        "Điều 1.",
        "Đối thoại trực tiếp với Nhân dân ở khối Yên Giang",
        "Công khai thủ tục hành chính tại bộ phận một cửa",
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.",
        "Nơi nhận:",
        "- Lưu: VT.",
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Nguyễn Văn Đệ",
    ]:
        assert expected in text, expected


def test_decision_pdf_is_a4_in_a_serif_with_vietnamese_glyphs(issued):
    content = pdf.decision_pdf(issued)

    assert set(page_sizes(content)) == {(595, 842)}
    fonts = font_names(content)
    assert fonts and fonts <= SERIF_FONTS | LIBERATION


def test_draft_pdf_is_marked_as_draft(authority, decision_maker, spots):
    draft = make_draft(authority, spots, by=decision_maker)

    assert "DỰ THẢO — chưa ban hành" in text_of(pdf.decision_pdf(draft))


def test_long_decision_numbers_its_pages_from_page_two(authority, decision_maker):
    many = [make_proposed_spot(authority, name=f"Điểm sáng thứ {i}") for i in range(60)]
    draft = make_draft(authority, many, by=decision_maker)

    content = pdf.decision_pdf(draft)

    numbers = top_margin_text(content)
    assert len(numbers) >= 3
    assert numbers[:3] == ["", "2", "3"]


def test_certificate_pdf_text(issued):
    certificate = issued.certificates.order_by("serial").first()

    text = text_of(pdf.certificate_pdf(certificate))

    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "GIẤY CÔNG NHẬN",
        "Điểm sáng thực hiện Quy chế dân chủ ở cơ sở năm 2026",
        "Đối thoại trực tiếp với Nhân dân ở khối Yên Giang",
        "của Phường Vinh Phú",
        "Theo Quyết định số 01/QĐ-UBND ngày 05/02/2026",
        "Số vào sổ: 001",
        f"Mã xác minh: {certificate.code_display}",
        f"/v/{certificate.code}/",
        "Vinh Phú, ngày 05 tháng 02 năm 2026",
        "Nguyễn Văn Đệ",
    ]:
        assert expected in text, expected


def test_certificate_is_one_a4_landscape_page_even_with_the_longest_names(
    authority, decision_maker
):
    unit_name = ("Ủy ban nhân dân phường Vinh Phú, tỉnh Nghệ An, đơn vị trực thuộc " * 5)[:255]
    Unit.objects.filter(pk=authority.pk).update(name=unit_name)
    spot = make_proposed_spot(Unit.objects.get(pk=authority.pk), name=(LONG_NAME * 2)[:500])
    certificate = make_issued(authority, [spot], by=decision_maker).certificates.get()

    content = pdf.certificate_pdf(certificate)

    text = text_of(content)
    assert page_sizes(content) == [(842, 595)]
    assert " ".join((LONG_NAME * 2)[:500].split()[-3:]) in text
    assert " ".join(unit_name.split()[-3:]) in text
    assert "Nguyễn Văn Đệ" in text


def test_certificates_of_a_decision_print_one_page_each(issued):
    certificates = list(issued.certificates.for_print())
    buffer = io.BytesIO()

    pdf.certificates_pdf(certificates, issued, target=buffer)

    assert page_sizes(buffer.getvalue()) == [(842, 595)] * 2


def test_revoked_certificate_prints_revoked(issued, decision_maker):
    services.decision_revoke(decision=issued, by=decision_maker, reason="Sai sót")
    certificate = Decision.objects.get(pk=issued.pk).certificates.first()

    assert "ĐÃ THU HỒI" in text_of(pdf.certificate_pdf(certificate))


def test_long_date_uses_leading_zeros_for_days_and_early_months():
    assert (
        pdf.long_date("Nghệ An", datetime.date(2026, 2, 5)) == "Nghệ An, ngày 05 tháng 02 năm 2026"
    )
    assert (
        pdf.long_date("Nghệ An", datetime.date(2026, 11, 30))
        == "Nghệ An, ngày 30 tháng 11 năm 2026"
    )
