"""Upload validation (apps/core/uploads.py) and its use on the dossier pages: type by
content, size caps, safe names, zip and image sanity, one file per field, and files
served only through the permission-checked view."""

import io
import zipfile
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils.datastructures import MultiValueDict

from apps.accounts.enums import Role
from apps.core.uploads import AttachmentField, inspect_upload, safe_filename, validate_upload
from apps.dossiers.models import Attachment, Dossier
from tests.conftest import client_for
from tests.dossiers.factories import (
    DOCX_TYPES,
    PDF_BYTES,
    add_attachment,
    docx_bytes,
    docx_file,
    image_bytes,
    jpeg_file,
    make_dossier,
    pdf_file,
    png_file,
    xlsx_file,
    zip_bytes,
)
from tests.factories import make_member

MB = 1024 * 1024
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 200
WINDOWS_EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 300


def _upload(name, content):
    return SimpleUploadedFile(name, content)


def _refusal(upload) -> ValidationError:
    with pytest.raises(ValidationError) as refused:
        inspect_upload(upload)
    return refused.value


# ---------------------------------------------------------------- accepted by content


@pytest.mark.parametrize(
    ("upload", "extension", "content_type"),
    [
        (pdf_file("to-trinh.pdf"), "pdf", "application/pdf"),
        (png_file("anh.png"), "png", "image/png"),
        (jpeg_file("anh.jpeg"), "jpg", "image/jpeg"),
        (
            docx_file("bao-cao.docx"),
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            xlsx_file("bang-diem.xlsx"),
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    ],
)
def test_accepted_types_are_recognised_by_content(upload, extension, content_type):
    checked = inspect_upload(upload)

    assert (checked.extension, checked.content_type) == (extension, content_type)
    assert len(checked.sha256) == 64


def test_the_extension_follows_the_content_not_the_name():
    checked = inspect_upload(_upload("anh-chup.pdf", image_bytes("PNG")))

    assert checked.name == "anh-chup.png"


def test_a_docx_without_a_file_name_extension_is_still_a_docx():
    assert inspect_upload(_upload("bao cao", docx_bytes())).name == "bao-cao.docx"


# ---------------------------------------------------------------- refused types


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bao-cao.pdf", "Đây chỉ là văn bản thuần, không phải PDF.".encode()),
        ("anh.png", b"<html><body>not an image</body></html>"),
        ("trang.docx", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
        ("chuong-trinh.pdf", ELF),
        ("bao-cao.docx", WINDOWS_EXE),
        ("anh.gif", b"GIF89a" + b"\x00" * 100),
        ("tep.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>'),
    ],
)
def test_forged_or_unaccepted_types_are_refused(name, content):
    refusal = _refusal(_upload(name, content))

    assert refusal.code == "type"


def test_a_pdf_that_is_an_elf_executable_is_refused():
    refusal = _refusal(_upload("quyet-dinh.pdf", ELF))

    assert refusal.code == "type"


def test_a_png_html_polyglot_is_refused():
    polyglot = image_bytes("PNG") + b"<html><script>document.location='//x'</script></html>"

    refusal = _refusal(_upload("anh.png", polyglot))

    assert refusal.code == "polyglot"


def test_a_png_header_followed_by_html_is_refused():
    fake = b"\x89PNG\r\n\x1a\n" + b"<html><body onload=alert(1)></body></html>" * 10

    refusal = _refusal(_upload("anh.png", fake))

    assert refusal.code in {"image", "type", "polyglot"}


def test_a_truncated_image_is_refused():
    refusal = _refusal(_upload("anh.jpg", image_bytes("JPEG")[:200]))

    assert refusal.code == "image"


def test_an_image_with_too_many_pixels_is_refused():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(buffer, "PNG")

    refusal = _refusal(_upload("ban-do.png", buffer.getvalue()))

    assert refusal.code == "pixels"


def test_a_pdf_with_javascript_is_refused():
    content = PDF_BYTES.replace(b"/Type /Catalog", b"/Type /Catalog /OpenAction << /JS (x) >>")

    refusal = _refusal(_upload("to-trinh.pdf", content))

    assert refusal.code == "active"


# ---------------------------------------------------------------- archives


def test_a_renamed_zip_bomb_is_refused():
    bomb = zip_bytes({"word/document.xml": b"\x00" * (60 * MB)})
    assert len(bomb) < MB

    refusal = _refusal(_upload("bao-cao.docx", bomb))

    assert refusal.code == "bomb"


def test_a_zip_bomb_renamed_as_pdf_is_refused():
    bomb = zip_bytes({"a.xml": b"A" * (30 * MB)})

    refusal = _refusal(_upload("bao-cao.pdf", bomb))

    assert refusal.code in {"bomb", "type"}


def test_a_zip_whose_headers_lie_about_the_size_is_refused():
    honest = zip_bytes({"[Content_Types].xml": DOCX_TYPES, "word/document.xml": b"x" * 5000})
    lying = honest.replace((5000).to_bytes(4, "little"), (50).to_bytes(4, "little"))

    refusal = _refusal(_upload("bao-cao.docx", lying))

    assert refusal.code == "zip"


def test_an_invalid_zip_is_refused():
    broken = b"PK\x03\x04" + b"\x14\x00" + b"garbage" * 100

    refusal = _refusal(_upload("bang-diem.xlsx", broken))

    assert refusal.code == "zip"


def test_a_plain_zip_is_not_a_docx():
    refusal = _refusal(_upload("bao-cao.docx", zip_bytes({"readme.txt": b"hello"})))

    assert refusal.code == "type"


def test_a_document_with_macros_is_refused():
    macro = docx_bytes(
        extra={"word/vbaProject.bin": b"\x00" * 64},
        types=DOCX_TYPES.replace(b"document.main+xml", b"document.macroEnabled.main+xml"),
    )

    refusal = _refusal(_upload("bao-cao.docm", macro))

    assert refusal.code == "macro"


def test_an_encrypted_zip_member_is_refused():
    archive = zip_bytes({"[Content_Types].xml": DOCX_TYPES, "word/document.xml": b"x" * 100})
    flagged = bytearray(archive)
    for header in (b"PK\x03\x04", b"PK\x01\x02"):
        start = 0
        while (at := flagged.find(header, start)) != -1:
            offset = at + (6 if header == b"PK\x03\x04" else 8)
            flagged[offset] |= 0x01  # the "encrypted" flag bit
            start = at + 4

    refusal = _refusal(_upload("bao-cao.docx", bytes(flagged)))

    assert refusal.code == "zip"


# ---------------------------------------------------------------- size and names


def test_a_25_mb_file_is_refused():
    big = PDF_BYTES + b"0" * (25 * MB)

    refusal = _refusal(_upload("scan.pdf", big))

    assert refusal.code == "size"
    assert "20 MB" in refusal.messages[0]


def test_an_empty_file_is_refused():
    assert _refusal(_upload("rong.pdf", b"")).code == "empty"


@override_settings(ATTACHMENT_MAX_BYTES=MB)
def test_the_per_file_cap_comes_from_settings():
    assert _refusal(_upload("scan.pdf", PDF_BYTES + b"0" * MB)).code == "size"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\windows\\win.ini", "win.pdf"),
        ("Biên bản họp dân.pdf", "Bien-ban-hop-dan.pdf"),
        ("Đề án 04.PDF", "De-an-04.pdf"),
        (".htaccess", "htaccess.pdf"),
        ("....pdf", "pdf.pdf"),
        ("", "tep.pdf"),
        ("a/b/<script>.pdf", "script.pdf"),
        ("x" * 300 + ".pdf", "x" * 80 + ".pdf"),
    ],
)
def test_names_are_sanitised(name, expected):
    assert safe_filename(name, "pdf") == expected


