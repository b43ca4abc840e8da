"""A province's process page: the version in force, the versions published so far, and
the province's draft with a form per section. Each POST runs one service of
``process_services``; a form with errors comes back on the whole page, keeping what
was typed (the page's error summary lists its errors)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, F, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.accounts.permissions import can
from apps.core.steps import run_service
from apps.cycles import process_services as services
from apps.cycles.enums import DATE_FIELDS, CycleDate, RouteLevel
from apps.cycles.models import ProcessVersion
from apps.cycles.process import VERSION_ROWS, current_version, version_problems
from apps.cycles.process_forms import (
    ConferenceLevelForm,
    DatesForm,
    DiscardForm,
    DraftForm,
    KindForm,
    MinimumForm,
    PublishForm,
    RouteForm,
    day_month,
)
from apps.units.enums import BoardFunction, UnitKind, UnitLevel
from apps.units.models import Unit


def _province_or_404(request, province_pk: int) -> Unit:
    """The province whose process the user may change (404 for anyone else)."""
    province = Unit.objects.filter(pk=province_pk, depth=1).first()
    if province is None or not can(request.user, "cycles.change_rules", province):
        raise Http404
    return province


def _back(province: Unit, anchor: str):
    return redirect(f"{reverse('cycles:process', args=[province.pk])}#{anchor}")


# Reading a version for the page -------------------------------------------------


def _shown(version: ProcessVersion) -> dict:
    """A version's rows as the page shows them, in the kinds' and the levels' order
    (its rows prefetched: no query)."""
    kinds = list(version.kinds.all())
    order = {kind.code: number for number, kind in enumerate(kinds)}
    names = {kind.code: kind.name for kind in kinds}
    routes = {route.kind: route for route in version.routes.all()}
    deadlines = {row.field: row for row in version.deadlines.all()}
    minimums = sorted(version.minimums.all(), key=lambda m: (order.get(m.kind, 99), m.unit_kind))
    levels = UnitLevel.values
    return {
        "version": version,
        "period_start": day_month(version.period_start_day, version.period_start_month),
        "review_report_to": [BoardFunction(f).label for f in version.review_report_to],
        "kinds": [
            {
                "kind": kind,
                "unit_kinds": [UnitKind(value).label for value in kind.unit_kinds],
                "route": routes.get(kind.code),
                "route_line": _route_line(routes.get(kind.code)),
            }
            for kind in kinds
        ],
        "minimums": [
            {
                "row": row,
                "kind": names.get(row.kind, row.kind),
                "units": UnitKind(row.unit_kind).label if row.unit_kind else "",
            }
            for row in minimums
        ],
        "dates": [_date_row(field, deadlines.get(field)) for field in DATE_FIELDS],
        "conference_levels": sorted(
            version.conference_levels.all(), key=lambda row: levels.index(row.level)
        ),
        "deadlines": deadlines.values(),
    }


def _route_line(route) -> str:
    """The route in one line: receiving board ← through the office, copy to a board."""
    if route is None:
        return ""
    line = route.get_board_display()
    if route.via:
        line += " ← " + _("through %(board)s") % {"board": route.get_via_display()}
    if route.copy_to:
        line += ", " + _("copy to %(board)s") % {"board": route.get_copy_to_display()}
    if route.level != RouteLevel.PROVINCE:
        line += f" ({route.get_level_display()})"
    return line


def _date_row(field: str, row) -> dict:
    return {
        "label": CycleDate(field).label,
        "date": day_month(row.day, row.month) if row else "",
        "reminders": list(row.reminder_days) if row else [],
        "years": sorted(row.year_dates.items()) if row else [],
    }


def _history(province: Unit):
    """The province's published versions, newest first, then the portal's default,
    each with how many of the province's years use it (one query)."""
    return (
        ProcessVersion.objects.filter(Q(province=province) | Q(province__isnull=True))
        .filter(published_at__isnull=False)
        .select_related("published_by")
        .annotate(cycle_count=Count("cycles", filter=Q(cycles__province=province)))
        .order_by(F("province_id").desc(nulls_last=True), "-number")
    )


