"""The main menu: each page once, with who may use it.

An entry is shown to a user who holds one of its ``roles`` somewhere (or for whom its
permission ``action`` holds), once the app that serves it defines the URL name. Role
sets come from ``apps.accounts.enums``; memberships are loaded once per request, so
the menu costs no query of its own. The registers and the administrators' pages sit
under one disclosure ("Danh mục và quản trị", ``MORE``) so the menu of a user who may
use every page still fits on one line. Its HTML is rendered once per process for each
set of entries shown and language (``menu_html``): only who sees what is asked per page.
"""

from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.functional import Promise
from django.utils.translation import get_language
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
    return [(url, item.label) for item, url in _links(_shown(user))]


def menu_html(user) -> str:
    """The menu's HTML for ``user``. It depends only on the entries shown, the language
    and the URLconf, so each such HTML is rendered once per process (a few dozen at
    most) instead of on every page; who may see an entry is still asked every time."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    names = tuple(item.url_name for item in _shown(user))
    return _menu_html(names, get_language(), get_script_prefix(), urlconf)


BY_URL_NAME = {item.url_name: item for item in MENU}


@lru_cache(maxsize=256)
def _menu_html(names: tuple[str, ...], language: str, prefix: str, urlconf: str) -> str:
    top, more = [], []
    for item, url in _links(BY_URL_NAME[name] for name in names):
        (more if item.more else top).append((url, item.label))
    return render_to_string("includes/_nav.html", {"top": top, "more": more, "more_label": MORE})


def _shown(user):
    return (item for item in MENU if item.shown_to(user))


def _links(items):
    """(item, url) of ``items`` whose app defines the URL name."""
    for item in items:
        try:
            yield item, reverse(item.url_name)
        except NoReverseMatch:
            continue
