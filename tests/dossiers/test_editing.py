"""Editing the three parts: optimistic locking, versions that never change, the diff
the appraiser sees, and files that are never lost once submitted."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from apps.accounts.enums import Role
from apps.core.workflow import ConflictOfInterest, Refused, StaleEdit
from apps.dossiers.diff import version_changes
from apps.dossiers.enums import DossierStatus, LetterIssuer, Level
from apps.dossiers.models import Attachment, Dossier, DossierVersion
from apps.dossiers.services import (
    dossier_remove_attachment,
    dossier_return,
    dossier_save,
    dossier_save_appraisal,
    dossier_save_letter,
    dossier_start_appraisal,
    dossier_submit,
)
from tests.conftest import client_for
from tests.dossiers.factories import (
    add_attachment,
    criteria_set_with,
    make_dossier,
    pdf_file,
    png_file,
)
from tests.factories import make_member

S = DossierStatus
pytestmark = pytest.mark.django_db


def _rows(dossier, **values):
    return {a.pk: values for a in dossier.assessments.all()}


def test_save_writes_sections_and_criteria_and_bumps_the_lock(dossier, officer):
    version = dossier.lock_version

    dossier_save(
        dossier=dossier,
        by=officer,
        expected_version=version,
        sections={"how_done": "Tổ chức đối thoại hằng tháng."},
        assessments=_rows(dossier, level=Level.MET, evidence="Biên bản số 3"),
    )

    dossier.refresh_from_db()
    assert dossier.how_done == "Tổ chức đối thoại hằng tháng."
    assert dossier.lock_version == version + 1
    assert set(dossier.assessments.values_list("level", flat=True)) == {Level.MET}


def test_second_of_two_saves_from_the_same_version_is_refused(dossier, officer, leader):
    loaded = dossier.lock_version
    dossier_save(
        dossier=dossier,
        by=leader,
        expected_version=loaded,
        sections={"how_done": "Bản của lãnh đạo"},
        assessments={},
    )

    with pytest.raises(StaleEdit) as refused:
        dossier_save(
            dossier=dossier,
            by=officer,
            expected_version=loaded,
            sections={"how_done": "Bản của cán bộ"},
            assessments={},
        )

    assert str(leader) in refused.value.messages[0]
    assert Dossier.objects.get(pk=dossier.pk).how_done == "Bản của lãnh đạo"


def test_two_browser_sessions_the_second_save_shows_who_changed_it(dossier, officer, leader):
    first, second = client_for(leader), client_for(officer)
    url = reverse("dossiers:edit", args=[dossier.pk])
    form_first, form_second = first.get(url).context["form"], second.get(url).context["form"]
    rows = dossier.assessments.all()

    def post(client, form, text):
        data = {
            "lock_version": form.initial["lock_version"],
            "how_done": text,
            "lessons": "a",
            "effect": "b",
            "spread": "c",
        }
        for a in rows:
            data |= {f"c{a.pk}-level": Level.GOOD, f"c{a.pk}-evidence": "x"}
        return client.post(url, data)

    saved = post(first, form_first, "Lãnh đạo viết")
    refused = post(second, form_second, "Cán bộ viết")

    assert saved.status_code == 302
    assert refused.status_code == 200
    page = refused.content.decode()
    assert str(leader) in page
    assert "Cán bộ viết" in page  # what they typed is kept on the page
    assert Dossier.objects.get(pk=dossier.pk).how_done == "Lãnh đạo viết"


def test_a_score_above_the_maximum_is_refused_and_nothing_is_written(commune, cycle, officer):
    dossier = make_dossier(commune, cycle=cycle, criteria_set=criteria_set_with(max_score=10))
    first = dossier.assessments.first()

    with pytest.raises(Refused):
        dossier_save(
            dossier=dossier,
            by=officer,
            expected_version=dossier.lock_version,
            sections={"how_done": "Không được lưu"},
            assessments={first.pk: {"score": Decimal("10.5")}},
        )

    assert Dossier.objects.get(pk=dossier.pk).how_done == ""
    first.refresh_from_db()
    assert first.score is None


def test_save_refused_once_submitted(dossier, officer, in_window):
    dossier_submit(dossier=dossier, by=officer)
    dossier.refresh_from_db()

    with pytest.raises(Refused):
        dossier_save(
            dossier=dossier,
            by=officer,
            expected_version=dossier.lock_version,
            sections={"how_done": "Sửa sau khi nộp"},
            assessments={},
        )


def test_save_with_a_file_stores_it_for_the_criterion(dossier, officer):
    first = dossier.assessments.first()

    dossier_save(
        dossier=dossier,
        by=officer,
        expected_version=dossier.lock_version,
        sections={},
        assessments={},
        files=[(first.pk, pdf_file("Biên bản ../../hội nghị.pdf"))],
    )

    attachment = Attachment.objects.get()
    assert attachment.assessment == first
    assert attachment.name == "hoi-nghi.pdf"  # directories dropped, ASCII only
    assert attachment.file.name.startswith(f"dossiers/{dossier.pk}/")


def test_the_dossier_total_is_capped(dossier, officer, settings):
    settings.DOSSIER_MAX_BYTES = 200
    add_attachment(dossier, by=officer, name="a.pdf")

    with pytest.raises(Refused) as refused:
        dossier_save(
            dossier=dossier,
            by=officer,
            expected_version=dossier.lock_version,
            sections={},
            assessments={},
            files=[(None, pdf_file("b.pdf"))],
        )

    assert refused.value.code == "dossier_size"
    assert Attachment.objects.count() == 1


# ---------------------------------------------------------------- versions and the diff


def _return_and_reopen(dossier, officer, appraiser):
    dossier_submit(dossier=dossier, by=officer)
    dossier_start_appraisal(dossier=dossier, by=appraiser)
    dossier_return(dossier=dossier, by=appraiser, reason="Bổ sung số liệu")
    dossier.refresh_from_db()


def test_a_return_keeps_the_submitted_version_and_resubmission_adds_one(
    dossier, officer, appraiser, in_window
):
    first_text = dossier.how_done
    _return_and_reopen(dossier, officer, appraiser)
    dossier_save(
        dossier=dossier,
        by=officer,
        expected_version=dossier.lock_version,
        sections={"how_done": "Cách làm mới, có số liệu"},
        assessments={},
    )

    dossier_submit(dossier=dossier, by=officer)

    dossier.refresh_from_db()
    assert dossier.status == S.RESUBMITTED
    v1, v2 = DossierVersion.objects.filter(dossier=dossier).order_by("number")
    assert v1.data["sections"]["how_done"] == first_text
    assert v2.data["sections"]["how_done"] == "Cách làm mới, có số liệu"


def test_the_appraiser_sees_what_changed_per_section_and_criterion(
    dossier, officer, appraiser, in_window
):
    first = dossier.assessments.select_related("criterion").first()
    add_attachment(dossier, by=officer, assessment=first, name="cu.pdf")
    _return_and_reopen(dossier, officer, appraiser)
    old_file = Attachment.objects.get(name="cu.pdf")
    dossier_remove_attachment(attachment=old_file, by=officer)
    dossier_save(
        dossier=dossier,
        by=officer,
        expected_version=dossier.lock_version,
        sections={"effect": "Giảm 40% đơn thư khiếu nại"},
        assessments={first.pk: {"level": Level.MET, "evidence": "Biên bản mới"}},
        files=[(first.pk, png_file("anh-moi.png"))],
    )
    dossier_submit(dossier=dossier, by=officer)

    v1, v2 = DossierVersion.objects.filter(dossier=dossier).order_by("number")
    changes = version_changes(v1.data, v2.data)

    assert [c.label for c in changes.sections] == ["Hiệu quả"]
    assert "<ins>" in changes.sections[0].html
    [criterion] = changes.criteria
    assert criterion.number == first.criterion.number
    assert {f.label for f in criterion.fields} == {"Mức độ đạt", "Minh chứng"}
    assert (criterion.added, criterion.removed) == (["anh-moi.png"], ["cu.pdf"])


def test_the_detail_page_shows_the_changes_to_the_appraiser(dossier, officer, appraiser, in_window):
    _return_and_reopen(dossier, officer, appraiser)
    dossier_save(
        dossier=dossier,
        by=officer,
        expected_version=dossier.lock_version,
        sections={"spread": "Nhân rộng ra 5 xã <b>lân cận</b>"},
        assessments={},
    )
    dossier_submit(dossier=dossier, by=officer)

    page = client_for(appraiser).get(reverse("dossiers:detail", args=[dossier.pk]))

    html = page.content.decode()
    assert "<ins>" in html
    assert "&lt;b&gt;lân" in html  # the unit's text is escaped inside the diff


def test_a_submitted_file_is_hidden_not_deleted(dossier, officer, appraiser, in_window):
    attachment = add_attachment(dossier, by=officer, name="bien-ban.pdf")
    _return_and_reopen(dossier, officer, appraiser)

    dossier_remove_attachment(attachment=Attachment.objects.get(pk=attachment.pk), by=officer)

    attachment.refresh_from_db()
    assert attachment.removed_at is not None
    assert attachment.file.storage.exists(attachment.file.name)


def test_a_never_submitted_draft_file_is_deleted(
    dossier, officer, django_capture_on_commit_callbacks
):
    attachment = add_attachment(dossier, by=officer, name="nhap.pdf")
    name = attachment.file.name

    with django_capture_on_commit_callbacks(execute=True):
        dossier_remove_attachment(attachment=attachment, by=officer)

    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    assert not attachment.file.storage.exists(name)


def test_the_database_refuses_to_change_a_version(dossier, officer, in_window):
    dossier_submit(dossier=dossier, by=officer)
    version = DossierVersion.objects.get()

    with pytest.raises(IntegrityError), transaction.atomic():
        DossierVersion.objects.filter(pk=version.pk).update(data={})
    with pytest.raises(IntegrityError), transaction.atomic():
        DossierVersion.objects.filter(pk=version.pk).delete()

    assert DossierVersion.objects.get().data["criteria"]


def test_the_database_refuses_to_delete_a_submitted_file(dossier, officer):
    attachment = add_attachment(dossier, by=officer, submitted=True)

    with pytest.raises(IntegrityError), transaction.atomic():
        Attachment.objects.filter(pk=attachment.pk).delete()
    with pytest.raises(IntegrityError), transaction.atomic():
        Attachment.objects.filter(pk=attachment.pk).update(file="elsewhere.pdf")


# ---------------------------------------------------------------- appraisal and letter


def test_appraisal_save_records_findings_beside_the_units(commune, cycle, appraiser):
    dossier = make_dossier(commune, cycle=cycle, status=S.UNDER_APPRAISAL)
    first = dossier.assessments.first()

    dossier_save_appraisal(
        dossier=dossier,
        by=appraiser,
        expected_version=dossier.lock_version,
        findings={first.pk: {"finding_level": Level.NOT_MET, "finding_note": "Thiếu biên bản"}},
        comments="Cần bổ sung.",
    )

    first.refresh_from_db()
    assert (first.level, first.finding_level) == (Level.GOOD, Level.NOT_MET)
    assert Dossier.objects.get(pk=dossier.pk).appraisal_comments == "Cần bổ sung."


def test_appraisal_save_by_the_leader_of_the_unit_is_refused(commune, province, cycle):
    both = make_member(province, Role.APPRAISER)
    make_member(commune, Role.LEADER, user=both)
    dossier = make_dossier(commune, cycle=cycle, status=S.UNDER_APPRAISAL)

    with pytest.raises(ConflictOfInterest):
        dossier_save_appraisal(
            dossier=dossier,
            by=both,
            expected_version=dossier.lock_version,
            findings={},
            comments="Tự chấm",
        )


def _letter(unit, issuer=LetterIssuer.LEADERSHIP, day=None):
    return {
        "letter_number": "12/CV-BCĐ",
        "letter_date": day or datetime.date(2026, 10, 19),
        "letter_signer": "Lê Thị Hoa",
        "letter_signer_title": "Trưởng ban",
        "letter_issuer": issuer,
        "letter_issuing_unit": unit,
    }


def test_letter_from_a_board_at_the_same_level_with_its_scan(
    commune, cycle, boards, steering, in_window
):
    board = boards["bcd_qcdc"]  # the province recognises the commune: its BCĐ QCDC writes
    dossier = make_dossier(commune, cycle=cycle, status=S.PASSED)

    dossier_save_letter(
        dossier=dossier,
        by=steering,
        expected_version=dossier.lock_version,
        letter=_letter(board, LetterIssuer.STEERING_BOARD),
        scan=pdf_file("cong-van-ky.pdf"),
    )

    dossier.refresh_from_db()
    assert (dossier.letter_number, dossier.letter_issuing_unit) == ("12/CV-BCĐ", board)
    assert Attachment.objects.get().purpose == "letter"


def test_letter_from_another_commune_is_refused(commune, other_commune, cycle, steering, in_window):
    dossier = make_dossier(commune, cycle=cycle, status=S.PASSED)

    with pytest.raises(Refused):
        dossier_save_letter(
            dossier=dossier,
            by=steering,
            expected_version=dossier.lock_version,
            letter=_letter(other_commune),
        )


def test_letter_kind_must_match_the_issuing_body(province, commune, cycle, steering, in_window):
    dossier = make_dossier(commune, cycle=cycle, status=S.PASSED)

    with pytest.raises(Refused) as refused:
        dossier_save_letter(
            dossier=dossier,
            by=steering,
            expected_version=dossier.lock_version,
            letter=_letter(province, LetterIssuer.STEERING_BOARD),
        )

    assert "“Lãnh đạo" in refused.value.messages[0]


def test_letter_dated_in_the_future_is_refused(province, commune, cycle, steering, in_window):
    dossier = make_dossier(commune, cycle=cycle, status=S.PASSED)

    with pytest.raises(Refused) as refused:
        dossier_save_letter(
            dossier=dossier,
            by=steering,
            expected_version=dossier.lock_version,
            letter=_letter(province, day=datetime.date(2026, 12, 25)),
        )

    assert refused.value.code == "date"


def test_a_new_letter_scan_keeps_the_old_one_hidden(province, commune, cycle, steering, in_window):
    dossier = make_dossier(commune, cycle=cycle, status=S.PASSED)
    for name in ("ban-1.pdf", "ban-2.pdf"):
        dossier.refresh_from_db()
        dossier_save_letter(
            dossier=dossier,
            by=steering,
            expected_version=dossier.lock_version,
            letter=_letter(province),
            scan=pdf_file(name),
        )

    rows = list(Attachment.objects.order_by("id").values_list("name", "removed_at"))
    assert [name for name, _removed in rows] == ["ban-1.pdf", "ban-2.pdf"]
    assert rows[0][1] is not None and rows[1][1] is None


def test_after_a_return_the_officer_sees_each_criterions_finding_while_fixing(
    dossier, officer, appraiser, in_window
):
    dossier_submit(dossier=dossier, by=officer)
    dossier_start_appraisal(dossier=dossier, by=appraiser)
    row = dossier.assessments.order_by("pk").last()
    row.finding_level = Level.NOT_MET
    row.finding_note = "Thiếu biên bản hội nghị cán bộ, công chức năm 2026."
    row.save()
    dossier_return(dossier=dossier, by=appraiser, reason="Bổ sung biên bản")

    page = client_for(officer).get(reverse("dossiers:edit", args=[dossier.pk])).content.decode()

    box = page.split(f'id="criterion-{row.pk}"')[1].split('class="criterion-form"')[0]
    assert "Ý kiến thẩm định:" in box
    assert "Chưa đạt" in box
    assert "Thiếu biên bản hội nghị cán bộ, công chức năm 2026." in box
    assert "Bổ sung biên bản" in page
