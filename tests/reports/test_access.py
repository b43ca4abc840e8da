import itertools

import pytest
import time_machine
from django.urls import reverse

from apps.reports.models import ReviewReport
from apps.reports.services import review_report_save, review_report_start, review_report_submit
from apps.units.models import Unit
from tests.access import COMMUNE_STAFF, PERSONAS, assert_audited, assert_success, check_access
from tests.brightspots.factories import make_cycle

IN_PROVINCE = {
    "officer",
    "leader",
    "officer_other",
    "appraiser",
    "steering",
    "decision_maker",
    "observer",
    "admin",
    "two_roles",
}
SIGNED_IN = IN_PROVINCE | {"outsider"}
PROVINCE_ROLES = {"appraiser", "steering", "observer", "admin"}
COMMUNE_READERS = COMMUNE_STAFF | {"decision_maker"}
BEFORE_DEADLINE = "2026-11-20 09:00 +07:00"


@pytest.fixture
def cycle(personas):
    make_cycle(personas.other_province, 2026)
    return make_cycle(personas.province, 2026)


@pytest.fixture
def draft(personas, cycle):
    officer = personas.users["officer"]
    commune = Unit.objects.get(pk=personas.commune.pk)  # a later root moved the tree's paths
    report = review_report_start(unit=commune, cycle=cycle, by=officer)
    texts = {"results": "Kết quả", "lessons": "Kinh nghiệm", "next_year_plan": "Kế hoạch"}
    return review_report_save(report=report, by=officer, **texts)


@pytest.fixture
def submitted(personas, draft):
    with time_machine.travel(BEFORE_DEADLINE):
        return review_report_submit(report=draft, by=personas.users["leader"])


@pytest.mark.django_db
def test_dashboard_of_ones_widest_unit(personas, cycle):
    check_access(
        personas, "get", reverse("reports:dashboard"), allowed=SIGNED_IN, allowed_status=200
    )


@pytest.mark.django_db
def test_dashboard_of_a_commune(personas, cycle):
    url = reverse("reports:dashboard") + f"?unit={personas.commune.pk}"

    check_access(personas, "get", url, allowed=IN_PROVINCE - {"officer_other"}, allowed_status=200)


@pytest.mark.django_db
def test_dashboard_of_the_province(personas, cycle):
    url = reverse("reports:dashboard") + f"?unit={personas.province.pk}"

    check_access(personas, "get", url, allowed=PROVINCE_ROLES, allowed_status=200)


@pytest.mark.django_db
def test_dashboard_post_is_refused(personas, cycle):
    check_access(personas, "post", reverse("reports:dashboard"), allowed=set(), refused_status=405)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["reports:summary", "reports:summary_xlsx", "reports:summary_pdf"])
def test_province_summary_for_supervising_roles(personas, cycle, name):
    url = reverse(name) + f"?unit={personas.province.pk}"

    check_access(personas, "get", url, allowed=PROVINCE_ROLES, allowed_status=200)


@pytest.mark.django_db
def test_summary_without_a_unit_opens_ones_own_province(personas, cycle):
    url = reverse("reports:summary")

    check_access(personas, "get", url, allowed=PROVINCE_ROLES | {"outsider"}, allowed_status=200)


@pytest.mark.django_db
def test_review_list_for_everyone_signed_in(personas, cycle):
    check_access(
        personas, "get", reverse("reports:review_list"), allowed=SIGNED_IN, allowed_status=200
    )


@pytest.fixture
def fresh_cycle(personas, cycle):
    """Makes the province's cycle of a new year (2027, 2028, ...)."""
    years = itertools.count(2027)
    return lambda: make_cycle(personas.province, next(years))


@pytest.fixture
def fresh_draft(personas, fresh_cycle):
    """Makes a written draft of the commune's report in a new year."""

    def make():
        officer = personas.users["officer"]
        commune = Unit.objects.get(pk=personas.commune.pk)
        report = review_report_start(unit=commune, cycle=fresh_cycle(), by=officer)
        texts = {"results": "Kết quả", "lessons": "Kinh nghiệm", "next_year_plan": "Kế hoạch"}
        return review_report_save(report=report, by=officer, **texts)

    return make


@pytest.mark.django_db
def test_review_start_by_the_units_officer_or_leader(personas, fresh_cycle):
    def started(cycle, by, response):
        report = ReviewReport.objects.get(unit=personas.commune, cycle=cycle)
        assert response.url == report.get_absolute_url()
        assert_audited(report, "start", by=by)

    check_access(
        personas,
        "post",
        reverse("reports:review_start"),
        allowed=COMMUNE_STAFF,
        allowed_status=302,
        data=lambda cycle: {"unit": personas.commune.pk, "year": cycle.year},
        fresh=fresh_cycle,
        effect=started,
    )


@pytest.mark.django_db
def test_review_start_get_is_refused(personas, cycle):
    check_access(
        personas, "get", reverse("reports:review_start"), allowed=set(), refused_status=405
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["reports:review_detail", "reports:review_print", "reports:review_pdf"]
)
def test_draft_is_seen_by_its_unit_only(personas, draft, name):
    url = reverse(name, args=[draft.pk])

    check_access(personas, "get", url, allowed=COMMUNE_READERS, allowed_status=200)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["reports:review_detail", "reports:review_print", "reports:review_pdf"]
)
def test_submitted_report_is_seen_by_the_province_too(personas, submitted, name):
    url = reverse(name, args=[submitted.pk])

    check_access(personas, "get", url, allowed=COMMUNE_READERS | PROVINCE_ROLES, allowed_status=200)


@pytest.mark.django_db
def test_review_edit_by_the_units_officer_or_leader(personas, fresh_draft):
    data = {"results": "Mới", "lessons": "Mới", "next_year_plan": "Mới"}

    def saved(report, by, response):
        report.refresh_from_db()
        assert (report.results, report.lessons, report.next_year_plan) == ("Mới", "Mới", "Mới")
        assert_audited(report, "edit", by=by)
        assert_success(response)

    check_access(
        personas,
        "post",
        lambda report: reverse("reports:review_edit", args=[report.pk]),
        allowed=COMMUNE_STAFF,
        allowed_status=302,
        data=data,
        fresh=fresh_draft,
        effect=saved,
    )


@pytest.mark.django_db
def test_review_edit_of_a_submitted_report_is_refused(personas, submitted):
    url = reverse("reports:review_edit", args=[submitted.pk])

    check_access(personas, "post", url, allowed=set(), data={"results": "Sửa"})


@pytest.mark.django_db
@time_machine.travel(BEFORE_DEADLINE)
def test_review_submit_by_the_units_leader(personas, fresh_draft):
    def submitted(report, by, response):
        report.refresh_from_db()
        assert (report.is_submitted, report.submitted_by) == (True, by)
        assert_audited(report, "submit", by=by)
        assert_success(response)

    check_access(
        personas,
        "post",
        lambda report: reverse("reports:review_submit", args=[report.pk]),
        allowed={"leader", "two_roles"},
        allowed_status=302,
        fresh=fresh_draft,
        effect=submitted,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["reports:review_edit", "reports:review_submit"])
def test_review_steps_refuse_get(personas, draft, name):
    url = reverse(name, args=[draft.pk])

    check_access(personas, "get", url, allowed=set(), refused_status=405)


@pytest.mark.django_db
def test_showcase_is_public(personas):
    check_access(
        personas, "get", reverse("reports:showcase"), allowed=set(PERSONAS), allowed_status=200
    )


@pytest.mark.django_db
def test_showcase_post_is_refused(personas):
    check_access(personas, "post", reverse("reports:showcase"), allowed=set(), refused_status=405)