def _form(bound: dict, prefix: str, form_class, initial: dict, **kwargs):
    """The form submitted with errors under ``prefix``, else a blank one."""
    if prefix in bound:
        return bound[prefix]
    return form_class(prefix=prefix, initial=initial, **kwargs)


def _draft(draft: ProcessVersion, bound: dict) -> dict:
    """The draft's rows, its problems and a form for each section and row."""
    shown = _shown(draft)
    for row in shown["kinds"]:
        kind = row["kind"]
        row["form"] = _form(bound, f"kind-{kind.pk}", KindForm, KindForm.initial_of(kind))
        row["route_form"] = _form(
            bound, f"route-{kind.pk}", RouteForm, RouteForm.initial_of(row["route"])
        )
    kinds = [row["kind"] for row in shown["kinds"]]
    return {
        **shown,
        "problems": version_problems(draft),
        "general_form": _form(bound, "general", DraftForm, DraftForm.initial_of(draft)),
        "kind_form": _form(bound, "kind", KindForm, {}),
        "minimum_form": _form(bound, "minimum", MinimumForm, {}, kinds=kinds),
        "dates_form": _form(bound, "dates", DatesForm, DatesForm.initial_of(shown["deadlines"])),
        "conference_form": _form(bound, "conference", ConferenceLevelForm, {}),
        "publish_form": _form(bound, "publish", PublishForm, {}),
        "discard_form": _form(bound, "discard", DiscardForm, {}),
    }


def _page(request, province: Unit, bound: dict | None = None):
    bound = bound or {}
    current = current_version(province)
    versions = {
        version.pk: version
        for version in ProcessVersion.objects.filter(
            Q(pk=current.pk) | Q(province=province, published_at__isnull=True)
        )
        .select_related("province", "created_by", "published_by")
        .prefetch_related(*VERSION_ROWS)
    }
    draft = next((v for v in versions.values() if not v.is_published), None)
    return render(
        request,
        "cycles/process/process_page.html",
        {
            "province": province,
            "current": _shown(versions[current.pk]),
            "draft": _draft(draft, bound) if draft else None,
            "history": _history(province),
            "default_reminders": settings.REMINDER_OFFSETS_DAYS,
            # The forms submitted with errors, for the page's error summary.
            "submitted": list(bound.values()),
        },
    )


@login_required
def process_page(request, province_pk: int):
    return _page(request, _province_or_404(request, province_pk))


# Changing the draft ----------------------------------------------------------------


def _save(request, province, form, service, *, values, done: str, anchor: str):
    """Run ``service`` with ``values(form)`` once the form is valid: back to the page's
    ``anchor`` with ``done``, or the page again with the form and its errors."""
    if form.is_valid():
        outcome = run_service(request, service, form=form, province=province, **values(form))
        if outcome.ok:
            messages.success(request, done)
            return _back(province, anchor)
    return _page(request, province, bound={form.prefix: form})


def _all(form) -> dict:
    return form.cleaned_data


@login_required
@require_POST
def draft_start(request, province_pk: int):
    province = _province_or_404(request, province_pk)
    outcome = run_service(request, services.process_draft_start, province=province)
    if outcome.ok:
        messages.success(
            request,
            _("Version %(number)s was started as a draft: a copy of the version in force.")
            % {"number": outcome.value.number},
        )
    return _back(province, "draft")


@login_required
@require_POST
def draft_change(request, province_pk: int):
    province = _province_or_404(request, province_pk)
    return _save(
        request,
        province,
        DraftForm(request.POST, prefix="general"),
        services.process_draft_change,
        values=_all,
        done=_("The draft's name and period were saved."),
        anchor="draft-general",
    )


