"""The home page: the public front door for a visitor; for a user, who acts next: for
each role held, what waits, the next date of the open year and where what they sent
stands (``apps/reports/selectors/todo.py``), with the pages where that role works."""

from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from apps.accounts.enums import Role
from apps.accounts.permissions import is_superuser
from apps.cycles.selectors import local_today
from apps.reports.selectors.showcase import public_spot_count
from apps.reports.selectors.todo import home_todo

# The pages where each role works. A page appears once the app that serves it defines
# the URL name.
UNIT_PAGES = [
    ("brightspots:list", _("Bright spots")),
    ("dossiers:queue", _("Recognition dossiers")),
]
ROLE_PAGES = {
    Role.OFFICER: UNIT_PAGES,
    Role.LEADER: UNIT_PAGES,
    Role.APPRAISER: [("dossiers:queue", _("Appraisal"))],
    Role.STEERING: [
        ("brightspots:inbox", _("Registration lists")),
        ("reports:dashboard", _("Reports")),
    ],
    Role.DECISION_MAKER: [("decisions:list", _("Decisions"))],
    Role.OBSERVER: [("reports:dashboard", _("Reports"))],
    Role.ADMIN: [
        ("admin:index", _("Administration")),
        ("cycles:list", _("Yearly cycles and deadlines")),
        ("units:list", _("Units")),
    ],
}


def _links(pairs) -> list[tuple[str, str]]:
    found = []
    for name, label in pairs:
        try:
            found.append((reverse(name), label))
        except NoReverseMatch:
            continue
    return found


@require_GET
def home(request):
    """The landing page: for a visitor the public front door (the showcase, checking a
    certificate, logging in); for a user one part per role held, in role order."""
    if not request.user.is_authenticated:
        return render(request, "core/front_door.html", {"public_spots": public_spot_count()})
    sections = [
        {"todo": todo, "links": _links(ROLE_PAGES[todo.role])}
        for todo in home_todo(user=request.user, today=local_today())
    ]
    return render(
        request,
        "core/home.html",
        {"sections": sections, "is_superuser": is_superuser(request.user)},
    )
