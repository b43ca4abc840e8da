from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from apps.accounts.permissions import can
from apps.core.downloads import pdf_response
from apps.core.selectors import labelled_history
from apps.core.workflow import Action, available_steps
from apps.dossiers.diff import version_changes
from apps.dossiers.enums import EDITABLE, DossierStatus
from apps.dossiers.models import Attachment, DossierVersion
from apps.dossiers.pdf import dossier_pdf
from apps.dossiers.selectors import dossier_document
from apps.dossiers.views.common import dossier_or_404
from apps.dossiers.workflow import DOSSIER_WORKFLOW, HISTORY_LABELS, LABELS_IN_STATE, offered
from apps.scoring.selectors import dossier_points


def available_actions(user, dossier) -> list[Action]:
    """The steps the user could take from this state, each with why it is not possible
    yet (dates, completeness, conflict of interest), computed by the services' checks;
    none once the bright spot has its outcome."""
    steps = available_steps(
        DOSSIER_WORKFLOW,
        dossier,
        user=user,
        labels=LABELS_IN_STATE.get(dossier.status),
    )
    return offered(dossier, steps)


def _latest_changes(versions: list):
    """What changed in the last submission compared with the one before."""
    if len(versions) < 2:
        return None
    old, new = DossierVersion.objects.filter(pk__in=[versions[-2].pk, versions[-1].pk]).order_by(
        "number"
    )
    return version_changes(old.data, new.data)


@login_required
@require_GET
def detail(request, pk: int):
    dossier = dossier_or_404(request, pk)
    versions = list(
        dossier.versions.defer("data").select_related("submitted_by").order_by("number")
    )
    document = dossier_document(dossier=dossier)
    context = document | {
        "points": dossier_points(dossier, document["assessments"]),
        "versions": versions,
        "changes": _latest_changes(versions),
        "actions": available_actions(request.user, dossier),
        "history": labelled_history(target=dossier, choices=DossierStatus, actions=HISTORY_LABELS)[
            :100
        ],
        "editable": dossier.status in EDITABLE,
        "can_edit": can(request.user, "dossiers.edit", dossier),
        "can_appraise": can(request.user, "dossiers.appraise", dossier),
        "can_propose": can(request.user, "dossiers.propose", dossier),
        "can_grant": can(request.user, "dossiers.grant", dossier),
    }
    return render(request, "dossiers/dossier_detail.html", context)


@login_required
@require_GET
def version(request, pk: int, number: int):
    """One submitted version as it was, and what changed since the one before."""
    dossier = dossier_or_404(request, pk)
    shown = get_object_or_404(
        DossierVersion.objects.select_related("submitted_by"), dossier=dossier, number=number
    )
    previous = DossierVersion.objects.filter(dossier=dossier, number=number - 1).first()
    return render(
        request,
        "dossiers/dossier_version.html",
        {
            "dossier": dossier,
            "version": shown,
            "previous": previous,
            "changes": version_changes(previous.data, shown.data) if previous else None,
        },
    )


@login_required
@require_GET
def attachment(request, pk: int, attachment_pk: int):
    """Serve one file to those who may see the dossier (404 for anyone else), always
    as a download with its checked type, never rendered by the browser."""
    dossier = dossier_or_404(request, pk)
    row = get_object_or_404(Attachment, pk=attachment_pk, dossier=dossier)
    try:
        handle = row.file.open("rb")
    except OSError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=row.name, content_type=row.content_type
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def pdf(request, pk: int):
    """The dossier as a PDF, in the guidance's order."""
    dossier = dossier_or_404(request, pk)
    return pdf_response(dossier_pdf(dossier=dossier), f"ho-so-{dossier.pk}.pdf")
