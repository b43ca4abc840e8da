import datetime
import io
import re

import openpyxl
import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.accounts.enums import Role
from apps.accounts.models import Membership, User
from apps.notifications.services import outbox_send_pending
from tests.access import assert_audited
from tests.conftest import client_for
from tests.factories import PASSWORD, make_member

XLSX_FORMAT = "1"  # position of XLSX in MembershipAdmin.import_formats
HEADER = ["name", "email", "unit_code", "role", "from", "to"]


def xlsx(*rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _upload(client, data: bytes):
    return client.post(
        reverse("admin:accounts_membership_import"),
        {"format": XLSX_FORMAT, "import_file": SimpleUploadedFile("people.xlsx", data)},
    )


def _confirm(client, preview):
    return client.post(
        reverse("admin:accounts_membership_process_import"), preview.context["confirm_form"].initial
    )


@pytest.mark.django_db
def test_import_dry_run_writes_nothing_then_confirm_writes(
    commune, province_admin, django_capture_on_commit_callbacks
):
    client = client_for(province_admin)
    data = xlsx(
        ["Hoàng Thị Mai", "mai@example.vn", commune.code, "officer", "05/01/2026", "31/12/2026"],
        ["Hoàng Thị Mai", "mai@example.vn", commune.code, "leader", "", ""],
    )

    with django_capture_on_commit_callbacks(execute=True):
        preview = _upload(client, data)
    assert not User.objects.filter(email="mai@example.vn").exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = _confirm(client, preview)

    assert response.status_code == 302
    person = User.objects.get(email="mai@example.vn")
    assert person.full_name == "Hoàng Thị Mai"
    for membership in Membership.objects.filter(user=person):
        assert_audited(membership, "onboard", by=province_admin)
    assert not person.has_usable_password()
    held = Membership.objects.filter(user=person).order_by("role")
    assert list(held.values_list("role", "starts_on", "ends_on")) == [
        (Role.LEADER, None, None),
        (Role.OFFICER, datetime.date(2026, 1, 5), datetime.date(2026, 12, 31)),
    ]


@pytest.mark.django_db
def test_new_person_gets_one_email_and_sets_their_own_password(
    commune, province_admin, django_capture_on_commit_callbacks
):
    client = client_for(province_admin)
    data = xlsx(
        ["Hoàng Thị Mai", "mai@example.vn", commune.code, "officer", "", ""],
        ["Hoàng Thị Mai", "mai@example.vn", commune.code, "leader", "", ""],
    )
    preview = _upload(client, data)
    with django_capture_on_commit_callbacks(execute=True):
        _confirm(client, preview)
    outbox_send_pending()

    assert [m.to for m in mail.outbox] == [["mai@example.vn"]]
    link = re.search(r"https?://\S+/accounts/password/reset/\S+/", mail.outbox[0].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    stranger = client_for(province_admin).__class__()
    form_page = stranger.get("/" + path, follow=True)
    stranger.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": PASSWORD, "new_password2": PASSWORD},
    )
    logged_in = stranger.post(
        reverse("login"), {"username": "mai@example.vn", "password": PASSWORD}
    )
    assert logged_in.wsgi_request.user.email == "mai@example.vn"


@pytest.mark.django_db
def test_existing_email_adds_a_membership_not_a_second_user(
    province, commune, province_admin, django_capture_on_commit_callbacks
):
    known = make_member(province, Role.OBSERVER, email="biet@example.vn")
    client = client_for(province_admin)
    preview = _upload(client, xlsx(["Ai đó", "BIET@example.vn", commune.code, "leader", "", ""]))

    with django_capture_on_commit_callbacks(execute=True):
        _confirm(client, preview)

    assert User.objects.filter(email__iexact="biet@example.vn").count() == 1
    assert Membership.objects.filter(user=known, unit=commune, role=Role.LEADER).exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_one_bad_row_imports_nothing_and_says_why_in_vietnamese(
    commune, other_province, province_admin
):
    client = client_for(province_admin)
    data = xlsx(
        ["Hoàng Thị Mai", "mai@example.vn", commune.code, "officer", "", ""],
        ["Lê Văn Nam", "nam@example.vn", other_province.code, "officer", "", ""],
        ["@Hà", "ha@example.vn", commune.code, "chủ tịch", "31/02/2026", ""],
    )

    response = _upload(client, data)

    text = response.content.decode()
    assert "confirm_form" not in response.context or response.context["confirm_form"] is None
    assert f"Không có đơn vị mã {other_province.code}" in text
    assert "công thức" in text
    assert "dd/mm/yyyy" in text
    assert User.objects.filter(email__in=["mai@example.vn", "nam@example.vn"]).count() == 0


@pytest.mark.django_db
def test_a_role_overlapping_an_existing_one_is_a_row_error(commune, province_admin):
    make_member(commune, Role.OFFICER, email="co@example.vn")
    client = client_for(province_admin)

    response = _upload(client, xlsx(["Có rồi", "co@example.vn", commune.code, "officer", "", ""]))

    assert "đã giữ vai trò này" in response.content.decode()


@pytest.mark.django_db
def test_import_refuses_a_file_over_the_row_cap(settings, commune, province_admin):
    settings.IMPORT_MAX_ROWS = 2
    rows = [[f"Người {n}", f"n{n}@example.vn", commune.code, "officer", "", ""] for n in range(3)]

    response = _upload(client_for(province_admin), xlsx(*rows))

    assert "Tệp có hơn 2 dòng" in response.content.decode()
    assert User.objects.filter(email__startswith="n").count() == 0


@pytest.mark.django_db
def test_import_page_is_closed_to_non_administrators(commune):
    officer = make_member(commune, Role.OFFICER)

    response = client_for(officer).get(reverse("admin:accounts_membership_import"))

    assert response.status_code == 302
    assert "/admin/login/" in response.url


@pytest.mark.django_db
def test_a_commune_admin_cannot_onboard_into_the_province(province, commune):
    commune_admin = make_member(commune, Role.ADMIN)

    response = _upload(
        client_for(commune_admin), xlsx(["Ai", "ai@example.vn", province.code, "admin", "", ""])
    )

    assert response.context.get("confirm_form") is None
    assert not User.objects.filter(email="ai@example.vn").exists()
