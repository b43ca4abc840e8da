from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from apps.accounts.enums import Role
from apps.accounts.permissions import is_superuser, memberships

# What each role does, and the pages where that work happens. A page appears once
# the app that serves it defines the URL name.
ROLE_WORK = {
    Role.OFFICER: (
        _(
            "Draft your unit's bright spots, update their progress and assemble recognition dossiers."  # noqa: E501
        ),
        [("brightspots:list", _("Bright spots"))],
    ),
    Role.LEADER: (
        _("Approve and send your unit's registration list and dossiers."),
        [("brightspots:list", _("Bright spots"))],
    ),
    Role.APPRAISER: (
        _("Appraise the dossiers in your jurisdiction."),
        [("dossiers:queue", _("Appraisal"))],
    ),
    Role.STEERING: (
        _("Receive registration lists and propose bright spots for recognition."),
        [("brightspots:inbox", _("Registration lists")), ("reports:dashboard", _("Reports"))],
    ),
    Role.DECISION_MAKER: (
        _("Issue recognition decisions and certificates."),
        [("decisions:list", _("Decisions"))],
    ),
    Role.OBSERVER: (
        _("Follow dashboards and reports for your units."),
        [("reports:dashboard", _("Reports"))],
    ),
    Role.ADMIN: (
        _("Administer units, people and yearly cycles."),
        [("admin:index", _("Administration")), ("units:list", _("Units"))],
    ),
}


def _links(pairs):
    found = []
    for name, label in pairs:
        try:
            found.append((reverse(name), label))
        except NoReverseMatch:
            continue
    return found


def _role_sections(held) -> list[dict]:
    """One section per role the user holds, in Role order, with its units and pages."""
    sections = []
    for role in Role:
        units = [m.unit for m in held if m.role == role]
        if units:
            description, pages = ROLE_WORK[role]
            sections.append(
                {
                    "label": role.label,
                    "description": description,
                    "units": units,
                    "links": _links(pages),
                }
            )
    return sections


@require_GET
@login_required
def home(request):
    """The landing page: what the user does in each role they hold, and where."""
    held = sorted(memberships(request.user), key=lambda m: (m.unit.path, m.role))
    return render(
        request,
        "core/home.html",
        {
            "sections": _role_sections(held),
            "is_superuser": is_superuser(request.user),
        },
    )


@require_GET
def health(request):
    """Liveness for the load balancer: answers once the database does."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@require_GET
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links to: sent to the static
    file (its hashed name in production)."""
    return redirect(static("favicon.ico"))