def test_validate_upload_returns_the_safe_name():
    assert validate_upload(pdf_file("../Tờ trình.pdf")) == "To-trinh.pdf"


# ---------------------------------------------------------------- the form field


class _OneFile(forms.Form):
    file = AttachmentField()


def test_two_files_in_one_single_file_field_are_refused():
    files = MultiValueDict({"file": [pdf_file("a.pdf"), png_file("b.png")]})

    form = _OneFile(data={}, files=files)

    assert not form.is_valid()
    assert form.errors.as_data()["file"][0].code == "multiple"


def test_one_file_in_the_field_is_checked_by_content():
    form = _OneFile(data={}, files=MultiValueDict({"file": [_upload("a.pdf", ELF)]}))

    assert not form.is_valid()
    assert form.errors.as_data()["file"][0].code == "type"


def test_an_accepted_file_passes_the_field():
    form = _OneFile(data={}, files=MultiValueDict({"file": [pdf_file("a.pdf")]}))

    assert form.is_valid()


# ---------------------------------------------------------------- through the dossier pages


def _edit_data(dossier, **extra):
    data = {"lock_version": dossier.lock_version, "how_done": "Cách làm mới"}
    for a in dossier.assessments.all():
        data |= {f"c{a.pk}-level": "good", f"c{a.pk}-evidence": "Biên bản"}
    return data | extra


