"""No request answers 500: Hypothesis requests every URL of the portal (GET and POST)
as each persona, with the path's numbers drawn from the keys of real rows (and keys of
no row), fuzzed query parameters and fuzzed form fields. Each example runs in a
transaction rolled back afterwards, so every one starts from the same landscape.

The Django admin is left out (its forms are Django's own; the NUL-byte guard covers its
filters, see tests/core/test_params.py). A deeper run: ``FUZZ_EXAMPLES=3000 pytest
tests/test_fuzz_urls.py`` (benchmarks/README.md).
"""

import os

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apps.brightspots.enums import BrightSpotStatus
from apps.cycles.process_services import process_draft_start
from apps.dossiers.enums import DossierStatus
from apps.units.enums import BoardFunction, UnitKind
from tests.access import build_personas
from tests.brightspots.factories import make_bright_spot, make_cycle
from tests.decisions.factories import make_authority, make_issued, make_proposed_spot
from tests.dossiers.factories import make_dossier
from tests.factories import make_unit
from tests.reminders.factories import make_review_report, send_list

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "4"))  # per URL, each as six personas
EXEMPT_NAMESPACES = {"admin"}


def _patterns(resolver: URLResolver, prefix: str = "") -> list[tuple[str, list[str]]]:
    """(url name, its argument names) for every named pattern outside the exemptions."""
    found = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            namespace = entry.namespace or ""
            if namespace in EXEMPT_NAMESPACES:
                continue
            found += _patterns(entry, f"{prefix}{namespace}:" if namespace else prefix)
        elif isinstance(entry, URLPattern) and entry.name:
            found.append((prefix + entry.name, list(entry.pattern.converters)))
    return found


URLS = sorted(_patterns(get_resolver()))
KEYS = ["year", "page", "q", "unit", "kind", "status", "state", "days", "within", "code"]
FIELDS = [
    "reason",
    "comment",
    "approve",
    "lock_version",
    "name",
    "kind",
    "year",
    "unit",
    "appraiser",
    "letter_date",
    "new_date",
    "deadline",
    "text",
    "q",
    "confirm",
    "certificates",
    "number",
    # The process page's forms (apps/cycles/process_forms.py, by prefix).
    "general-title",
    "general-period_start",
    "kind-code",
    "kind-name",
    "minimum-kind",
    "minimum-count",
    "dates-registration_deadline",
    "dates-registration_deadline_reminders",
    "conference-level",
    "conference-valid_from",
    "conference-valid_until",
    "publish-note",
    "publish-confirm",
    "discard-confirm",
]
# NUL bytes are left out here: they are refused with 400 before any view runs
# (tests/core/test_params.py), which would hide what the view does with the rest.
TEXT = st.one_of(
    st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), max_size=40),
    st.sampled_from(["²", "٣", "9" * 30, "-1", "0", "31/02/2026", "<script>", "=1+1"]),
)
# Who asks: each example is requested as every persona that holds a role somewhere in
# the province (the others are refused at the door, which the access matrix proves).
ACTING = ["officer", "leader", "appraiser", "steering", "decision_maker", "admin"]


@pytest.fixture(scope="module")
def landscape(django_db_setup, django_db_blocker):
    """The personas and one row of each kind of object a URL names, built once for the
    module inside a transaction rolled back when the module ends (each test then runs
    in its own savepoint inside it)."""
    with django_db_blocker.unblock(), transaction.atomic():
        province = make_unit("Tỉnh Nghệ An", code="P40")
        commune = make_unit("Phường Vinh Phú", parent=province, code="W16702")
        other_commune = make_unit("Xã Nghĩa Đàn", parent=province, code="W17000")
        other_province = make_unit("Tỉnh Hà Tĩnh", code="P42")
        personas = build_personas(province, commune, other_commune, other_province)
        for function in BoardFunction:
            make_unit(function.label, parent=province, kind=UnitKind.BOARD, function=function)
        cycle = make_cycle(province, 2026)
        authority = make_authority(commune)
        draft = process_draft_start(province=province, by=personas.users["admin"])
        rows = [
            make_bright_spot(commune, cycle=cycle, status=BrightSpotStatus.ACKNOWLEDGED),
            make_dossier(commune, cycle=cycle, status=DossierStatus.SUBMITTED),
            make_issued(authority, [make_proposed_spot(commune, name="Đề nghị")]),
            send_list(commune, cycle),
            make_review_report(commune, cycle),
            cycle,
            commune,
            province,
            draft.kinds.first(),
            draft.minimums.first(),
            draft.conference_levels.first(),
        ]
        yield personas, sorted({row.pk for row in rows} | {999_999_999})
        transaction.set_rollback(True)


@pytest.fixture
def clients(landscape, db):
    """One logged-in client per acting persona, for all the examples of a URL."""
    personas, _keys = landscape
    return {persona: personas.client(persona) for persona in ACTING}


@pytest.mark.parametrize(("name", "arguments"), URLS, ids=[name for name, _args in URLS])
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_no_url_answers_500(name, arguments, landscape, clients, data):
    _personas, keys = landscape
    kwargs = {
        arg: data.draw(st.sampled_from(keys)) if arg != "code" else data.draw(TEXT)
        for arg in arguments
    }
    try:
        url = reverse(name, kwargs=kwargs)
    except Exception:  # a drawn value the converter refuses: no such URL to request
        return
    method = data.draw(st.sampled_from(["get", "post"]), label="method")
    # Every parameter a page might read, each fuzzed (a view reads only its own).
    names = FIELDS if method == "post" else KEYS
    payload = data.draw(st.fixed_dictionaries(dict.fromkeys(names, TEXT)), label="payload")
    answers = {}

    for persona in ACTING:
        with transaction.atomic():
            response = getattr(clients[persona], method)(url, payload)
            answers[persona] = response.status_code
            transaction.set_rollback(True)

    assert max(answers.values()) < 500, (method, url, payload, answers)
