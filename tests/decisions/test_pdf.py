"""What the printed decision and certificates say, in which fonts, on which paper."""

import datetime
import io

import pytest

from apps.cycles.enums import DeadlineKind
from apps.cycles.models import DeadlineExtension
from apps.decisions import pdf, services
from apps.decisions.models import Decision
from apps.units.models import Unit
from tests.brightspots.factories import make_criteria_set
from tests.cycles.factories import make_process
from tests.decisions.factories import (
    decision_maker_of,
    in_window,
    make_authority,
    make_department,
    make_draft,
    make_issued,
    make_proposed_spot,
)
from tests.decisions.pdfs import font_names, page_sizes, text_of, top_margin_text
from tests.factories import make_member

pytestmark = pytest.mark.django_db

DEC_4 = datetime.date(2026, 12, 4)

SERIF_FONTS = {"Tinos", "Tinos-Bold", "Tinos-Italic", "Tinos-BoldItalic", "Tinos-Bold-Italic"}
LIBERATION = {"LiberationSerif", "LiberationSerif-Bold", "LiberationSerif-Italic"}
LONG_NAME = (
    "Mô hình “Dân vận khéo” trong vận động Nhân dân hiến đất, góp công xây dựng đường giao "
    "thông nông thôn kiểu mẫu, gắn với chuyển đổi số và công khai minh bạch thủ tục hành chính "
    "ở khối Yên Giang, phường Vinh Phú, tỉnh Nghệ An, giai đoạn hai nghìn không trăm hai mươi "
    "sáu — hai nghìn không trăm hai mươi tám, với sự tham gia của toàn thể đoàn viên, hội viên"
)


@pytest.fixture
def issued(authority, decision_maker, spots, cycle):
    """Issued on 04/12/2026 under the ward's extension of the recognition window."""
    extend_recognition(cycle, authority, datetime.date(2026, 12, 10))
    return make_issued(authority, spots, by=decision_maker, now=in_window(spots, day=DEC_4))


def extend_recognition(cycle, unit, until):
    return DeadlineExtension.objects.create(
        cycle=cycle,
        unit=unit,
        deadline=DeadlineKind.RECOGNITION,
        new_date=until,
        reason="Hồ sơ bổ sung",
        granted_by=make_member(unit, "admin"),
    )


def test_decision_pdf_has_the_decree_30_layout_text(issued):
    text = text_of(pdf.decision_pdf(issued))

    for expected in [
        "ỦY BAN NHÂN DÂN PHƯỜNG VINH PHÚ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM "
        "Độc lập - Tự do - Hạnh phúc Số: 01/QĐ-UBND Vinh Phú, ngày 04 tháng 12 năm 2026",
        "QUYẾT ĐỊNH Về việc công nhận điểm sáng thực hiện Quy chế dân chủ ở cơ sở năm 2026 "
        "ỦY BAN NHÂN DÂN PHƯỜNG VINH PHÚ",
        "Căn cứ Luật Thực hiện dân chủ ở cơ sở ngày 10 tháng 11 năm 2022;",
        "Căn cứ Hướng dẫn số … ngày … về tiêu chí xây dựng điểm sáng",
        "QUYẾT ĐỊNH: Điều 1. Công nhận điểm sáng thực hiện Quy chế dân chủ ở cơ sở năm 2026 "
        "đối với tập thể Phường Vinh Phú, với điểm sáng sau:",
        "STT Tập thể Điểm sáng 1 Phường Vinh Phú Đối thoại trực tiếp với Nhân dân ở khối "
        "Yên Giang 2 Phường Vinh Phú Công khai thủ tục hành chính tại bộ phận một cửa",
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.",
        "Điều 3. Chánh Văn phòng HĐND và UBND phường Vinh Phú, Thủ trưởng",
        "Nơi nhận: - Như Điều 3; - Ban Dân vận Tỉnh ủy; - Lưu: VT, VP.",
        "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH Nguyễn Văn Đệ",
    ]:
        assert expected in text, expected
    assert "06/6/2022" not in text
    assert "KT." not in text


def test_a_deputy_signs_for_the_chair_on_behalf_of_the_committee(issued_by_deputy):
    text = text_of(pdf.decision_pdf(issued_by_deputy))

    assert "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Văn Đệ" in text


