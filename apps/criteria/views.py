from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.accounts.permissions import can, require
from apps.core.selectors import audit_history
from apps.core.steps import run_service, take_step
from apps.core.workflow import available_steps
from apps.criteria import services
from apps.criteria.forms import (
    CriteriaSetCreateForm,
    CriteriaSetForm,
    CriterionForm,
    CriterionGroupForm,
)
from apps.criteria.models import CriteriaSet, Criterion, CriterionGroup
from apps.criteria.workflow import CRITERIA_SET_WORKFLOW
from apps.cycles.process import kind_choices


def _set_or_404(request, pk: int, action: str) -> CriteriaSet:
    criteria_set = get_object_or_404(
        CriteriaSet.objects.with_usage().select_related("province"), pk=pk
    )
    require(request.user, action, criteria_set)
    return criteria_set


def _with_checklist(queryset):
    """Groups with their criteria, in checklist order (two queries)."""
    return queryset.prefetch_related(
        Prefetch(
            "groups",
            queryset=CriterionGroup.objects.order_by("order").prefetch_related(
                Prefetch("criteria", queryset=Criterion.objects.order_by("order"))
            ),
        )
    )


def _frozen_redirect(request, criteria_set):
    """Edits of a frozen set go back to its page with the reason."""
    messages.error(request, services.frozen_message())
    return redirect(criteria_set)


def _form_page(request, form, *, criteria_set, title, save, success):
    """Show ``form``; on a valid POST call ``save()`` (a service) and go to the set."""
    if request.method == "POST" and form.is_valid():
        outcome = run_service(request, save, form=form, done=success)
        if outcome.ok:
            saved = outcome.value
            return redirect(saved if isinstance(saved, CriteriaSet) else criteria_set)
    return render(
        request,
        "criteria/criteriaset_form.html",
        {"form": form, "criteria_set": criteria_set, "title": title},
    )


@login_required
def criteria_set_list(request):
    q, kind = request.GET.get("q", ""), request.GET.get("kind", "")
    sets = CriteriaSet.objects.with_usage().select_related("province").search(q)
    kinds = kind_choices()
    if kind in dict(kinds):
        sets = sets.filter(kinds__contains=[kind])
    page = Paginator(sets.order_by("code", "-version"), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "criteria/criteriaset_list.html",
        {
            "page": page,
            "q": q,
            "kind": kind,
            "kinds": kinds,
            "may_create": can(request.user, "criteria.create"),
        },
    )


def _detail_context(request, pk: int) -> dict:
    queryset = _with_checklist(CriteriaSet.objects.with_usage().select_related("province"))
    criteria_set = get_object_or_404(queryset, pk=pk)
    require(request.user, "criteria.view", criteria_set)
    return {"criteria_set": criteria_set, "groups": criteria_set.groups.all()}


def _history(criteria_set) -> list:
    labels = {
        "criteria_set_create": _("created the set"),
        "criteria_set_update": _("changed the set"),
        "criteria_set_revise": _("created this version"),
        "criteria_set_publish": _("published"),
        "criteria_set_withdraw": _("stopped offering"),
        "criterion_group_save": _("saved group"),
        "criterion_group_delete": _("deleted group"),
        "criterion_save": _("saved criterion"),
        "criterion_delete": _("deleted criterion"),
    }
    events = list(audit_history(target=criteria_set)[:50])
    for event in events:
        event.label = labels.get(event.action, event.action)
    return events


@login_required
def criteria_set_detail(request, pk: int):
    context = _detail_context(request, pk)
    criteria_set = context["criteria_set"]
    may_change = can(request.user, "criteria.change", criteria_set)
    context.update(
        may_change=may_change,
        actions=available_steps(CRITERIA_SET_WORKFLOW, criteria_set, user=request.user),
        editable=may_change and not criteria_set.is_frozen,
        versions=CriteriaSet.objects.filter(code=criteria_set.code).order_by("-version"),
        history=_history(criteria_set),
    )
    return render(request, "criteria/criteriaset_detail.html", context)


@login_required
def criteria_set_print(request, pk: int):
    return render(request, "criteria/criteriaset_print.html", _detail_context(request, pk))


@login_required
def criteria_set_create(request):
    if not can(request.user, "criteria.create"):
        raise Http404
    form = CriteriaSetCreateForm(request.user, request.POST or None)
    return _form_page(
        request,
        form,
        criteria_set=None,
        title=_("New criteria set"),
        save=lambda by: services.criteria_set_create(by=by, **form.cleaned_data),
        success=_("The criteria set was created. Add its groups and criteria, then publish it."),
    )


@login_required
def criteria_set_edit(request, pk: int):
    criteria_set = _set_or_404(request, pk, "criteria.change")
    if criteria_set.is_frozen:
        return _frozen_redirect(request, criteria_set)
    form = CriteriaSetForm(request.POST or None, instance=criteria_set)
    return _form_page(
        request,
        form,
        criteria_set=criteria_set,
        title=_("Edit %(set)s") % {"set": criteria_set},
        save=lambda by: services.criteria_set_update(
            criteria_set=criteria_set, by=by, **form.cleaned_data
        ),
        success=_("The criteria set was saved."),
    )


