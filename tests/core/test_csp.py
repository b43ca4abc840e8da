"""The Content-Security-Policy: every page carries it, without 'unsafe-inline' or
'unsafe-eval', and the main pages of each persona (the admin's included) break none of
its rules in Chromium. Violations are caught with the browser's own
``securitypolicyviolation`` events, recorded into ``window.__csp`` by an init script."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from apps.accounts.enums import Role
from apps.brightspots.models import RegistrationRouting
from apps.brightspots.services import registration_list_send
from apps.decisions.models import Certificate
from apps.dossiers.enums import DossierStatus
from tests.brightspots.factories import make_bright_spot, make_cycle
from tests.conftest import client_for
from tests.decisions.factories import make_authority, make_issued, make_proposed_spot
from tests.dossiers.factories import make_dossier
from tests.factories import PASSWORD, make_member
from tests.kinds import BrightSpotKind
from tests.units.test_resources import SO_Y_TE, csv_bytes

POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}

RECORDER = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__csp.push(event.violatedDirective + " at " + (event.sourceFile || event.documentURI)
    + ":" + event.lineNumber + " " + (event.sample || event.blockedURI));
});
"""


def _policy(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    directives = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in directives}


# --- the header -------------------------------------------------------------------


@pytest.mark.django_db
def test_csp_header_on_an_ordinary_page(client):
    response = client.get(reverse("login"))

    assert response.status_code == 200
    assert _policy(response) == POLICY
    assert "unsafe" not in response.headers["Content-Security-Policy"]


@pytest.mark.django_db
def test_csp_header_on_the_admin(province_admin):
    response = client_for(province_admin).get(reverse("admin:index"))

    assert response.status_code == 200
    assert _policy(response) == POLICY
    assert "unsafe" not in response.headers["Content-Security-Policy"]


@pytest.mark.django_db
def test_csp_header_on_the_admin_login(client):
    response = client.get(reverse("admin:login"))

    assert response.status_code == 200
    assert _policy(response) == POLICY


# --- pages in the browser ---------------------------------------------------------


@pytest.fixture
def csp_page(page):
    """The browser page, recording every CSP violation of every document it loads."""
    page.context.add_init_script(RECORDER)
    return page


def _log_in(page, user) -> None:
    page.context.clear_cookies()
    page.goto(page.base_url + reverse("login"))
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(page.base_url + reverse("home"))


def _violations(page, url: str, then=None) -> list[str]:
    """Opens ``url`` (which must answer 200), runs ``then(page)`` if given, and returns
    the violations the page reported."""
    response = page.goto(page.base_url + url)
    assert response.status == 200, (url, response.status)
    if then:
        then(page)
    page.wait_for_load_state("networkidle")
    return [f"{url}: {v}" for v in page.evaluate("window.__csp")]


def _visit_all(page, user, visits) -> list[str]:
    _log_in(page, user)
    found = []
    for visit in visits:
        url, then = visit if isinstance(visit, tuple) else (visit, None)
        found += _violations(page, url, then)
    return found


