"""The access matrix: every URL x method x persona, asserting the answer a persona
must get, that a refused request (404/403/405/302 to login) left the database
unchanged, and that an allowed one did what it is for.

Each app writes its rows in ``tests/<app>/test_access.py``::

    def test_unit_detail_access(personas, commune):
        check_access(personas, "get", reverse("units:detail", args=[commune.pk]),
                     allowed={"officer", "leader", "admin", ...})

    def test_issue_access(personas, setup):
        def issued(decision, by, response):
            decision.refresh_from_db()
            assert decision.status == DecisionStatus.ISSUED
            assert_audited(decision, "issue", by=by)
            assert_success(response)

        check_access(
            personas, "post", lambda decision: reverse("decisions:issue", args=[decision.pk]),
            allowed={"decision_maker"}, allowed_status=302, data={"confirm": "on"},
            fresh=lambda: make_draft(...),  # one object per allowed persona
            effect=issued,
        )

Coverage is what was requested, not what was declared: ``check_access`` records the
URL name (``namespace:name``) of every path it requests in ``REQUESTED_URL_NAMES``, and
:class:`MatrixCoverage` (a pytest plugin registered by ``tests/conftest.py``) fails the
session when a named URL pattern of the project was never requested.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from apps.accounts.enums import Role
from apps.core.models import AuditEvent
from tests.factories import UserFactory, make_member

PERSONAS = (
    "anonymous",
    "officer",  # officer of the own commune
    "leader",  # leader of the own commune
    "officer_other",  # officer of another commune in the same province
    "appraiser",  # appraiser at the province (Ban Dân vận)
    "steering",  # steering board member at the province
    "decision_maker",  # decision maker of the own commune (UBND xã)
    "observer",  # observer at the province
    "admin",  # administrator of the province
    "two_roles",  # officer elsewhere and leader of the own commune
    "deactivated",  # officer of the own commune, account deactivated
    "outsider",  # administrator of another province
)

# Persona groups, named once: the own commune's staff (officer and leader roles), and
# the province's board seats.
COMMUNE_STAFF = frozenset({"officer", "leader", "two_roles"})
BOARD_SEATS = frozenset({"appraiser", "steering", "observer"})


@dataclass
class Personas:
    province: object
    commune: object
    other_commune: object
    other_province: object
    users: dict

    def client(self, name: str) -> Client:
        client = Client()
        if name != "anonymous":
            client.force_login(self.users[name])
        return client


def build_personas(province, commune, other_commune, other_province) -> Personas:
    users = {
        "officer": make_member(commune, Role.OFFICER, username="p_officer"),
        "leader": make_member(commune, Role.LEADER, username="p_leader"),
        "officer_other": make_member(other_commune, Role.OFFICER, username="p_officer_other"),
        "appraiser": make_member(province, Role.APPRAISER, username="p_appraiser"),
        "steering": make_member(province, Role.STEERING, username="p_steering"),
        "decision_maker": make_member(commune, Role.DECISION_MAKER, username="p_decision"),
        "observer": make_member(province, Role.OBSERVER, username="p_observer"),
        "admin": make_member(province, Role.ADMIN, username="p_admin"),
        "outsider": make_member(other_province, Role.ADMIN, username="p_outsider"),
    }
    two = UserFactory(username="p_two_roles")
    make_member(other_commune, Role.OFFICER, user=two)
    make_member(commune, Role.LEADER, user=two)
    users["two_roles"] = two
    gone = make_member(commune, Role.OFFICER, username="p_deactivated")
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    users["deactivated"] = gone
    return Personas(province, commune, other_commune, other_province, users)


# ---------------------------------------------------------------- what a request changed


def database_fingerprint() -> dict:
    """A digest of every table of our apps (sessions and login attempts excluded), read
    in one query."""
    existing = set(connection.introspection.table_names())
    models = [
        model
        for model in apps.get_models()
        if model.__module__.startswith("apps.")
        and not model._meta.proxy
        and model._meta.db_table in existing  # not a model whose migration is pending
    ]
    digests = ", ".join(
        "(SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM "
        f"{connection.ops.quote_name(model._meta.db_table)} t)"
        for model in models
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {digests}")
        row = cursor.fetchone()
    return {model._meta.label: digest for model, digest in zip(models, row, strict=True)}


class _Changed(Exception):
    """Raised to roll back refused requests that changed the database."""


def _changed_anything(act: Callable[[], None]) -> bool:
    """Run ``act`` between two fingerprints; when they differ, roll ``act`` back and
    say so."""
    try:
        with transaction.atomic():
            before = database_fingerprint()
            act()
            if database_fingerprint() != before:
                raise _Changed
    except _Changed:
        return True
    return False


def error_messages(response) -> list[str]:
    """The ERROR messages the request added (shown on the page, or kept in the
    session for the page after the redirect)."""
    return [
        str(m) for m in messages.get_messages(response.wsgi_request) if m.level == messages.ERROR
    ]


def success_messages(response) -> list[str]:
    return [
        str(m) for m in messages.get_messages(response.wsgi_request) if m.level == messages.SUCCESS
    ]


def assert_success(response) -> None:
    """The page (or the one after the redirect) tells the user the step was done."""
    assert success_messages(response) != [], "no success message"


def assert_audited(obj, action: str, *, by) -> None:
    """``by`` wrote an audit row ``action`` on ``obj``."""
    rows = AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    )
    assert rows.filter(action=action, actor=by).exists(), (
        f"no audit row {action!r} by {by} on {obj!r}: "
        f"{list(rows.values_list('action', 'actor__username'))}"
    )


# ---------------------------------------------------------------- the matrix


LOGGED_OUT = frozenset({"anonymous", "deactivated"})

# Every URL name check_access requested in this process (see MatrixCoverage).
REQUESTED_URL_NAMES: set[str] = set()


def _request(client: Client, method: str, url: str, data: dict):
    match = resolve(urlsplit(url).path)  # a URL that resolves to no view is a test bug
    REQUESTED_URL_NAMES.add(match.view_name)
    return getattr(client, method)(url, data)


def check_access(
    personas: Personas,
    method: str,
    url: str | Callable[[Any], str],
    *,
    allowed: set[str],
    allowed_status: set[int] | int = frozenset({200, 302}),
    data: dict | Callable[[Any], dict] | None = None,
    refused_status: int = 404,
    turned_back: set[str] = frozenset(),
    only: tuple[str, ...] = PERSONAS,
    fresh: Callable[[], Any] | None = None,
    effect: Callable[[Any, Any, Any], None] | None = None,
) -> None:
    """Every persona in ``only`` gets ``allowed_status`` if in ``allowed``, without an
    error message; the others get ``refused_status`` (anonymous and deactivated users:
    a redirect to log in, or ``refused_status`` for endpoints that never redirect), or,
    for the ``turned_back`` ones, a redirect with an error message; and the refused
    requests change nothing.

    ``fresh()`` makes the object the request acts on, so that no allowed persona finds
    the work done by the one before: one for all refused personas (who change nothing,
    so the first allowed persona takes it over), and a new one for each other allowed
    persona; ``url`` and ``data`` are then functions of that object.
    ``effect(obj, user, response)`` asserts what each allowed request did (``user`` is
    None for the anonymous persona).
    """
    unknown = (set(allowed) | set(turned_back)) - set(PERSONAS)
    assert not unknown, f"unknown personas {unknown}"
    assert not set(allowed) & set(turned_back), "a persona is both allowed and turned back"
    ok = {allowed_status} if isinstance(allowed_status, int) else set(allowed_status)

    def target(obj) -> tuple[str, dict]:
        return (
            url(obj) if callable(url) else url,
            (data(obj) if callable(data) else data) or {},
        )

    refused = [name for name in only if name not in allowed]
    assert set(turned_back) <= set(refused), "a persona turned back is not in only"
    untouched = [fresh()] if fresh else []
    if refused:
        path, payload = target(untouched[0] if fresh else None)
        _check_refused(
            personas,
            method,
            path,
            payload,
            refused,
            refused_status=refused_status,
            turned_back=turned_back,
        )
    for name in only:
        if name not in allowed:
            continue
        obj = (untouched.pop() if untouched else fresh()) if fresh else None
        path, payload = target(obj)
        response = _request(personas.client(name), method, path, payload)
        assert response.status_code in ok, (name, method, path, response.status_code)
        assert error_messages(response) == [], (name, method, path, error_messages(response))
        if effect:
            effect(obj, personas.users.get(name), response)


def _check_refused(
    personas: Personas,
    method: str,
    path: str,
    payload: dict,
    names: list[str],
    *,
    refused_status: int,
    turned_back: set[str],
) -> None:
    """Send every refused request between one pair of fingerprints (about 30 tables
    digested, not once per persona); only when the database changed, roll them back
    and run them again one by one, each between its own pair, to name who changed it."""
    clients = {name: personas.client(name) for name in names}  # log-ins touch last_login
    responses = {}

    def act():
        for name in names:
            responses[name] = _request(clients[name], method, path, payload)

    changed = _changed_anything(act)
    for name, response in responses.items():
        if name in LOGGED_OUT and response.status_code == 302:
            assert "/accounts/login/" in response.url, (name, method, path, response.url)
        elif name in turned_back:
            assert response.status_code == 302, (name, method, path, response.status_code)
            assert error_messages(response) != [], (name, method, path, "no error message")
        else:
            status = response.status_code
            assert status == refused_status, (name, method, path, status)
    if changed:
        for name in names:
            client = personas.client(name)
            changed_alone = _changed_anything(
                lambda client=client: _request(client, method, path, payload)
            )
            assert not changed_alone, f"{name} {method} {path} changed the database"
        pytest.fail(f"the refused {method} {path} together changed the database")


# ---------------------------------------------------------------- coverage of the URLs

# Django's own and third-party views, covered by their projects and by the admin tests.
EXEMPT_NAMESPACES = {"admin"}
EXEMPT_NAMES = {"set_language"}


def named_url_patterns(resolver=None, namespace: str = ""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            if ns in EXEMPT_NAMESPACES:
                continue
            prefix = f"{namespace}{ns}:" if ns else namespace
            yield from named_url_patterns(entry, prefix)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def missing_url_names(requested: set[str]) -> list[str]:
    """The named URL patterns (exemptions aside) the matrix never requested."""
    return sorted(set(named_url_patterns()) - EXEMPT_NAMES - requested)


class MatrixCoverage:
    """pytest plugin: the session fails when a URL name was never requested by
    ``check_access``. Registered by ``tests/conftest.py``.

    The check runs at the end of the session, after every test, and only when
    ``tests/test_access_matrix.py`` was collected (so ``pytest tests/units`` does not
    ask for the whole matrix). It prints the missing names in the terminal summary and
    turns the exit status into "tests failed".

    Under pytest-xdist each worker is its own process with its own
    ``REQUESTED_URL_NAMES``: at its session end a worker puts its names (and whether
    it collected the meta-test module) in ``config.workeroutput``, which xdist hands
    to the controller's ``pytest_testnodedown``; the controller checks the union.
    """

    OUTPUT_KEY = "access_matrix"
    META_MODULE = "tests/test_access_matrix.py"

    def __init__(self):
        self.armed = False
        self.requested: set[str] = set()
        self.missing: list[str] = []

    def pytest_collection_finish(self, session):
        self.armed = any(item.nodeid.startswith(self.META_MODULE) for item in session.items)

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node, error):
        output = getattr(node, "workeroutput", {}).get(self.OUTPUT_KEY)
        if output:
            self.armed |= output["armed"]
            self.requested |= set(output["requested"])

    def pytest_sessionfinish(self, session, exitstatus):
        config = session.config
        if hasattr(config, "workerinput"):  # an xdist worker: hand over to the controller
            config.workeroutput[self.OUTPUT_KEY] = {
                "armed": self.armed,
                "requested": sorted(REQUESTED_URL_NAMES),
            }
            return
        stopped = session.shouldstop or session.shouldfail or config.option.collectonly
        if not self.armed or stopped or exitstatus == pytest.ExitCode.INTERRUPTED:
            return
        self.missing = missing_url_names(self.requested | REQUESTED_URL_NAMES)
        if self.missing:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter):
        if not self.missing:
            return
        terminalreporter.write_sep("=", "access matrix: URL names never requested", red=True)
        for name in self.missing:
            terminalreporter.write_line(f"  {name}")
        terminalreporter.write_line(
            "Each needs a check_access row in tests/<app>/test_access.py (run the matrix "
            "together with tests/test_access_matrix.py)."
        )