@login_required
@require_POST
def kind_add(request, province_pk: int):
    province = _province_or_404(request, province_pk)
    return _save(
        request,
        province,
        KindForm(request.POST, prefix="kind"),
        services.process_kind_add,
        values=_all,
        done=_("The kind was added to the draft; give it a route."),
        anchor="draft-kinds",
    )


@login_required
@require_POST
def kind_change(request, province_pk: int, pk: int):
    province = _province_or_404(request, province_pk)
    return _save(
        request,
        province,
        KindForm(request.POST, prefix=f"kind-{pk}"),
        services.process_kind_change,
        values=lambda form: {"kind_id": pk, **form.cleaned_data},
        done=_("The kind was saved."),
        anchor=f"kind-{pk}",
    )


@login_required
@require_POST
def kind_delete(request, province_pk: int, pk: int):
    province = _province_or_404(request, province_pk)
    run_service(
        request,
        services.process_kind_delete,
        province=province,
        kind_id=pk,
        done=_("The kind was deleted from the draft, with its route and minimum."),
    )
    return _back(province, "draft-kinds")


@login_required
@require_POST
def route_set(request, province_pk: int, pk: int):
    province = _province_or_404(request, province_pk)
    return _save(
        request,
        province,
        RouteForm(request.POST, prefix=f"route-{pk}"),
        services.process_route_set,
        values=lambda form: {"kind_id": pk, **form.cleaned_data},
        done=_("The route was saved."),
        anchor=f"kind-{pk}",
    )


@login_required
@require_POST
def minimum_set(request, province_pk: int):
    province = _province_or_404(request, province_pk)
    draft = ProcessVersion.objects.filter(province=province, published_at__isnull=True).first()
    kinds = list(draft.kinds.all()) if draft else []
    return _save(
        request,
        province,
        MinimumForm(request.POST, prefix="minimum", kinds=kinds),
        services.process_minimum_set,
        values=_all,
        done=_("The yearly minimum was saved."),
        anchor="draft-minimum",
    )


@login_required
@require_POST
def minimum_delete(request, province_pk: int, pk: int):
    province = _province_or_404(request, province_pk)
    run_service(
        request,
        services.process_minimum_delete,
        province=province,
        minimum_id=pk,
        done=_("The row was deleted from the yearly minimum."),
    )
    return _back(province, "draft-minimum")


@login_required
@require_POST
def dates_set(request, province_pk: int):
    province = _province_or_404(request, province_pk)
    return _save(
        request,
        province,
        DatesForm(request.POST, prefix="dates"),
        services.process_dates_set,
        values=lambda form: {"dates": form.dates(), "reminders": form.reminders()},
        done=_("The dates and reminders were saved."),
        anchor="draft-dates",
    )


@login_required
@require_POST
def conference_add(request, province_pk: int):
    province = _province_or_404(request, province_pk)
    return _save(
        request,
        province,
        ConferenceLevelForm(request.POST, prefix="conference"),
        services.process_conference_level_add,
        values=_all,
        done=_("The conference level was added."),
        anchor="draft-conferences",
    )


@login_required
@require_POST
def conference_delete(request, province_pk: int, pk: int):
    province = _province_or_404(request, province_pk)
    run_service(
        request,
        services.process_conference_level_delete,
        province=province,
        level_id=pk,
        done=_("The conference level was deleted."),
    )
    return _back(province, "draft-conferences")


# Publishing and discarding the draft ----------------------------------------------


@login_required
@require_POST
def publish(request, province_pk: int):
    province = _province_or_404(request, province_pk)
    return _save(
        request,
        province,
        PublishForm(request.POST, prefix="publish"),
        services.process_publish,
        values=lambda form: {"note": form.cleaned_data["note"]},
        done=_("The draft was published: years opened from now on follow it."),
        anchor="current",
    )


@login_required
@require_POST
def discard(request, province_pk: int):
    province = _province_or_404(request, province_pk)
    return _save(
        request,
        province,
        DiscardForm(request.POST, prefix="discard"),
        services.process_discard,
        values=lambda _form: {},
        done=_("The draft was discarded."),
        anchor="current",
    )