@pytest.fixture
def sent_list(province, commune, boards, leader):
    """The commune's 2026 list with two bright spots, sent to the boards on 29/3/2026."""
    cycle = make_cycle(province, 2026)
    with time_machine.travel(
        datetime.datetime(2026, 3, 29, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False
    ):
        spot = make_bright_spot(commune, cycle=cycle, kind=BrightSpotKind.QCDC, activities=2)
        make_bright_spot(commune, cycle=cycle, kind=BrightSpotKind.DVCQ)
        return registration_list_send(registration_list=spot.registration_list, by=leader)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_recorder_sees_inline_code(csp_page, live_server):
    """The check below is only worth something if an inline style is caught."""
    probe = live_server.url + "/csp-probe/"
    csp_page.route(
        probe,
        lambda route: route.fulfill(
            status=200,
            headers={"Content-Security-Policy": "style-src 'self'; script-src 'self'"},
            content_type="text/html",
            body='<p style="color: red">x</p><script>1</script>',
        ),
    )

    csp_page.goto(probe)
    csp_page.wait_for_load_state("networkidle")

    assert sorted(v.split()[0] for v in csp_page.evaluate("window.__csp")) == [
        "script-src-elem",
        "style-src-attr",
    ]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_unit_pages_break_no_csp_rule(csp_page, province, commune, officer, leader, sent_list):
    make_cycle(province, 2027)  # next year, open for drafting (today the 2026 one is closed)
    spot = sent_list.bright_spots.first()
    dossier = make_dossier(commune, status=DossierStatus.DRAFT, filled=True, by=officer)

    found = _visit_all(
        csp_page,
        officer,
        [
            reverse("home"),
            reverse("brightspots:list"),
            reverse("brightspots:unit_year", args=[commune.pk]) + "?year=2026",
            (
                reverse("brightspots:create", args=[commune.pk]) + "?year=2027",
                lambda page: page.click("#add-activity"),
            ),
            spot.get_absolute_url(),
            reverse("brightspots:registration_print", args=[sent_list.pk]),
            dossier.get_absolute_url(),
            reverse("dossiers:edit", args=[dossier.pk]),
            reverse("dossiers:queue"),
            reverse("notifications:list"),
            reverse("password_change"),
        ],
    )

    assert found == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_board_pages_break_no_csp_rule(csp_page, boards, sent_list):
    member = make_member(boards["bcd_qcdc"], Role.STEERING, username="bcd_member")
    routing = RegistrationRouting.objects.get(board=boards["bcd_qcdc"])

    found = _visit_all(
        csp_page,
        member,
        [
            reverse("brightspots:inbox") + "?year=2026",
            reverse("brightspots:inbox_print") + "?year=2026",
            reverse("brightspots:routing_detail", args=[routing.pk]),
        ],
    )

    assert found == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_province_pages_break_no_csp_rule(csp_page, province, sent_list):
    observer = make_member(province, Role.OBSERVER, username="thuong_truc")
    spot = sent_list.bright_spots.first()

    found = _visit_all(
        csp_page,
        observer,
        [
            reverse("reports:dashboard") + "?year=2026",
            reverse("reports:summary") + "?year=2026",
            reverse("reports:showcase"),
            reverse("cycles:list"),
            reverse("units:list"),
            reverse("criteria:print", args=[spot.criteria_set.pk]),
        ],
    )

    assert found == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_decision_pages_break_no_csp_rule(csp_page, live_server, commune):
    authority = make_authority(commune)
    chairman = make_member(authority, Role.DECISION_MAKER, username="chu_tich")
    decision = make_issued(authority, [make_proposed_spot(authority)], by=chairman)
    certificate = Certificate.objects.get(decision=decision)

    found = _visit_all(
        csp_page,
        chairman,
        [reverse("decisions:list"), decision.get_absolute_url()],
    )
    found += _violations(csp_page, certificate.get_absolute_url())

    assert found == []


def _import_preview(page) -> None:
    page.set_input_files(
        "input[name=import_file]",
        files=[{"name": "units.csv", "mimeType": "text/csv", "buffer": csv_bytes(SO_Y_TE)}],
    )
    page.select_option("select[name=format]", "0")  # CSV (guessed from the name too)
    page.click("input[type=submit]")
    page.wait_for_selector("table.import-preview ins")


def _open_autocomplete(page) -> None:
    page.click(".select2-selection")
    page.wait_for_selector(".select2-results__option")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_admin_pages_break_no_csp_rule(csp_page, province, commune, officer, province_admin):
    cycle = make_cycle(province, 2026)

    found = _visit_all(
        csp_page,
        province_admin,
        [
            reverse("admin:index"),
            reverse("admin:units_unit_changelist"),
            reverse("admin:units_unit_change", args=[commune.pk]),
            (reverse("admin:units_unit_import"), _import_preview),
            (reverse("admin:units_unit_export"), lambda page: page.click("input.select-toggle")),
            reverse("admin:accounts_user_changelist"),
            (reverse("admin:accounts_user_change", args=[officer.pk]), _open_autocomplete),
            (
                reverse("admin:cycles_cycle_change", args=[cycle.pk]),
                lambda page: page.locator(".datetimeshortcuts a").nth(1).click(),
            ),
            reverse("admin:brightspots_brightspot_changelist"),
            (reverse("admin:accounts_membership_add"), _open_autocomplete),
        ],
    )

    assert found == []
