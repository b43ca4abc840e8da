"""The province administrator's pages for history: paper records of past years
(upload → preview with the row errors → confirm) and merged units (choose → preview →
confirm)."""

import uuid
from pathlib import Path

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from apps.accounts.enums import Role
from apps.accounts.permissions import is_superuser, memberships, require
from apps.brightspots.history_sheet import column_help, history_template
from apps.brightspots.imports import history_errors, history_import
from apps.core.steps import run_service
from apps.history.forms import HistoryConfirmForm, HistoryUploadForm, MergeForm
from apps.units.merge import merge_plan, merge_suggestions, units_merge
from apps.units.models import Unit

PARKED = "imports/history/"
TOKEN_SALT = "history-import"
TOKEN_MAX_AGE = 3600
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _park(user, data: bytes, file_name: str) -> str:
    """Keep the checked file until it is confirmed; the token names it and its owner."""
    suffix = Path(file_name).suffix.lower()
    name = default_storage.save(f"{PARKED}{uuid.uuid4().hex}{suffix}", ContentFile(data))
    return signing.dumps({"name": name, "file": file_name, "user": user.pk}, salt=TOKEN_SALT)


def _parked(user, token: str) -> dict | None:
    try:
        parked = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None
    if parked.get("user") != user.pk or not str(parked.get("name", "")).startswith(PARKED):
        return None
    return parked


def _preview_rows(result) -> list:
    return [row.instance for row in result.rows if row.instance is not None]


def _preview(request, context: dict, *, data: bytes, file_name: str, form, token: str = ""):
    """The dry run of ``data`` into ``context``: each row, or each row's errors; a file
    without errors waits (``_park``, unless ``token`` names it already parked) behind
    the confirmation form, which shows its missing tick when ``token`` is given."""
    outcome = run_service(
        request,
        history_import,
        form=form,
        data=data,
        file_name=file_name,
        dry_run=True,
        keep_rows=True,
    )
    if not outcome.ok:
        return
    context["errors"] = history_errors(outcome.value)
    context["rows"] = _preview_rows(outcome.value)
    if context["errors"]:
        return
    if token:
        context["confirm_form"] = HistoryConfirmForm({"token": token})  # bound: the tick
    else:
        token = _park(request.user, data, file_name)
        context["confirm_form"] = HistoryConfirmForm(initial={"token": token})


@login_required
def history_import_page(request):
    """Upload a file: the dry run shows each row or each row's errors; a file without
    errors is kept and a confirmation imports it."""
    require(request.user, "history.import")
    form = HistoryUploadForm(request.POST or None, request.FILES or None)
    context = {"form": form, "columns": column_help()}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        _preview(request, context, data=upload.read(), file_name=upload.name, form=form)
    return render(request, "history/import.html", context)


def _read_parked(parked: dict) -> bytes | None:
    if not default_storage.exists(parked["name"]):
        return None
    with default_storage.open(parked["name"], "rb") as stored:
        return stored.read()


@login_required
@require_POST
def history_import_confirm(request):
    """Import the file the preview showed; a second submit finds it gone. Without the
    tick, the preview again, with the reason."""
    require(request.user, "history.import")
    form = HistoryConfirmForm(request.POST)
    parked = _parked(request.user, request.POST.get("token", ""))
    data = _read_parked(parked) if parked else None
    if data is None:
        messages.info(request, _("This file was already imported, or its check expired."))
        return redirect("history:import")
    if not form.is_valid():
        context = {"form": HistoryUploadForm(), "columns": column_help()}
        token = request.POST["token"]
        _preview(request, context, data=data, file_name=parked["file"], form=form, token=token)
        return render(request, "history/import.html", context)
    default_storage.delete(parked["name"])
    outcome = run_service(
        request, history_import, data=data, file_name=parked["file"], now=timezone.now()
    )
    if outcome.ok:
        errors = history_errors(outcome.value)
        for line in errors[:20]:
            messages.error(request, line)
        if not errors:
            messages.success(
                request,
                _("%(count)s bright spots imported from paper records.")
                % {"count": outcome.value.totals["new"]},
            )
    return redirect("history:import")


@login_required
@require_GET
def history_template_download(request):
    require(request.user, "history.import")
    response = HttpResponse(history_template(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="diem-sang-ho-so-giay.xlsx"'
    return response


def _administered_provinces(user) -> list[Unit]:
    return [m.unit for m in memberships(user) if m.role == Role.ADMIN and m.unit.depth == 1]


def _mergeable_units(user):
    """Active units below the provinces the user administers (all for superusers)."""
    units = Unit.objects.filter(is_active=True, depth__gt=1).order_by("path")
    if is_superuser(user):
        return units
    within = Q(pk__in=[])
    for province in _administered_provinces(user):
        within |= Q(path__startswith=province.path)
    return units.filter(within)


def _choice_key(target: Unit, sources: list[Unit]) -> str:
    return f"{target.pk}:" + ",".join(str(pk) for pk in sorted(s.pk for s in sources))


@login_required
def merge_page(request):
    """Choose the old units and the new one; the first submit shows what would move,
    the confirmed one merges."""
    require(request.user, "history.merge_units")
    units = _mergeable_units(request.user)
    data = request.POST if request.method == "POST" else None
    if data and data.get("target", "").isdigit():
        get_object_or_404(units, pk=data["target"])  # a unit out of reach is not named
    initial = {
        "target": request.GET.get("target"),
        "sources": request.GET.getlist("sources"),
    }
    form = MergeForm(data, units=units, initial=initial)
    plan = None
    if form.is_valid():
        target, sources = form.cleaned_data["target"], list(form.cleaned_data["sources"])
        plan = merge_plan(target=target, sources=sources)
        # Merged only when the preview of this very choice was on screen.
        previewed = request.POST.get("previewed") == _choice_key(target, sources)
        if previewed and form.cleaned_data["confirm"] and not plan.problems:
            done = _("%(count)s units merged into %(unit)s.") % {
                "count": len(sources),
                "unit": target.name,
            }
            outcome = run_service(
                request,
                units_merge,
                form=form,
                done=done,
                target=target,
                sources=sources,
                now=timezone.now(),
            )
            if outcome.ok:
                return redirect(target)
    if plan is None or plan.problems:
        form.fields["confirm"].widget = forms.HiddenInput()  # ticked only under a preview
    suggestions = [
        suggestion
        for province in _administered_provinces(request.user)
        for suggestion in merge_suggestions(province)
    ]
    context = {"form": form, "plan": plan, "suggestions": suggestions}
    if plan is not None:
        context["previewed"] = _choice_key(plan.target, plan.sources)
    return render(request, "history/merge.html", context)
