"""Past years from paper records: dry run, all or nothing, and what sees them."""

import datetime

import pytest
from django.urls import reverse

from apps.accounts.enums import Role
from apps.accounts.permissions import can
from apps.brightspots.enums import BrightSpotStatus
from apps.brightspots.imports import history_errors, history_import
from apps.brightspots.models import BrightSpot
from apps.core.models import AuditEvent
from apps.cycles.models import Cycle
from apps.decisions import services
from apps.decisions.models import Certificate, Decision
from apps.decisions.selectors import commendation_candidates
from apps.reports.selectors.figures import spots_by_unit
from apps.reports.selectors.showcase import showcase_spots
from tests.conftest import client_for
from tests.decisions.factories import first_period
from tests.factories import make_member
from tests.history.conftest import GOOD_ROWS, xlsx

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2025, 12, 1, 9, tzinfo=datetime.UTC)


def _import(importer, rows, **kwargs):
    return history_import(data=xlsx(rows), file_name="lich-su.xlsx", by=importer, now=NOW, **kwargs)


def test_a_file_with_one_bad_row_imports_nothing_and_names_the_row(history_setup, importer):
    rows = [
        *GOOD_ROWS,
        ["W16702", 2023, "qcdc", "Ngày sai", "", "07", "31/02/2023", "W16702", "", 3],
    ]

    result = _import(importer, rows)

    assert history_errors(result) == ["Dòng 5: decision_date: Nhập ngày theo dạng dd/mm/yyyy."]
    assert (BrightSpot.objects.count(), Decision.objects.count(), Cycle.objects.count()) == (
        0,
        0,
        0,
    )


def test_a_dry_run_writes_nothing(history_setup, importer):
    result = _import(importer, GOOD_ROWS, dry_run=True)

    assert (history_errors(result), result.totals["new"]) == ([], 3)
    assert BrightSpot.objects.count() == 0


def test_a_good_file_makes_recognised_spots_decisions_and_certificates(
    history_setup, importer, commune
):
    _import(importer, GOOD_ROWS)

    spots = BrightSpot.objects.filter(unit=commune).order_by("name")
    assert [(s.status, s.imported, s.cycle.year) for s in spots] == [
        (BrightSpotStatus.RECOGNISED, True, 2022)
    ] * 2
    decision = Decision.objects.get(number=5)
    assert (decision.imported, decision.status, decision.signed_on, decision.signer_name) == (
        True,
        "issued",
        datetime.date(2022, 11, 20),
        "Nguyễn Văn A",
    )
    assert sorted(decision.certificates.values_list("serial", flat=True)) == [1, 2]
    audit = AuditEvent.objects.filter(action="history_import", object_id=str(spots[0].pk))
    assert [event.actor for event in audit] == [importer]


def test_cells_that_look_like_formulas_are_stored_as_text(history_setup, importer):
    _import(importer, GOOD_ROWS)

    spot = BrightSpot.objects.get(cycle__year=2024)
    assert (spot.name, spot.public_summary) == ('=HYPERLINK("http://x")', "@SUM(A1)")


def test_rows_outside_the_importers_reach_and_repeats_are_refused(
    history_setup, importer, other_province
):
    _import(importer, GOOD_ROWS[:1])
    commune_admin = make_member(other_province, Role.ADMIN, username="other_admin")

    again = _import(importer, GOOD_ROWS[:1])
    elsewhere = _import(commune_admin, GOOD_ROWS[:1])

    assert history_errors(again) == [
        "Dòng 2: title: Điểm sáng này đã có trên cổng cho đơn vị và năm này."
    ]
    assert history_errors(elsewhere)[0].startswith("Dòng 2: unit_code: ")
    assert BrightSpot.objects.count() == 1


def test_imported_spots_are_commendation_candidates_of_2021_2025(
    history_setup, importer, province, council
):
    _import(importer, GOOD_ROWS)
    steering = make_member(province, Role.STEERING, username="bcd")
    proposal = services.proposal_create(
        period=first_period(), unit=province, kind="qcdc", by=steering
    )

    candidates = commendation_candidates(proposal=proposal)

    assert sorted(c.bright_spot.name for c in candidates) == [
        '=HYPERLINK("http://x")',
        "Một cửa thân thiện",
        "Đối thoại với Nhân dân",
    ]


def test_imported_spots_count_on_the_dashboard_of_their_year(history_setup, importer, commune):
    _import(importer, GOOD_ROWS)
    cycle = Cycle.objects.get(year=2022)

    rows = {row["unit_id"]: row["recognised"] for row in spots_by_unit(cycle)}

    assert rows == {commune.pk: 2}


def test_imported_spots_appear_on_the_showcase(history_setup, importer, client):
    _import(importer, GOOD_ROWS)

    names = sorted(spot.name for spot in showcase_spots())
    page = client.get(reverse("reports:showcase")).content.decode()

    assert names == ['=HYPERLINK("http://x")', "Một cửa thân thiện", "Đối thoại với Nhân dân"]
    assert "Đối thoại với Nhân dân" in page


def test_imported_records_are_marked_in_the_pages(history_setup, importer, commune):
    _import(importer, GOOD_ROWS)
    spot = BrightSpot.objects.filter(unit=commune).first()
    decision = Decision.objects.get(number=5)
    officer = make_member(commune, Role.OFFICER, username="can_bo")
    client = client_for(officer)

    spot_page = client.get(spot.get_absolute_url()).content.decode()
    decision_page = client_for(importer).get(decision.get_absolute_url()).content.decode()

    assert "Nhập từ hồ sơ giấy" in spot_page
    assert f"<td>{importer}</td>" in spot_page  # the history names who imported it
    assert reverse("dossiers:open", args=[spot.pk]) not in spot_page
    assert "Nhập từ hồ sơ giấy" in decision_page
    assert reverse("decisions:pdf", args=[decision.pk]) not in decision_page
    certificate = decision.certificates.first()
    assert certificate.code_display in decision_page
    assert reverse("decisions:certificate_pdf", args=[certificate.pk]) not in decision_page