@login_required
def criteria_set_delete(request, pk: int):
    criteria_set = _set_or_404(request, pk, "criteria.change")
    return _delete_page(
        request,
        criteria_set,
        criteria_set=criteria_set,
        delete=partial(services.criteria_set_delete, criteria_set=criteria_set),
        success=_("The criteria set was deleted."),
        done="criteria:list",
    )


@login_required
@require_POST
def criteria_set_revise(request, pk: int):
    """Copy the set into its next version and open that one."""
    criteria_set = _set_or_404(request, pk, "criteria.change")
    outcome = run_service(
        request,
        services.criteria_set_revise,
        done=_("A new version was created for editing. Publish it when it is ready."),
        criteria_set=criteria_set,
    )
    return redirect(outcome.value if outcome.ok else criteria_set)


def _step(request, pk: int, verb: str, service):
    """Take one offering step; a refusal comes back as a message on the set."""
    criteria_set = _set_or_404(request, pk, CRITERIA_SET_WORKFLOW.step(verb).rule)
    return take_step(
        request,
        criteria_set,
        workflow=CRITERIA_SET_WORKFLOW,
        verb=verb,
        service=service,
        criteria_set=criteria_set,
    )


@login_required
@require_POST
def criteria_set_publish(request, pk: int):
    return _step(request, pk, "publish", services.criteria_set_publish)


@login_required
@require_POST
def criteria_set_withdraw(request, pk: int):
    return _step(request, pk, "withdraw", services.criteria_set_withdraw)


def _group_or_404(request, pk: int) -> CriterionGroup:
    group = get_object_or_404(
        CriterionGroup.objects.select_related("criteria_set__province"), pk=pk
    )
    require(request.user, "criteria.change", group.criteria_set)
    return group


@login_required
def group_add(request, pk: int):
    criteria_set = _set_or_404(request, pk, "criteria.change")
    if criteria_set.is_frozen:
        return _frozen_redirect(request, criteria_set)
    form = CriterionGroupForm(criteria_set, request.POST or None)
    return _form_page(
        request,
        form,
        criteria_set=criteria_set,
        title=_("New group of criteria"),
        save=lambda by: services.criterion_group_save(group=form.instance, by=by),
        success=_("The group was added."),
    )


@login_required
def group_edit(request, pk: int):
    group = _group_or_404(request, pk)
    if group.criteria_set.is_frozen:
        return _frozen_redirect(request, group.criteria_set)
    form = CriterionGroupForm(group.criteria_set, request.POST or None, instance=group)
    return _form_page(
        request,
        form,
        criteria_set=group.criteria_set,
        title=_("Edit group %(number)s") % {"number": group.number},
        save=lambda by: services.criterion_group_save(group=form.instance, by=by),
        success=_("The group was saved."),
    )


def _delete_page(request, obj, *, criteria_set, delete, success, done=None):
    """Confirm, then delete through ``delete(by=…)`` (a service with its object bound)
    and go to ``done``."""
    if criteria_set.is_frozen:
        return _frozen_redirect(request, criteria_set)
    if request.method == "POST":
        outcome = run_service(request, delete, done=success)
        return redirect((done or criteria_set) if outcome.ok else criteria_set)
    return render(
        request,
        "criteria/criteria_confirm_delete.html",
        {"criteria_set": criteria_set, "object": obj},
    )


@login_required
def group_delete(request, pk: int):
    group = _group_or_404(request, pk)
    return _delete_page(
        request,
        group,
        criteria_set=group.criteria_set,
        delete=partial(services.criterion_group_delete, group=group),
        success=_("The group and its criteria were deleted."),
    )


@login_required
def criterion_add(request, pk: int):
    group = _group_or_404(request, pk)
    if group.criteria_set.is_frozen:
        return _frozen_redirect(request, group.criteria_set)
    form = CriterionForm(group, request.POST or None)
    return _form_page(
        request,
        form,
        criteria_set=group.criteria_set,
        title=_("New criterion in group %(number)s") % {"number": group.number},
        save=lambda by: services.criterion_save(criterion=form.instance, by=by),
        success=_("The criterion was added."),
    )


def _criterion_or_404(request, pk: int) -> Criterion:
    criterion = get_object_or_404(
        Criterion.objects.select_related("group__criteria_set__province"), pk=pk
    )
    require(request.user, "criteria.change", criterion.group.criteria_set)
    return criterion


@login_required
def criterion_edit(request, pk: int):
    criterion = _criterion_or_404(request, pk)
    criteria_set = criterion.group.criteria_set
    if criteria_set.is_frozen:
        return _frozen_redirect(request, criteria_set)
    form = CriterionForm(criterion.group, request.POST or None, instance=criterion)
    return _form_page(
        request,
        form,
        criteria_set=criteria_set,
        title=_("Edit criterion %(number)s") % {"number": criterion.number},
        save=lambda by: services.criterion_save(criterion=form.instance, by=by),
        success=_("The criterion was saved."),
    )


@login_required
def criterion_delete(request, pk: int):
    criterion = _criterion_or_404(request, pk)
    return _delete_page(
        request,
        criterion,
        criteria_set=criterion.group.criteria_set,
        delete=partial(services.criterion_delete, criterion=criterion),
        success=_("The criterion was deleted."),
    )