@pytest.fixture
def issued_by_deputy(authority, decision_maker, spots):
    draft = make_draft(authority, spots, by=decision_maker)
    values = {"signer": "deputy", "signer_name": "Nguyễn Văn Đệ"}
    services.decision_update(decision=draft, by=decision_maker, values=values)
    return services.decision_issue(decision=draft, by=decision_maker, now=in_window(spots))


def test_a_decision_dated_in_january_under_an_extension_prints_the_leading_zeros(
    authority, decision_maker, spots, cycle
):
    extend_recognition(cycle, authority, datetime.date(2027, 1, 10))
    moment = in_window(spots, day=datetime.date(2027, 1, 5))

    decision = make_issued(authority, spots, by=decision_maker, now=moment)

    assert "Vinh Phú, ngày 05 tháng 01 năm 2027" in text_of(pdf.decision_pdf(decision))
    certificate = decision.certificates.order_by("serial").first()
    assert "Vinh Phú, ngày 05 tháng 01 năm 2027" in text_of(pdf.certificate_pdf(certificate))


def test_an_agency_decision_signed_by_a_deputy_director(province, cycle):
    agency = make_authority(make_department(province, "Sở Nội vụ"))
    director = decision_maker_of(agency)
    spots = [make_proposed_spot(agency, name="Cải cách hành chính")]
    draft = make_draft(agency, spots, by=director)
    values = {"signer": "deputy", "signer_name": "Lê Thị Hoa"}
    services.decision_update(decision=draft, by=director, values=values)
    decision = services.decision_issue(decision=draft, by=director, now=in_window(spots))

    text = text_of(pdf.decision_pdf(decision))

    for expected in [
        "UBND TỈNH NGHỆ AN SỞ NỘI VỤ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Số: 01/QĐ-SNV Nghệ An, ngày 30 tháng 11 năm 2026",
        "GIÁM ĐỐC SỞ NỘI VỤ Căn cứ Quyết định số … quy định chức năng, nhiệm vụ, quyền hạn "
        "và cơ cấu tổ chức của Sở Nội vụ;",
        "Chánh Văn phòng Sở Nội vụ, Thủ trưởng",
        "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC Lê Thị Hoa",
    ]:
        assert expected in text, expected
    assert "TM." not in text


def test_a_party_body_decides_in_the_party_form(province, cycle):
    commission = make_department(province, "Ban Dân vận Tỉnh ủy", is_party_body=True)
    make_authority(commission)
    head = decision_maker_of(commission)
    spots = [make_proposed_spot(commission, name="Dân vận khéo trong cơ quan")]

    decision = make_issued(commission, spots, by=head, signer_name="Nguyễn Thị Lan")

    text = text_of(pdf.decision_pdf(decision))
    for expected in [
        "TỈNH ỦY NGHỆ AN BAN DÂN VẬN * ĐẢNG CỘNG SẢN VIỆT NAM",
        "Số 01-QĐ/BDVTU Nghệ An, ngày 30 tháng 11 năm 2026",
        "TRƯỞNG BAN DÂN VẬN TỈNH ỦY",
        "TRƯỞNG BAN Nguyễn Thị Lan",
    ]:
        assert expected in text, expected
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in text
    assert "Số:" not in text
    certificate_text = text_of(pdf.certificate_pdf(decision.certificates.get()))
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in certificate_text
    assert "Theo Quyết định số 01-QĐ/BDVTU" in certificate_text


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
        "ỦY BAN NHÂN DÂN PHƯỜNG VINH PHÚ GIẤY CÔNG NHẬN Công nhận tập thể Phường Vinh Phú "
        "Điểm sáng thực hiện Quy chế dân chủ ở cơ sở năm 2026 "
        "với điểm sáng “Đối thoại trực tiếp với Nhân dân ở khối Yên Giang”",
        "Theo Quyết định số 01/QĐ-UBND ngày 04/12/2026",
        "Số vào sổ: 001",
        f"Mã xác minh: {certificate.code_display}",
        f"/v/{certificate.code}/",
        "Vinh Phú, ngày 04 tháng 12 năm 2026 TM. ỦY BAN NHÂN DÂN CHỦ TỊCH Nguyễn Văn Đệ",
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


