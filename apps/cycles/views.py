from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from apps.accounts.permissions import can, get_object_in_reach_or_404
from apps.brightspots.selectors import route_problems
from apps.core import params
from apps.core.steps import run_service
from apps.cycles import services
from apps.cycles.enums import DeadlineKind
from apps.cycles.forms import (
    CycleCreateForm,
    CycleDatesForm,
    DeadlineExtensionForm,
    ProcessRulesForm,
)
from apps.cycles.models import Cycle, ProcessRules
from apps.cycles.permissions import (
    cycles_visible_to,
    extensions_visible_to,
    rules_provinces,
    units_for_extension,
)
from apps.cycles.selectors import (
    cycle_history,
    local_today,
    process_problems,
    process_rules,
    process_rules_history,
)
from apps.units.models import Unit


def _form_page(
    request,
    form,
    *,
    title,
    cycle=None,
    confirm="",
    submit="",
    unit_search=None,
    extension_form=False,
):
    return render(
        request,
        "cycles/cycle_form.html",
        {
            "form": form,
            "title": title,
            "cycle": cycle,
            "confirm": confirm,
            "submit": submit,
            "unit_search": unit_search,
            "extension_form": extension_form,
        },
    )


@login_required
def cycle_list(request):
    q = request.GET.get("q", "")
    cycles = cycles_visible_to(request.user).search(q).order_by("-year", "province__path")
    return render(
        request,
        "cycles/cycle_list.html",
        {
            "page": Paginator(cycles, 25).get_page(request.GET.get("page")),
            "q": q,
            "current_year": local_today().year,
            "may_create": can(request.user, "cycles.create"),
            "administered": [
                {"province": province, "problems": _problems(province)}
                for province in rules_provinces(request.user)
            ],
        },
    )


def _deadline_rows(cycle: Cycle, today) -> list[dict]:
    """The cycle's dates in calendar order, each with whether it is open today (the
    progress update only where the province asks for one)."""
    rows = []
    asks_progress = process_rules(cycle=cycle).progress_update
    for kind in DeadlineKind:
        if kind == DeadlineKind.PROGRESS and not asks_progress:
            continue
        opens = cycle.recognition_opens if kind == DeadlineKind.RECOGNITION else None
        day = cycle.deadline(kind)
        rows.append(
            {
                "label": kind.label,
                "opens": opens,
                "date": day,
                "passed": today > day,
                "not_yet_open": bool(opens and today < opens),
            }
        )
    return rows


@login_required
def cycle_detail(request, pk: int):
    cycle = get_object_in_reach_or_404(
        Cycle.objects.select_related("province", "process"), request.user, "cycles.view", pk=pk
    )
    extensions = extensions_visible_to(cycle=cycle, user=request.user)
    return render(
        request,
        "cycles/cycle_detail.html",
        {
            "cycle": cycle,
            "period": cycle.period(),
            "rows": _deadline_rows(cycle, local_today()),
            "extensions": Paginator(extensions, 50).get_page(request.GET.get("page")),
            "history": cycle_history(cycle=cycle, extensions=extensions),
            "extend_again": _extend_again(request, cycle),
        },
    )


@login_required
def cycle_create(request):
    if not can(request.user, "cycles.create"):
        raise Http404
    form = CycleCreateForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            request,
            services.cycle_create,
            form=form,
            province=form.cleaned_data["province"],
            year=form.cleaned_data["year"],
            **form.dates(),
        )
        if outcome.ok:
            cycle = outcome.value
            messages.success(request, _("The cycle %(cycle)s was opened.") % {"cycle": cycle})
            return redirect(cycle)
    return _form_page(
        request,
        form,
        title=_("Open a yearly cycle"),
        confirm=_("Open this cycle with these dates?"),
        submit=_("Open the cycle"),
    )