@pytest.mark.django_db
def test_a_forged_file_on_the_page_is_refused_beside_the_field_and_nothing_is_saved(
    dossier, officer
):
    first = dossier.assessments.first()
    url = reverse("dossiers:edit", args=[dossier.pk])

    response = client_for(officer).post(
        url, _edit_data(dossier, **{f"c{first.pk}-file": _upload("bao-cao.pdf", ELF)})
    )

    assert response.status_code == 200
    assert "Chỉ nhận tệp PDF, DOCX, XLSX, JPEG và PNG" in response.content.decode()
    assert Attachment.objects.count() == 0
    assert Dossier.objects.get(pk=dossier.pk).how_done != "Cách làm mới"


@pytest.mark.django_db
def test_two_files_sent_in_one_field_on_the_page_are_refused(dossier, officer):
    url = reverse("dossiers:edit", args=[dossier.pk])

    response = client_for(officer).post(
        url, _edit_data(dossier, file=[pdf_file("a.pdf"), pdf_file("b.pdf")])
    )

    assert response.status_code == 200
    assert "Mỗi ô chỉ được gửi một tệp" in response.content.decode()
    assert Attachment.objects.count() == 0


@pytest.mark.django_db
def test_a_25_mb_upload_on_the_page_is_refused(dossier, officer):
    url = reverse("dossiers:edit", args=[dossier.pk])
    big = _upload("scan.pdf", PDF_BYTES + b"0" * (25 * MB))

    response = client_for(officer).post(url, _edit_data(dossier, file=big))

    assert response.status_code == 200
    assert "Tệp lớn hơn 20 MB" in response.content.decode()
    assert Attachment.objects.count() == 0


@pytest.mark.django_db
def test_an_accepted_upload_is_stored_under_media_with_a_safe_name(dossier, officer):
    url = reverse("dossiers:edit", args=[dossier.pk])

    response = client_for(officer).post(
        url, _edit_data(dossier, file=pdf_file("../../static/Tờ trình.pdf"))
    )

    assert response.status_code == 302
    stored = Attachment.objects.get()
    path = Path(stored.file.path).resolve()
    assert path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert not path.is_relative_to(Path(settings.STATIC_ROOT).resolve())
    assert path.name == "To-trinh.pdf"


@pytest.mark.django_db
def test_download_is_served_as_an_attachment_with_its_checked_type(dossier, officer):
    url = reverse("dossiers:edit", args=[dossier.pk])
    client_for(officer).post(url, _edit_data(dossier, file=png_file("anh.png")))
    stored = Attachment.objects.get()

    response = client_for(officer).get(stored.get_absolute_url())

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == image_bytes("PNG")


@pytest.mark.django_db
def test_download_outside_the_jurisdiction_is_404(dossier, officer, other_commune, other_province):
    url = reverse("dossiers:edit", args=[dossier.pk])
    client_for(officer).post(url, _edit_data(dossier, file=pdf_file("a.pdf")))
    stored = Attachment.objects.get()
    strangers = [
        make_member(other_commune, Role.OFFICER),
        make_member(other_commune, Role.APPRAISER),
        make_member(other_province, Role.ADMIN),
    ]

    statuses = [client_for(user).get(stored.get_absolute_url()).status_code for user in strangers]

    assert statuses == [404, 404, 404]


@pytest.mark.django_db
def test_an_attachment_id_of_another_dossier_is_404(dossier, officer, commune, cycle):
    other = make_dossier(commune, cycle=cycle)
    attachment = add_attachment(other, by=officer)

    response = client_for(officer).get(
        reverse("dossiers:attachment", args=[dossier.pk, attachment.pk])
    )

    assert response.status_code == 404


def test_zip_bomb_fixture_really_expands():
    with zipfile.ZipFile(io.BytesIO(zip_bytes({"a": b"\x00" * MB}))) as archive:
        assert archive.infolist()[0].file_size == MB
