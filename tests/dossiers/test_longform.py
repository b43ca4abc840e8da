"""Long forms never lose input: the self-assessment and the appraisal save one
criterion at a time (in the background, or posting the whole page without
JavaScript), count the criteria assessed, keep what was typed after an error, a
refusal or the idle log-out, and take a double click as one save."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from apps.accounts.enums import Role
from apps.core.models import AuditEvent
from apps.core.workflow import NotPermitted, Refused, StaleEdit
from apps.dossiers.enums import DossierStatus, Level
from apps.dossiers.models import Attachment, CriterionAssessment, Dossier
from apps.dossiers.services import (
    dossier_save,
    dossier_save_appraisal,
    dossier_save_criterion,
    dossier_save_finding,
)
from tests.conftest import client_for
from tests.dossiers.conftest import at_local
from tests.dossiers.factories import criteria_set_with, make_dossier, pdf_file
from tests.factories import PASSWORD, make_member
from tests.queries import page_queries

S = DossierStatus
STALE = "đã sửa hồ sơ này lúc"  # the Vietnamese stale-edit message
pytestmark = pytest.mark.django_db


@pytest.fixture
def blank(commune, cycle, officer):
    """A draft dossier with four criteria, none assessed yet."""
    return make_dossier(commune, cycle=cycle, by=officer)


def _rows(dossier) -> list[CriterionAssessment]:
    return list(
        dossier.assessments.select_related("criterion").order_by(
            "criterion__group__order", "criterion__order"
        )
    )


def _edits(dossier, action="dossier_edit") -> list:
    """The criteria named by each audit row ``action`` on the dossier, oldest first."""
    rows = AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(Dossier),
        object_id=str(dossier.pk),
        action=action,
    ).order_by("pk")
    return [row.data["criteria"] for row in rows]


def _save(dossier, row, by, version, **values):
    return dossier_save_criterion(
        dossier=dossier, by=by, expected_version=version, assessment=row, values=values
    )


# ---------------------------------------------------------------- the services


def test_saving_one_criterion_writes_it_alone_with_one_audit_row(blank, officer):
    first, second, *_ = _rows(blank)

    saved = _save(blank, first, officer, blank.lock_version, level=Level.GOOD, evidence=" Họp ")

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.level, first.evidence) == (Level.GOOD, "Họp")
    assert (second.level, second.evidence) == ("", "")
    assert saved.lock_version == blank.lock_version + 1
    assert saved.updated_by == officer
    assert _edits(blank) == [[first.criterion.number]]


def test_saving_one_criterion_outside_the_unit_is_refused(blank, other_commune):
    stranger = make_member(other_commune, Role.OFFICER)
    first = _rows(blank)[0]

    with pytest.raises(NotPermitted):
        _save(blank, first, stranger, blank.lock_version, level=Level.GOOD)

    first.refresh_from_db()
    assert first.level == ""
    assert _edits(blank) == []


def test_saving_one_criterion_once_submitted_is_refused(commune, cycle, officer):
    dossier = make_dossier(commune, cycle=cycle, status=S.SUBMITTED)
    first = _rows(dossier)[0]

    with pytest.raises(Refused):
        _save(dossier, first, officer, dossier.lock_version, level=Level.NOT_MET)

    first.refresh_from_db()
    assert first.level == Level.GOOD


def test_two_criteria_saved_in_a_row_from_the_same_page_both_succeed(blank, officer):
    first, second, *_ = _rows(blank)

    after_first = _save(blank, first, officer, blank.lock_version, level=Level.GOOD)
    # The page learnt the new lock version from the first answer.
    _save(blank, second, officer, after_first.lock_version, level=Level.MET, evidence="Số liệu")

    assert [(r.level, r.evidence) for r in _rows(blank)[:2]] == [
        (Level.GOOD, ""),
        (Level.MET, "Số liệu"),
    ]
    assert _edits(blank) == [[first.criterion.number], [second.criterion.number]]


def test_another_persons_save_of_the_same_criterion_in_between_is_refused(blank, officer, leader):
    first = _rows(blank)[0]
    opened = blank.lock_version
    _save(blank, first, leader, opened, level=Level.MET, evidence="Bản của lãnh đạo")

    with pytest.raises(StaleEdit) as refused:
        _save(blank, first, officer, opened, level=Level.GOOD, evidence="Bản của cán bộ")

    assert STALE in refused.value.messages[0]
    assert str(leader) in refused.value.messages[0]
    first.refresh_from_db()
    assert first.evidence == "Bản của lãnh đạo"


def test_the_same_criterion_sent_twice_is_saved_once(blank, officer):
    first = _rows(blank)[0]
    opened = blank.lock_version

    _save(blank, first, officer, opened, level=Level.GOOD, evidence="Họp dân")
    again = _save(blank, first, officer, opened, level=Level.GOOD, evidence="Họp dân")

    assert again.lock_version == opened + 1
    assert _edits(blank) == [[first.criterion.number]]


def test_a_changed_criterion_sent_from_an_old_version_is_still_refused(blank, officer):
    first = _rows(blank)[0]
    opened = blank.lock_version
    _save(blank, first, officer, opened, level=Level.GOOD)

    with pytest.raises(StaleEdit):
        _save(blank, first, officer, opened, level=Level.NOT_MET)

    first.refresh_from_db()
    assert first.level == Level.GOOD


def test_a_criterion_saved_with_its_file_keeps_the_file_beside_it(blank, officer):
    first = _rows(blank)[0]

    dossier_save_criterion(
        dossier=blank,
        by=officer,
        expected_version=blank.lock_version,
        assessment=first,
        values={"level": Level.GOOD},
        upload=pdf_file("bien-ban.pdf"),
    )

    attachment = Attachment.objects.get()
    assert (attachment.assessment, attachment.name) == (first, "bien-ban.pdf")


def test_a_criterion_of_another_dossier_is_refused(blank, commune, cycle, officer):
    foreign = _rows(make_dossier(commune, cycle=cycle))[0]

    with pytest.raises(Refused):
        _save(blank, foreign, officer, blank.lock_version, level=Level.GOOD)

    foreign.refresh_from_db()
    assert foreign.level == ""


def test_the_whole_form_sent_twice_is_saved_once(blank, officer):
    first = _rows(blank)[0]
    opened = blank.lock_version

    def send():
        return dossier_save(
            dossier=blank,
            by=officer,
            expected_version=opened,
            sections={"how_done": "Đối thoại hằng tháng"},
            assessments={first.pk: {"level": Level.MET}},
            files=[(first.pk, pdf_file("bien-ban.pdf"))],
        )

    send()
    again = send()

    assert again.lock_version == opened + 1
    assert len(_edits(blank)) == 1
    assert Attachment.objects.count() == 1


def test_finding_on_one_criterion_by_the_appraiser(commune, cycle, appraiser):
    dossier = make_dossier(commune, cycle=cycle, status=S.UNDER_APPRAISAL)
    first, second, *_ = _rows(dossier)
    opened = dossier.lock_version

    saved = dossier_save_finding(
        dossier=dossier,
        by=appraiser,
        expected_version=opened,
        assessment=first,
        values={"finding_level": Level.NOT_MET, "finding_note": "Thiếu biên bản"},
    )
    dossier_save_finding(
        dossier=dossier,
        by=appraiser,
        expected_version=saved.lock_version,
        assessment=second,
        values={"finding_level": Level.GOOD},
    )

    assert [(r.finding_level, r.finding_note) for r in _rows(dossier)[:2]] == [
        (Level.NOT_MET, "Thiếu biên bản"),
        (Level.GOOD, ""),
    ]
    assert Dossier.objects.get(pk=dossier.pk).appraiser == appraiser
    assert _edits(dossier, "dossier_appraisal_edit") == [
        [first.criterion.number],
        [second.criterion.number],
    ]


def test_finding_on_one_criterion_by_the_units_officer_is_refused(commune, cycle, officer):
    dossier = make_dossier(commune, cycle=cycle, status=S.UNDER_APPRAISAL)
    first = _rows(dossier)[0]

    with pytest.raises(NotPermitted):
        dossier_save_finding(
            dossier=dossier,
            by=officer,
            expected_version=dossier.lock_version,
            assessment=first,
            values={"finding_level": Level.GOOD},
        )

    first.refresh_from_db()
    assert first.finding_level == Level.MET


def test_the_appraisal_sent_twice_is_saved_once(commune, cycle, appraiser):
    dossier = make_dossier(commune, cycle=cycle, status=S.UNDER_APPRAISAL)
    opened = dossier.lock_version

    for _time in range(2):
        saved = dossier_save_appraisal(
            dossier=dossier, by=appraiser, expected_version=opened, findings={}, comments="Đạt"
        )

    assert saved.lock_version == opened + 1
    assert len(_edits(dossier, "dossier_appraisal_edit")) == 1


# ---------------------------------------------------------------- the pages


def _page_data(dossier, rows, **typed) -> dict:
    """What the whole self-assessment page posts: every criterion and section."""
    data = {"lock_version": dossier.lock_version, "how_done": "", "lessons": "", "effect": ""}
    data["spread"] = ""
    for row in rows:
        data |= {f"c{row.pk}-level": "", f"c{row.pk}-evidence": ""}
    return data | typed


def _field(html: str, name: str) -> str:
    """The HTML of the input, select or textarea named ``name``."""
    start = html.index(f'name="{name}"')
    opening = max(html.rfind(tag, 0, start) for tag in ("<input", "<select", "<textarea"))
    closing = "</select>" if html.startswith("<select", opening) else ">"
    closing = "</textarea>" if html.startswith("<textarea", opening) else closing
    return html[opening : html.index(closing, start) + len(closing)]


def test_the_progress_line_counts_the_criteria_assessed(blank, officer):
    first = _rows(blank)[0]
    _save(blank, first, officer, blank.lock_version, level=Level.MET)

    html = client_for(officer).get(reverse("dossiers:edit", args=[blank.pk])).content.decode()

    assert "1 / 4 tiêu chí đã đánh giá" in html
    assert 'data-progress="{done} / {total} tiêu chí đã đánh giá"' in html


def test_the_progress_line_counts_scores_and_findings(commune, cycle, appraiser):
    dossier = make_dossier(
        commune, cycle=cycle, status=S.UNDER_APPRAISAL, criteria_set=criteria_set_with(max_score=5)
    )
    dossier.assessments.filter(pk=_rows(dossier)[0].pk).update(finding_score=None)

    html = client_for(appraiser).get(reverse("dossiers:appraisal", args=[dossier.pk]))

    assert "3 / 4 tiêu chí đã đánh giá" in html.content.decode()


def test_without_javascript_saving_one_criterion_keeps_every_other_field_as_typed(blank, officer):
    first, second, *_ = _rows(blank)
    data = _page_data(
        blank,
        _rows(blank),
        how_done="Cách làm chưa lưu",
        **{
            f"c{first.pk}-level": Level.GOOD,
            f"c{first.pk}-evidence": "Đã lưu",
            f"c{second.pk}-level": Level.MET,
            f"c{second.pk}-evidence": "Chưa lưu",
        },
    )
    url = reverse("dossiers:edit_criterion", args=[blank.pk, first.pk])

    with at_local(2026, 10, 20, 14, 5):
        response = client_for(officer).post(url, data)

    html = response.content.decode()
    assert response.status_code == 200
    assert [(r.level, r.evidence) for r in _rows(blank)[:2]] == [
        (Level.GOOD, "Đã lưu"),
        ("", ""),
    ]
    assert Dossier.objects.get(pk=blank.pk).how_done == ""
    assert '<option value="met" selected>' in _field(html, f"c{second.pk}-level")
    assert "Chưa lưu</textarea>" in _field(html, f"c{second.pk}-evidence")
    assert "Cách làm chưa lưu</textarea>" in _field(html, "how_done")
    assert f'value="{blank.lock_version + 1}"' in _field(html, "lock_version")
    assert "Đã lưu lúc 14:05" in html
    assert "2 / 4 tiêu chí đã đánh giá" in html
    assert "errorlist" not in html


def test_without_javascript_a_stale_criterion_comes_back_with_everything_typed(
    blank, officer, leader
):
    first, second, *_ = _rows(blank)
    opened = _page_data(
        blank,
        _rows(blank),
        **{f"c{first.pk}-evidence": "Bản của cán bộ", f"c{second.pk}-evidence": "Tiêu chí 2"},
    )
    _save(blank, first, leader, blank.lock_version, evidence="Bản của lãnh đạo")
    url = reverse("dossiers:edit_criterion", args=[blank.pk, first.pk])

    response = client_for(officer).post(url, opened)

    html = response.content.decode()
    assert response.status_code == 200
    assert STALE in html
    assert "Bản của cán bộ</textarea>" in _field(html, f"c{first.pk}-evidence")
    assert "Tiêu chí 2</textarea>" in _field(html, f"c{second.pk}-evidence")
    # The version the page opened with: a later whole-form save is refused too.
    assert f'value="{blank.lock_version}"' in _field(html, "lock_version")
    first.refresh_from_db()
    assert first.evidence == "Bản của lãnh đạo"


def test_a_validation_error_keeps_every_typed_value_and_chosen_level(commune, cycle, officer):
    dossier = make_dossier(commune, cycle=cycle, criteria_set=criteria_set_with(max_score=10))
    first, second, *_ = _rows(dossier)
    data = {
        "lock_version": dossier.lock_version,
        "how_done": "Đã làm",
        f"c{first.pk}-score": "11",
        f"c{first.pk}-evidence": "Chứng cứ 1",
        f"c{second.pk}-score": "7.5",
        f"c{second.pk}-evidence": "Chứng cứ 2",
    }

    response = client_for(officer).post(reverse("dossiers:edit", args=[dossier.pk]), data)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="11"' in _field(html, f"c{first.pk}-score")
    assert 'value="7.5"' in _field(html, f"c{second.pk}-score")
    assert "Chứng cứ 1</textarea>" in _field(html, f"c{first.pk}-evidence")
    assert "Chứng cứ 2</textarea>" in _field(html, f"c{second.pk}-evidence")
    assert "2 / 4 tiêu chí đã đánh giá" in html
    assert Dossier.objects.get(pk=dossier.pk).lock_version == dossier.lock_version


def test_a_refused_appraisal_keeps_every_chosen_finding(commune, cycle, appraiser, leader):
    dossier = make_dossier(commune, cycle=cycle, status=S.UNDER_APPRAISAL)
    first, second, *_ = _rows(dossier)
    opened = dossier.lock_version
    Dossier.objects.filter(pk=dossier.pk).update(lock_version=opened + 1, updated_by=leader)
    data = {
        "lock_version": opened,
        "comments": "Nhận xét",
        f"c{first.pk}-finding_level": Level.NOT_MET,
        f"c{second.pk}-finding_level": Level.GOOD,
        f"c{second.pk}-finding_note": "Ghi chú",
    }

    response = client_for(appraiser).post(reverse("dossiers:appraisal", args=[dossier.pk]), data)

    html = response.content.decode()
    assert STALE in html
    assert '<option value="not_met" selected>' in _field(html, f"c{first.pk}-finding_level")
    assert '<option value="good" selected>' in _field(html, f"c{second.pk}-finding_level")
    assert "Ghi chú</textarea>" in _field(html, f"c{second.pk}-finding_note")
    assert "Nhận xét</textarea>" in _field(html, "comments")


def test_a_double_click_on_save_shows_the_success_page_twice(blank, officer):
    client = client_for(officer)
    url = reverse("dossiers:edit", args=[blank.pk])
    data = _page_data(blank, _rows(blank), how_done="Cách làm")

    client.post(url, data)
    second = client.post(url, data, follow=True)

    assert second.redirect_chain == [(url, 302)]
    assert "Đã lưu phần tự đánh giá." in second.content.decode()
    assert len(_edits(blank)) == 1


def test_in_the_background_the_answer_gives_the_new_version_and_the_time(blank, officer):
    first = _rows(blank)[0]
    url = reverse("dossiers:edit_criterion", args=[blank.pk, first.pk])
    data = {"lock_version": blank.lock_version, f"c{first.pk}-level": Level.GOOD}
    data[f"c{first.pk}-file"] = pdf_file("bien-ban.pdf")

    with at_local(2026, 10, 20, 9, 30):
        response = client_for(officer).post(url, data, headers={"Accept": "application/json"})

    answer = response.json()
    assert response.status_code == 200
    assert (answer["ok"], answer["lock_version"], answer["saved"]) == (
        True,
        blank.lock_version + 1,
        "Đã lưu lúc 09:30",
    )
    attachment = Attachment.objects.get()
    assert attachment.get_absolute_url() in answer["files"]
    assert f'id="remove-{attachment.pk}"' in answer["remove_forms"]
    assert _rows(blank)[0].level == Level.GOOD


def test_in_the_background_a_save_without_a_file_leaves_the_files_shown_alone(
    blank, officer, django_assert_max_num_queries
):
    first, second = _rows(blank)[:2]
    url = reverse("dossiers:edit_criterion", args=[blank.pk, second.pk])
    data = {"lock_version": blank.lock_version, f"c{second.pk}-level": Level.GOOD}
    client = client_for(officer)

    # session, user, memberships, the dossier, the criterion; the write in its savepoint
    # (lock, criterion, two updates, the audit row and its content type): no query for
    # the files, before or after (15 when both were read)
    with at_local(2026, 10, 20, 9, 30), django_assert_max_num_queries(13):
        response = client.post(url, data, headers={"Accept": "application/json"})

    answer = response.json()
    assert answer["ok"] and "files" not in answer and "remove_forms" not in answer
    assert _rows(blank)[1].level == Level.GOOD and _rows(blank)[0].level == first.level


def test_in_the_background_a_refusal_answers_with_its_message(blank, officer, leader):
    first = _rows(blank)[0]
    opened = blank.lock_version
    _save(blank, first, leader, opened, evidence="Bản của lãnh đạo")
    url = reverse("dossiers:edit_criterion", args=[blank.pk, first.pk])

    response = client_for(officer).post(
        url,
        {"lock_version": opened, f"c{first.pk}-evidence": "Bản của cán bộ"},
        headers={"Accept": "application/json"},
    )

    answer = response.json()
    assert (response.status_code, answer["ok"]) == (400, False)
    assert STALE in answer["errors"][0]


def test_without_javascript_the_appraiser_saves_one_finding(commune, cycle, appraiser):
    dossier = make_dossier(commune, cycle=cycle, status=S.UNDER_APPRAISAL)
    first, second, *_ = _rows(dossier)
    data = {
        "lock_version": dossier.lock_version,
        "comments": "Chưa lưu",
        f"c{first.pk}-finding_level": Level.NOT_MET,
        f"c{second.pk}-finding_note": "Ghi chú chưa lưu",
    }
    url = reverse("dossiers:appraisal_criterion", args=[dossier.pk, first.pk])

    response = client_for(appraiser).post(url, data)

    html = response.content.decode()
    assert [r.finding_level for r in _rows(dossier)[:2]] == [Level.NOT_MET, Level.MET]
    assert "Chưa lưu</textarea>" in _field(html, "comments")
    assert "Ghi chú chưa lưu</textarea>" in _field(html, f"c{second.pk}-finding_note")
    assert "Đã lưu tiêu chí 1.1." in html


@pytest.mark.parametrize("name", ["edit", "appraisal"])
def test_the_long_forms_run_as_many_queries_for_more_criteria(commune, cycle, appraiser, name):
    def queries(general):
        dossier = make_dossier(
            commune,
            cycle=cycle,
            status=S.UNDER_APPRAISAL if name == "appraisal" else S.DRAFT,
            criteria_set=criteria_set_with(general=general),
        )
        user = appraiser if name == "appraisal" else make_member(commune, Role.OFFICER)
        return page_queries(client_for(user), reverse(f"dossiers:{name}", args=[dossier.pk]))

    assert queries(1) == queries(6)


# ---------------------------------------------------------------- in a browser


def _log_in(page, user) -> None:
    page.goto(page.base_url + reverse("login"))
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(page.base_url + reverse("home"))


@pytest.fixture
def open_dossier(commune, cycle, officer):
    """A draft dossier with four criteria, none assessed yet (for the browser)."""
    return make_dossier(commune, cycle=cycle, by=officer)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_criterion_saved_in_the_background_and_another_typed_both_survive_a_reload(
    fresh_content_types, page, open_dossier, officer
):
    from tests.core.test_csp import RECORDER

    page.context.add_init_script(RECORDER)
    first, second, *_ = _rows(open_dossier)
    _log_in(page, officer)
    page.goto(page.base_url + reverse("dossiers:edit", args=[open_dossier.pk]))
    progress = page.locator(".longform-bar .progress")
    assert progress.inner_text() == "0 / 4 tiêu chí đã đánh giá"

    page.select_option(f"select[name=c{first.pk}-level]", "good")
    page.fill(f"textarea[name=c{first.pk}-evidence]", "Tổ chức 4 buổi đối thoại")
    page.select_option(f"select[name=c{second.pk}-level]", "met")
    page.fill(f"textarea[name=c{second.pk}-evidence]", "Chưa lưu, chỉ gõ")
    assert progress.inner_text() == "2 / 4 tiêu chí đã đánh giá"
    block = page.locator(f"#criterion-{first.pk}")
    block.locator("button[data-save-criterion]").click()
    block.locator(".save-status.saved").wait_for()

    assert block.locator(".save-status").inner_text().startswith("Đã lưu lúc ")
    assert [(r.level, r.evidence) for r in _rows(open_dossier)[:2]] == [
        (Level.GOOD, "Tổ chức 4 buổi đối thoại"),
        ("", ""),
    ]
    page.screenshot(path="/tmp/longform-1280-saved.png")
    page.set_viewport_size({"width": 390, "height": 844})
    block.scroll_into_view_if_needed()
    page.screenshot(path="/tmp/longform-390-saved.png")
    page.reload()
    assert page.input_value(f"select[name=c{first.pk}-level]") == "good"
    assert page.input_value(f"textarea[name=c{second.pk}-evidence]") == "Chưa lưu, chỉ gõ"
    assert page.input_value(f"select[name=c{second.pk}-level]") == "met"
    assert page.locator("[data-draft-notice]").is_visible()
    assert progress.inner_text() == "2 / 4 tiêu chí đã đánh giá"
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path="/tmp/longform-390-restored.png")

    # The whole form saved, the draft is gone: a reload shows the server's values only.
    page.click("#dossier-form .longform-bar button[type=submit]")
    page.wait_for_load_state()
    assert "Đã lưu phần tự đánh giá." in page.content()
    assert _rows(open_dossier)[1].evidence == "Chưa lưu, chỉ gõ"
    assert page.evaluate("Object.keys(window.sessionStorage)") == []
    assert page.evaluate("window.__csp") == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_typed_text_survives_the_session_ending_and_comes_back_after_logging_in(
    fresh_content_types, page, open_dossier, officer
):
    first = _rows(open_dossier)[0]
    _log_in(page, officer)
    page.goto(page.base_url + reverse("dossiers:edit", args=[open_dossier.pk]))
    page.fill(f"textarea[name=c{first.pk}-evidence]", "Gõ trước khi hết phiên")
    page.fill("textarea[name=how_done]", "Cách làm gõ dở")

    page.context.clear_cookies()  # what the idle timeout does to the session
    page.locator(f"#criterion-{first.pk} button[data-save-criterion]").click()
    page.locator("[data-session-ended]").wait_for()
    status = page.locator(f"#criterion-{first.pk} .save-status.error").inner_text()
    _log_in(page, officer)
    page.goto(page.base_url + reverse("dossiers:edit", args=[open_dossier.pk]))

    assert status.startswith("Phiên làm việc của bạn đã hết hạn")
    assert page.input_value(f"textarea[name=c{first.pk}-evidence]") == "Gõ trước khi hết phiên"
    assert page.input_value("textarea[name=how_done]") == "Cách làm gõ dở"
    assert _rows(open_dossier)[0].evidence == ""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_appraiser_double_clicks_one_findings_save_and_it_is_saved_once(
    fresh_content_types, page, commune, cycle, appraiser
):
    dossier = make_dossier(commune, cycle=cycle, status=S.UNDER_APPRAISAL)
    first = _rows(dossier)[0]
    dossier.assessments.filter(pk=first.pk).update(finding_level="")
    _log_in(page, appraiser)
    page.goto(page.base_url + reverse("dossiers:appraisal", args=[dossier.pk]))
    progress = page.locator(".longform-bar .progress")
    assert progress.inner_text() == "3 / 4 tiêu chí đã đánh giá"

    page.select_option(f"select[name=c{first.pk}-finding_level]", "not_met")
    page.fill(f"textarea[name=c{first.pk}-finding_note]", "Thiếu biên bản họp")
    block = page.locator(f"#criterion-{first.pk}")
    block.locator("button[data-save-criterion]").dblclick()
    block.locator(".save-status.saved").wait_for()
    page.screenshot(path="/tmp/longform-appraisal-1280.png")

    assert progress.inner_text() == "4 / 4 tiêu chí đã đánh giá"
    assert _rows(dossier)[0].finding_level == Level.NOT_MET
    assert _edits(dossier, "dossier_appraisal_edit") == [[first.criterion.number]]
