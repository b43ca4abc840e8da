"""Template plumbing: no inline code in pages served to browsers, the one field include,
the one date and date-time format, and the import preview without inline styles."""

import datetime
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.conf import settings
from django.template import Context, Template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe

from apps.brightspots.enums import BrightSpotStatus, RoutingStatus
from apps.core.templatetags import portal
from apps.decisions.enums import DecisionStatus
from apps.decisions.models import Decision
from apps.dossiers.enums import DossierStatus
from apps.reports.enums import ReviewReportStatus
from tests.conftest import client_for

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# Rendered into PDFs by WeasyPrint, or sent as e-mails: never served as web pages.
NOT_SERVED = ("emails", "pdf")
INLINE = re.compile(r"<script(?![^>]*\ssrc=)|<style|\sstyle=|\son[a-z]+=", re.IGNORECASE)


def _served_templates():
    for path in sorted(TEMPLATES.rglob("*.html")):
        if not set(path.relative_to(TEMPLATES).parts) & set(NOT_SERVED):
            yield path


def test_no_served_template_has_inline_code():
    found = [
        f"{path.relative_to(TEMPLATES)}:{number}: {line.strip()}"
        for path in _served_templates()
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if INLINE.search(line)
    ]

    assert found == []


def test_the_inline_code_check_sees_each_kind():
    lines = [
        "<style>p {}</style>",
        '<p style="color: red">',
        '<button onclick="go()">',
        "<script>go()</script>",
    ]

    assert [bool(INLINE.search(line)) for line in lines] == [True, True, True, True]
    assert INLINE.search("<script src=\"{% static 'js/portal.js' %}\"></script>") is None


# --- dates ------------------------------------------------------------------------

DATES = Template("{% load portal %}{{ value|dmy }}|{{ value|dmy_hm }}")
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (datetime.date(2026, 1, 5), "05/01/2026|05/01/2026"),
        (datetime.datetime(2026, 2, 5, 8, 3, tzinfo=VIETNAM), "05/02/2026|05/02/2026 08:03"),
        # 17:30 UTC on 31/12 is already 00:30 on 1/1 in Vietnam.
        (
            datetime.datetime(2026, 12, 31, 17, 30, tzinfo=datetime.UTC),
            "01/01/2027|01/01/2027 00:30",
        ),
        (None, "|"),
        ("", "|"),
    ],
)
def test_dates_show_as_dd_mm_yyyy_in_vietnam(value, shown):
    assert DATES.render(Context({"value": value})) == shown


def test_no_template_writes_its_own_date_format():
    found = [
        f"{path.relative_to(TEMPLATES)}: {match}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        if "emails" not in path.parts
        for match in re.findall(r'\|date:"[^"]*"', path.read_text())
        if match not in ('|date:"d"', '|date:"m"', '|date:"Y"')  # "ngày 05 tháng 02 năm 2026"
    ]

    assert found == []


# --- the field include ------------------------------------------------------------


class _Form(forms.Form):
    name = forms.CharField(help_text="Tên đầy đủ.")
    kinds = forms.MultipleChoiceField(
        choices=[("qcdc", "QCDC"), ("dvcq", "DVCQ")],
        widget=forms.CheckboxSelectMultiple,
        help_text="Chọn ít nhất một loại.",
    )


def _field(form, name) -> str:
    return render_to_string("includes/_field.html", {"field": form[name]})


def test_field_help_text_has_the_id_the_widget_names():
    html = _field(_Form(), "name")

    assert 'aria-describedby="id_name_helptext"' in html
    assert '<small class="muted" id="id_name_helptext">Tên đầy đủ.</small>' in html


def test_field_errors_have_the_id_the_widget_names():
    html = _field(_Form(data={"kinds": ["qcdc"]}), "name")

    assert 'aria-describedby="id_name_helptext id_name_error"' in html
    assert 'id="id_name_error"' in html


def test_a_list_of_checkboxes_is_a_fieldset_described_by_its_help():
    html = _field(_Form(), "kinds")

    assert html.strip().startswith('<fieldset class="field" aria-describedby="id_kinds_helptext">')
    assert '<legend>Kinds:<span class="required-mark"' in html
    assert 'id="id_kinds_helptext"' in html


@pytest.mark.django_db
def test_every_aria_describedby_on_a_form_page_points_at_an_element(province_admin):
    html = client_for(province_admin).get(reverse("cycles:create")).content.decode()

    named = {i for ids in re.findall(r'aria-describedby="([^"]+)"', html) for i in ids.split()}
    present = set(re.findall(r'\sid="([^"]+)"', html))

    assert named
    assert named - present == set()


# --- the admin's import preview ---------------------------------------------------

PREVIEW = Template("{% load import_preview %}{{ cell|unstyled_diff }}")


def test_import_preview_loses_its_inline_styles():
    cell = mark_safe(
        '<span>Sở </span><del style="background:#ffe6e6;">Y</del>'
        '<ins style="background:#e6ffe6;">Nội</ins><span> tế</span>'
    )

    assert PREVIEW.render(Context({"cell": cell})) == (
        "<span>Sở </span><del>Y</del><ins>Nội</ins><span> tế</span>"
    )


def test_import_preview_still_escapes_text_not_marked_safe():
    assert PREVIEW.render(Context({"cell": "<b>x</b>"})) == "&lt;b&gt;x&lt;/b&gt;"


# --- status badges ------------------------------------------------------------------

BADGE = Template("{% load portal %}{% status_badge obj %}")
STATUS_ENUMS = [BrightSpotStatus, RoutingStatus, DossierStatus, DecisionStatus, ReviewReportStatus]


def test_status_badge_takes_its_tone_from_the_enum(monkeypatch):
    monkeypatch.setattr(DecisionStatus, "TONES", {"issued": "ok"}, raising=False)
    portal._tones.cache_clear()

    issued = BADGE.render(Context({"obj": Decision(status=DecisionStatus.ISSUED)}))
    draft = BADGE.render(Context({"obj": Decision(status=DecisionStatus.DRAFT)}))
    portal._tones.cache_clear()

    assert issued == '<span class="badge ok">Đã ban hành</span>'
    assert draft == '<span class="badge">Dự thảo</span>'


@pytest.mark.parametrize("enum", STATUS_ENUMS)
def test_status_tones_name_real_statuses_and_known_colours(enum):
    tones = getattr(enum, "TONES", {})

    assert set(tones) <= set(enum.values)
    assert set(tones.values()) <= {"ok", "warn"}  # .badge.ok and .badge.warn in portal.css


def test_badges_keep_the_colours_they_had():
    shown = {
        enum.__name__: {value: tone for value, tone in getattr(enum, "TONES", {}).items()}
        for enum in STATUS_ENUMS
    }

    assert shown == {
        "BrightSpotStatus": {
            "acknowledged": "ok",
            "in_progress": "ok",
            "recognised": "ok",
            "registered": "warn",
            "in_recognition": "warn",
        },
        "RoutingStatus": {"acknowledged": "ok", "pending": "warn"},
        "DossierStatus": {
            "passed": "ok",
            "proposed": "ok",
            "submitted": "warn",
            "resubmitted": "warn",
            "under_appraisal": "warn",
            "returned": "warn",
        },
        "DecisionStatus": {"issued": "ok", "revoked": "warn"},
        "ReviewReportStatus": {"submitted": "ok"},
    }