def _rendered(content: bytes, dpi: int = 40):
    """The first page as a greyscale image, through poppler's pdftoppm (installed by
    scripts/bootstrap.sh), as a person printing it would see it."""
    import subprocess

    from PIL import Image

    png = subprocess.run(
        ["pdftoppm", "-png", "-gray", "-r", str(dpi), "-f", "1", "-l", "1", "-"],
        input=content,
        capture_output=True,
        check=True,
    ).stdout
    return Image.open(io.BytesIO(png)).convert("L")


def test_the_certificates_frames_stay_inside_the_page_margins(issued):
    """The double frame and everything in it keep off the 8 mm page margin (a printer
    leaves it blank), on all four sides."""
    image = _rendered(pdf.certificate_pdf(issued.certificates.first()))
    margin = round(7 / 25.4 * 40)  # a little less than 8 mm, in pixels at 40 dpi
    width, height = image.size
    pixels = image.load()

    def blank(xs, ys) -> bool:
        return all(pixels[x, y] > 250 for x in xs for y in ys)

    assert blank(range(width), range(height - margin, height))  # bottom
    assert blank(range(width), range(margin))  # top
    assert blank(range(margin), range(height))  # left
    assert blank(range(width - margin, width), range(height))  # right
    assert not blank(range(width), range(margin, margin + 6))  # the frame is drawn


def test_the_signers_name_sits_above_the_inner_frame(issued):
    """The lowest text line (the signer's name) ends well above the inner frame's
    bottom line: at least 5 mm of blank rows across the signature column."""
    image = _rendered(pdf.certificate_pdf(issued.certificates.first()), dpi=60)
    width, height = image.size
    pixels = image.load()
    column = range(width // 2 + 20, width - 40)  # the signature block's side
    rows = [y for y in range(height // 2, height) if any(pixels[x, y] < 128 for x in column)]
    # Scanning up from the page bottom: the frames come first, then blank, then the name.
    frame_rows = []
    for y in reversed(rows):
        if frame_rows and frame_rows[-1] - y > 1:
            break
        frame_rows.append(y)
    gap = frame_rows[-1] - max(y for y in rows if y < frame_rows[-1])
    assert gap >= round(5 / 25.4 * 60)  # 5 mm at 60 dpi


def test_the_qr_code_has_a_quiet_zone_of_four_modules():
    import base64
    import zlib

    data = base64.b64decode(pdf.qr_data_url("https://diemsang.example/v/ABCD/").split(",")[1])
    width = int.from_bytes(data[16:20], "big")
    idat = data[data.index(b"IDAT") + 4 :]
    raw = zlib.decompressobj().decompress(idat)
    rows = [raw[i * (width + 1) + 1 : (i + 1) * (width + 1)] for i in range(width)]

    assert all(set(row) == {255} for row in rows[: pdf.QUIET_ZONE])
    assert all(set(row) == {255} for row in rows[-pdf.QUIET_ZONE :])
    assert all(set(row[: pdf.QUIET_ZONE]) == {255} for row in rows)
    assert 0 in rows[pdf.QUIET_ZONE]  # the finder pattern starts right after


def test_the_decision_and_certificate_name_the_kind_as_the_provinces_process_does(
    province, boards, authority, decision_maker
):
    make_criteria_set()

    def reworded(data):
        data["kinds"][0] |= {
            "document_phrase": "điểm sáng dân chủ tiêu biểu",
            "certificate_title": "Điểm sáng dân chủ tiêu biểu",
        }

    make_process(province, reworded)
    spots = [make_proposed_spot(authority, name="Đối thoại với Nhân dân")]

    decision = make_issued(authority, spots, by=decision_maker)

    certificate_text = text_of(pdf.certificate_pdf(decision.certificates.get()))
    assert decision.title == "Về việc công nhận điểm sáng dân chủ tiêu biểu năm 2026"
    assert "Điều 1. Công nhận điểm sáng dân chủ tiêu biểu năm 2026" in text_of(
        pdf.decision_pdf(decision)
    )
    assert "Điểm sáng dân chủ tiêu biểu năm 2026" in certificate_text
    assert "Quy chế dân chủ" not in certificate_text
