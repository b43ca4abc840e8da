"""Every page whose submitted forms have errors opens with one summary of them (the
GOV.UK pattern), linking to each field in error, and keeps what was typed; required
fields are marked. The summary comes from the page's forms, whatever template draws
them: the new bright spot (a form and its activities formset) and the self-assessment
(one form per criterion)."""

import datetime
import re

import pytest
from django.urls import reverse

from apps.accounts.enums import Role
from apps.cycles.selectors import local_today
from tests.brightspots.factories import make_criteria_set, make_cycle
from tests.conftest import client_for
from tests.dossiers.factories import criteria_set_with, make_dossier
from tests.factories import make_member

pytestmark = pytest.mark.django_db


def _summary(html: str) -> str:
    """The error summary's HTML; it comes first in <main>."""
    main = html.split("<main>", 1)[1]
    match = re.match(r"\s*(<div class=\"error-summary\".*?</div>)", main, re.S)
    assert match, main[:400]
    return match.group(1)


def _links(summary: str) -> list[str]:
    return re.findall(r'<a href="([^"]+)">', summary)


def _new_spot_url(province, unit) -> str:
    """The new bright spot form of this year, while registration is open."""
    year = local_today().year
    make_cycle(province, year, registration_deadline=datetime.date(year, 12, 31))
    make_criteria_set()
    return reverse("brightspots:create", args=[unit.pk]) + f"?year={year}"


def test_new_bright_spot_with_a_bad_activity_opens_with_the_summary(commune, province):
    url = _new_spot_url(province, commune)
    officer = make_member(commune, Role.OFFICER)
    year = local_today().year
    data = {
        "kind": "qcdc",
        "name": "Công khai thu chi quỹ khối phố",
        "address": "",
        "activities-TOTAL_FORMS": "1",
        "activities-INITIAL_FORMS": "0",
        "activities-0-description": "Đối thoại với nhân dân",
        "activities-0-start_date": f"31/02/{year}",
        "activities-0-end_date": f"30/06/{year}",
    }

    response = client_for(officer).post(url, data)

    assert response.status_code == 200
    html = response.content.decode()
    summary = _summary(html)
    assert "Có lỗi cần sửa" in summary
    assert "#id_address" in _links(summary)
    assert "#id_activities-0-start_date" in _links(summary)
    assert "Dòng 1: " in summary
    assert 'value="Công khai thu chi quỹ khối phố"' in html
    assert 'value="Đối thoại với nhân dân"' in html


def test_self_assessment_with_a_score_too_high_opens_with_the_summary(commune, cycle):
    officer = make_member(commune, Role.OFFICER)
    dossier = make_dossier(commune, cycle=cycle, criteria_set=criteria_set_with(max_score=10))
    url = reverse("dossiers:edit", args=[dossier.pk])
    rows = list(dossier.assessments.all())
    data = {"lock_version": dossier.lock_version, "how_done": "Đối thoại hằng tháng"}
    data |= {f"c{row.pk}-score": "5" for row in rows}
    data |= {f"c{rows[-1].pk}-score": "12", f"c{rows[-1].pk}-evidence": "Biên bản số 3"}

    response = client_for(officer).post(url, data)

    assert response.status_code == 200
    html = response.content.decode()
    assert _links(_summary(html)) == [f"#id_c{rows[-1].pk}-score"]
    assert rows[-1].criterion.number in _summary(html)  # which criterion, not only "Điểm"
    assert "Đối thoại hằng tháng" in html
    assert "Biên bản số 3" in html


def test_an_error_of_the_whole_form_is_in_the_summary(commune):
    response = client_for(make_member(commune, Role.OFFICER)).post(
        reverse("password_change"),
        {"old_password": "sai", "new_password1": "x", "new_password2": "y"},
    )

    summary = _summary(response.content.decode())
    assert "#id_old_password" in _links(summary)


def test_a_page_without_errors_has_no_summary(commune, client):
    response = client.get(reverse("login"))

    assert "error-summary" not in response.content.decode()


def test_a_login_refused_shows_its_error_in_the_summary(client, commune):
    make_member(commune, Role.OFFICER, username="canbo")

    response = client.post(reverse("login"), {"username": "canbo", "password": "sai"})

    summary = _summary(response.content.decode())
    assert _links(summary) == []
    assert "tên đăng nhập" in summary.lower()


def test_required_fields_are_marked_with_a_spoken_required_and_a_legend(client):
    html = client.get(reverse("login")).content.decode()

    label = re.search(r'<label for="id_username">.*?</label>', html, re.S).group(0)
    assert '<span class="required-mark" aria-hidden="true"> *</span>' in label
    assert '<span class="visually-hidden"> (bắt buộc)</span>' in label
    assert "là bắt buộc." in html


def test_an_optional_field_is_not_marked(commune, province):
    url = _new_spot_url(province, commune)
    officer = make_member(commune, Role.OFFICER)

    html = client_for(officer).get(url).content.decode()

    name = re.search(r'<label for="id_name">.*?</label>', html, re.S).group(0)
    assert "bắt buộc" in name
    optional = [
        f
        for f in re.findall(r"<label for=\"id_[a-z_]+\">.*?</label>", html, re.S)
        if "bắt buộc" not in f
    ]
    assert optional, "the form has optional fields, shown without a mark"
