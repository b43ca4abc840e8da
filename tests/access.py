"""The access matrix: every URL x method x persona, asserting the answer a persona
must get, and that a refused request (404/403/405/302 to login) left the database
unchanged.

Each app declares its rows in ``tests/<app>/test_access.py``::

    COVERED_URL_NAMES = {"units:list", "units:detail"}

    def test_unit_detail_access(personas, commune):
        check_access(personas, "get", reverse("units:detail", args=[commune.pk]),
                     allowed={"officer", "leader", "admin", ...})

``tests/test_access_matrix.py`` fails when a URL pattern of the project is named in
no ``COVERED_URL_NAMES``.
"""

from dataclasses import dataclass

from django.apps import apps
from django.db import connection
from django.test import Client

from apps.accounts.enums import Role
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


def database_fingerprint() -> dict:
    """A digest of every table of our apps (sessions and login attempts excluded)."""
    digests = {}
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for model in apps.get_models():
            if not model.__module__.startswith("apps.") or model._meta.proxy:
                continue
            if model._meta.db_table not in existing:  # a model whose migration is pending
                continue
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(
                f"SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) "
                f"FROM {table} t"
            )
            digests[model._meta.label] = cursor.fetchone()[0]
    return digests


REFUSED = {302, 403, 404, 405}


def check_access(
    personas: Personas,
    method: str,
    url: str,
    *,
    allowed: set[str],
    allowed_status: set[int] | int = frozenset({200, 302}),
    data: dict | None = None,
    refused_status: int = 404,
    only: tuple[str, ...] = PERSONAS,
) -> None:
    """Every persona in ``only`` gets ``allowed_status`` if in ``allowed``; the others
    get ``refused_status`` (anonymous and deactivated users: a redirect to log in,
    or ``refused_status`` for endpoints that never redirect) and change nothing."""
    unknown = set(allowed) - set(PERSONAS)
    assert not unknown, f"unknown personas {unknown}"
    ok = {allowed_status} if isinstance(allowed_status, int) else set(allowed_status)
    for name in only:
        if name in allowed:
            continue
        client = personas.client(name)  # logging in touches last_login: before the digest
        before = database_fingerprint()
        response = getattr(client, method)(url, data or {})
        if name in {"anonymous", "deactivated"} and response.status_code == 302:
            assert "/accounts/login/" in response.url, (name, method, url, response.url)
        else:
            assert response.status_code == refused_status, (name, method, url, response.status_code)
        assert database_fingerprint() == before, f"{name} {method} {url} changed the database"
    for name in only:
        if name not in allowed:
            continue
        response = getattr(personas.client(name), method)(url, data or {})
        assert response.status_code in ok, (name, method, url, response.status_code)
