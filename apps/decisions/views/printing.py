"""Printing all certificates of a decision: start (or find) the job, watch it, download."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from apps.accounts.permissions import require
from apps.core.steps import run_service
from apps.decisions import services
from apps.decisions.enums import PrintJobStatus
from apps.decisions.models import PrintJob
from apps.decisions.views.common import decision_or_404


def _job_or_404(user, pk: int) -> PrintJob:
    """A job of a decision whose certificates the user may print (none once revoked)."""
    job = PrintJob.objects.select_related("decision__authority").filter(pk=pk).first()
    if job is None:
        raise Http404
    require(user, "decisions.print", job.decision)
    return job


@login_required
@require_POST
def print_start(request, pk: int):
    """Start printing; a second click while it runs lands on the same job."""
    decision = decision_or_404(request.user, "decisions.print", pk)
    outcome = run_service(request, services.certificates_print_request, decision=decision)
    return redirect(outcome.value) if outcome.ok else redirect(decision)


@login_required
@require_GET
def print_job(request, pk: int):
    job = _job_or_404(request.user, pk)
    return render(request, "decisions/printjob_detail.html", {"job": job})


@login_required
@require_GET
def print_job_status(request, pk: int):
    """What the progress bar polls."""
    job = _job_or_404(request.user, pk)
    return JsonResponse(
        {
            "status": job.status,
            "status_label": job.get_status_display(),
            "done": job.done,
            "total": job.total,
            "percent": job.percent,
            "finished": not job.is_active,
        }
    )


@login_required
@require_GET
def print_job_download(request, pk: int):
    job = _job_or_404(request.user, pk)
    if job.status != PrintJobStatus.DONE or not job.file:
        raise Http404
    try:
        handle = job.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=job.file.name.rsplit("/", 1)[-1],
        content_type="application/pdf",
    )
