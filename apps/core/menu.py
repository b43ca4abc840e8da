"""The main menu: each page once, with who may use it.

An entry is shown to a user who holds one of its ``roles`` somewhere (or for whom its
permission ``action`` holds), once the app that serves it defines the URL name. Role
sets come from ``apps.accounts.enums``; memberships are loaded once per request, so
the menu costs no query of its own. The registers and the administrators' pages sit
under one disclosure ("Danh mục và quản trị", ``MORE``) so the menu of a user who may
use every page still fits on one line.
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from apps.accounts.enums import ALL_ROLES, SUPERVISORS
from apps.accounts.permissions import can, holds_role_anywhere


@dataclass(frozen=True)
class MenuItem:
    url_name: str
    label: Promise
    roles: frozenset | None = None  # None: everyone, even without a role (a public page)
    action: str = ""  # a permission rule asked instead of the roles
    more: bool = False  # under the "registers and administration" disclosure

    def shown_to(self, user) -> bool:
        if self.action:
            return can(user, self.action)
        return self.roles is None or holds_role_anywhere(user, self.roles)


MENU = (
    MenuItem("brightspots:list", _("Bright spots"), ALL_ROLES),
    # People without a board seat are sent from the inbox to the bright spots.
    MenuItem("brightspots:inbox", _("Registration lists"), action="brightspots.inbox"),
    # The appraisal queue: the boards and those who follow a subtree; a unit's staff
    # reach their dossiers from their bright spots.
    MenuItem("dossiers:queue", _("Appraisal"), SUPERVISORS),
    MenuItem("decisions:list", _("Decisions"), ALL_ROLES),
    MenuItem("decisions:yearly_list", _("Yearly commendations"), ALL_ROLES),
    MenuItem("reports:dashboard", _("Reports"), ALL_ROLES),
    MenuItem("scoring:rounds", _("Scoring of units"), action="scoring.menu"),
    MenuItem("cycles:list", _("Yearly cycles and deadlines"), ALL_ROLES),
    MenuItem("reports:showcase", _("Showcase")),
    MenuItem("criteria:list", _("Criteria sets"), SUPERVISORS, more=True),
    MenuItem("units:list", _("Units"), SUPERVISORS, more=True),
    MenuItem("operations:status", _("Operations"), action="operations.view", more=True),
    MenuItem("history:import", _("Paper records"), action="history.import", more=True),
    MenuItem("history:merge", _("Merge units"), action="history.merge_units", more=True),
)
MORE = _("Registers and administration")


def menu_for(user) -> list[tuple[str, Promise]]:
    """(url, label) of the menu entries ``user`` may use, in menu order."""
    return [(url, item.label) for item, url in _entries(user)]


def menu_sections(user) -> tuple[list, list]:
    """The entries ``user`` may use as (top-level links, links under ``MORE``)."""
    top, more = [], []
    for item, url in _entries(user):
        (more if item.more else top).append((url, item.label))
    return top, more


def _entries(user):
    for item in MENU:
        if not item.shown_to(user):
            continue
        try:
            yield item, reverse(item.url_name)
        except NoReverseMatch:
            continue