@login_required
def cycle_change_dates(request, pk: int):
    cycle = get_object_in_reach_or_404(
        Cycle.objects.select_related("province"), request.user, "cycles.change", pk=pk
    )
    form = CycleDatesForm(cycle, request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            request,
            services.cycle_change_dates,
            form=form,
            cycle=cycle,
            reason=form.cleaned_data["reason"],
            **form.dates(),
        )
        if outcome.ok:
            messages.success(request, _("The dates of %(cycle)s were changed.") % {"cycle": cycle})
            return redirect(cycle)
    return _form_page(
        request,
        form,
        title=_("Change the dates of %(cycle)s") % {"cycle": cycle},
        cycle=cycle,
        confirm=_("Change these dates for every unit of the province?"),
        submit=_("Change the dates"),
    )


@login_required
def deadline_extend(request, pk: int):
    """Extend several deadlines of one unit at once. After the grant the cycle's page
    offers to extend another deadline for the same unit, keeping the unit search."""
    cycle = get_object_in_reach_or_404(
        Cycle.objects.select_related("province"), request.user, "cycles.extend", pk=pk
    )
    search = params.text(request.GET)
    form = DeadlineExtensionForm(
        request.user,
        cycle,
        request.POST or None,
        initial={"unit": params.key(request.GET, "unit")},
        search=search,
    )
    if request.method == "POST" and form.is_valid():
        unit = form.cleaned_data["unit"]
        outcome = run_service(
            request,
            services.deadline_extend,
            form=form,
            cycle=cycle,
            unit=unit,
            dates=form.dates(),
            reason=form.cleaned_data["reason"],
        )
        if outcome.ok:
            messages.success(request, _granted(unit, outcome.value))
            query = urlencode({"extended": unit.pk, "q": search})
            return redirect(f"{cycle.get_absolute_url()}?{query}")
    return _form_page(
        request,
        form,
        title=_("Extend deadlines in %(cycle)s") % {"cycle": cycle},
        cycle=cycle,
        confirm=_("Grant these extensions?"),
        submit=_("Grant the extensions"),
        unit_search=search,
        extension_form=True,
    )


def _granted(unit: Unit, extensions) -> str:
    dates = "; ".join(
        _("%(deadline)s until %(date)s")
        % {"deadline": extension.deadline_name, "date": f"{extension.new_date:%d/%m/%Y}"}
        for extension in extensions
    )
    return _("%(unit)s now has more time: %(dates)s.") % {"unit": unit.name, "dates": dates}


def _extend_again(request, cycle: Cycle) -> dict | None:
    """After a grant (``?extended=<unit>&q=<search>``): the link that extends another
    deadline for the same unit with the same search, when the user still may."""
    unit_pk = params.key(request.GET, "extended")
    if unit_pk is None or not can(request.user, "cycles.extend", cycle):
        return None
    unit = units_for_extension(request.user, cycle).filter(pk=unit_pk).first()
    if unit is None:
        return None
    query = urlencode({"unit": unit.pk, "q": params.text(request.GET)})
    return {"unit": unit, "url": f"{reverse('cycles:extend', args=[cycle.pk])}?{query}"}


def _problems(province: Unit) -> list[str]:
    """What the province's administrator must still set: the guidance its decisions
    cite, and every route step a kind of bright spot lacks."""
    return process_problems(province=province) + route_problems(province=province)


@login_required
def rules_edit(request, province_pk: int):
    """A province's process rules: the switches of docs/process.md section 4 and the
    guidance its decisions cite, with what is still missing and the history."""
    province = Unit.objects.filter(pk=province_pk, depth=1).first()
    if province is None or not can(request.user, "cycles.change_rules", province):
        raise Http404
    rules = ProcessRules.objects.filter(province=province).first() or ProcessRules()
    form = ProcessRulesForm(request.POST or None, instance=rules)
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            request,
            services.process_rules_save,
            form=form,
            province=province,
            reason=form.cleaned_data["reason"],
            **form.values(),
        )
        if outcome.ok:
            messages.success(
                request,
                _("The process rules of %(province)s were saved.") % {"province": province},
            )
            return redirect("cycles:rules", province_pk=province.pk)
    return render(
        request,
        "cycles/process_rules.html",
        {
            "province": province,
            "form": form,
            "problems": _problems(province),
            "history": process_rules_history(province=province),
        },
    )