def test_the_portal_prints_no_document_of_a_paper_decision(history_setup, importer):
    """The paper decision's text is not in the portal: asking for its PDF, a
    certificate's PDF or a print of its certificates is refused, even by its office."""
    _import(importer, GOOD_ROWS)
    decision = Decision.objects.get(number=5)
    certificate = decision.certificates.first()
    office = make_member(decision.authority, Role.DECISION_MAKER, username="van_thu")
    client = client_for(office)

    assert client.get(reverse("decisions:pdf", args=[decision.pk])).status_code == 404
    assert (
        client.get(reverse("decisions:certificate_pdf", args=[certificate.pk])).status_code == 404
    )
    assert not can(office, "decisions.print", decision)
    client.post(reverse("decisions:print", args=[decision.pk]))
    assert not decision.print_jobs.exists()


def test_the_page_previews_then_imports_once(history_setup, importer):
    client = client_for(importer)
    upload = {"file": _upload(GOOD_ROWS)}

    preview = client.post(reverse("history:import"), upload)
    token = preview.context["confirm_form"].initial["token"]
    unticked = client.post(reverse("history:import_confirm"), {"token": token})
    imported_unticked = BrightSpot.objects.count()
    first = client.post(reverse("history:import_confirm"), {"token": token, "confirm": "on"})
    second = client.post(reverse("history:import_confirm"), {"token": token, "confirm": "on"})

    assert (imported_unticked, len(unticked.context["rows"])) == (0, 3)
    assert "confirm" in unticked.context["confirm_form"].errors
    assert BrightSpot.objects.count() == 3
    assert (first.status_code, second.status_code) == (302, 302)
    assert Certificate.objects.count() == 3


def test_the_page_shows_the_row_errors_in_vietnamese(history_setup, importer):
    rows = [["W16702", 2022, "xyz", "Sai loại", "", "05", "20/11/2022", "W16702", "", 1]]

    page = client_for(importer).post(reverse("history:import"), {"file": _upload(rows)})

    assert "Dòng 2: kind: Loại xyz không có; dùng một trong: qcdc, dvcq, dvk." in (
        page.content.decode()
    )
    assert "confirm_form" not in page.context


def _upload(rows):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("lich-su.xlsx", xlsx(rows))


def test_the_command_refuses_a_bad_file_and_imports_a_good_one(history_setup, importer, tmp_path):
    from django.core.management import CommandError, call_command

    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsx([[*GOOD_ROWS[0][:9], "mười"]]))
    good = tmp_path / "good.xlsx"
    good.write_bytes(xlsx(GOOD_ROWS))

    with pytest.raises(CommandError) as refused:
        call_command("import_history", str(bad), by="history_admin")
    call_command("import_history", str(good), by="history_admin")

    assert str(refused.value).splitlines()[1] == (
        "Dòng 2: certificate_number: Nhập số giấy công nhận (một số nguyên)."
    )
    assert BrightSpot.objects.filter(imported=True).count() == 3


def test_the_template_has_the_columns(history_setup, importer):
    from io import BytesIO

    from openpyxl import load_workbook

    from apps.brightspots.history_sheet import COLUMNS

    response = client_for(importer).get(reverse("history:import_template"))

    book = load_workbook(BytesIO(response.content))
    assert [cell.value for cell in book.worksheets[0][1]] == list(COLUMNS)


def test_the_lists_mark_imported_records(history_setup, importer, commune):
    _import(importer, GOOD_ROWS)
    client = client_for(importer)

    spots = client.get(reverse("brightspots:list"), {"year": 2022}).content.decode()
    decisions = client.get(reverse("decisions:list")).content.decode()

    assert spots.count("Nhập từ hồ sơ giấy") == 2
    assert decisions.count("Nhập từ hồ sơ giấy") == 2


def test_a_file_over_the_row_cap_is_refused_whole(history_setup, importer, settings):
    from django.core.exceptions import ValidationError

    settings.IMPORT_MAX_ROWS = 2

    with pytest.raises(ValidationError) as refused:
        _import(importer, GOOD_ROWS)

    assert refused.value.messages == ["Tệp có hơn 2 dòng; hãy chia thành các tệp nhỏ hơn."]
    assert BrightSpot.objects.count() == 0


def test_values_the_database_cannot_hold_are_row_errors(history_setup, importer):
    rows = [["W16702", 2022, "qcdc", "x" * 501, "", "05", "20/11/2022", "W16702", "", 10**12]]

    result = _import(importer, rows)

    assert history_errors(result) == [
        "Dòng 2: title: Tối đa 500 ký tự.",
        "Dòng 2: certificate_number: Nhập số giấy công nhận (một số nguyên).",
    ]


def test_a_file_over_the_byte_cap_is_refused_before_it_is_read(history_setup, importer, settings):
    settings.IMPORT_MAX_BYTES = 1000

    page = client_for(importer).post(reverse("history:import"), {"file": _upload(GOOD_ROWS)})

    assert page.context["form"].errors["file"] == [
        "Tệp lớn hơn 1000\xa0byte; hãy chia thành các tệp nhỏ hơn."
    ]
