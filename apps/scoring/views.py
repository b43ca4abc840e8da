"""Pages of the scoring of units: the rounds, a round's ranked table (page, xlsx, PDF),
a unit's scorecard with both sides, and its steps. Each view checks the object's
permission (404 outside reach) and calls one service."""

from dataclasses import replace

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.accounts.enums import UNIT_STAFF
from apps.accounts.permissions import can, reach_q, require
from apps.core import params
from apps.core.downloads import download_name, pdf_response, xlsx_response
from apps.core.pdf import render_pdf
from apps.core.steps import run_service, take_step
from apps.core.workflow import available_steps
from apps.cycles.models import Cycle
from apps.scoring import services
from apps.scoring.documents import ranked_document
from apps.scoring.enums import SELF_EDITABLE, ScorecardStatus, Side
from apps.scoring.exports import ranked_workbook
from apps.scoring.forms import ScoringExtensionForm
from apps.scoring.models import Scorecard, ScoringRound
from apps.scoring.selectors import (
    card_due,
    class_counts,
    my_cards,
    province_sheets,
    ranked_rows,
    round_extensions,
    rounds_visible_to,
    side_by_side,
)
from apps.scoring.workflow import SCORECARD_WORKFLOW
from apps.units.models import Unit


@login_required
@require_GET
def round_list(request):
    """The rounds of the user's provinces, and the years a round may be opened for."""
    rounds = list(rounds_visible_to(request.user).order_by("-cycle__year", "sheet__code"))
    opened = {r.cycle_id for r in rounds}
    openable = [
        cycle
        for cycle in Cycle.objects.filter(province__in=_provinces(request.user))
        .select_related("province")
        .order_by("-year")[:10]
        if cycle.pk not in opened and can(request.user, "scoring.open_round", cycle)
    ]
    provinces = list(_provinces(request.user))
    sheet_provinces = [p for p in provinces if can(request.user, "scoring.view_sheets", p)]
    return render(
        request,
        "scoring/round_list.html",
        {"rounds": rounds, "openable": openable, "sheet_provinces": sheet_provinces},
    )


@login_required
@require_GET
def sheet_list(request, province_id):
    """The province's scoring sheets, read-only: groups, items and points, classes,
    threshold, dates and who scores which units."""
    province = Unit.objects.filter(pk=province_id, depth=1).first()
    if province is None or not can(request.user, "scoring.view_sheets", province):
        raise Http404
    return render(
        request,
        "scoring/sheet_list.html",
        {"province": province, "sheets": province_sheets(province)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_extend(request, pk):
    """Give one unit more time for its self-score or for the scorer's score of it."""
    scoring_round = _round_or_404(request, pk)
    require(request.user, "scoring.extend", scoring_round)
    search = params.text(request.GET)
    form = ScoringExtensionForm(scoring_round, request.POST or None, search=search)
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            request,
            services.scoring_extension_grant,
            form=form,
            scoring_round=scoring_round,
            unit=form.cleaned_data["unit"],
            side=form.cleaned_data["side"],
            new_date=form.cleaned_data["new_date"],
            reason=form.cleaned_data["reason"],
            now=timezone.now(),
            done=_("The extension was granted."),
        )
        if outcome.ok:
            return redirect(scoring_round)
    return render(
        request,
        "scoring/round_extend.html",
        {
            "round": scoring_round,
            "form": form,
            "search": search,
            "extensions": round_extensions(scoring_round),
        },
    )


def _provinces(user):
    return Unit.objects.filter(
        depth=1,
        path__in={m.unit.path[: m.unit.steplen] for m in user.memberships.select_related("unit")},
    )


@login_required
@require_POST
def round_open_view(request, cycle_id):
    cycle = get_object_or_404(Cycle.objects.select_related("province"), pk=cycle_id)
    require(request.user, "scoring.open_round", cycle)
    outcome = run_service(
        request,
        services.round_open,
        cycle=cycle,
        now=timezone.now(),
        done=_("The scoring round was opened."),
    )
    return redirect(outcome.value if outcome.ok else "scoring:rounds")


def _round_or_404(request, pk) -> ScoringRound:
    found = rounds_visible_to(request.user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


@login_required
@require_GET
def round_detail(request, pk):
    """The ranked, classified table for those who follow the province; the user's own
    units' scorecards (or a button to start one) for a unit's staff."""
    scoring_round = _round_or_404(request, pk)
    follows = can(request.user, "scoring.view_round", scoring_round)
    rows = ranked_rows(scoring_round) if follows else []
    mine = list(my_cards(request.user, scoring_round))
    started = {card.unit_id for card in mine}
    startable = [
        unit
        for unit in Unit.objects.filter(reach_q(request.user, UNIT_STAFF, ""))
        .filter(path__startswith=scoring_round.cycle.province.path, is_active=True)
        .exclude(pk__in=started)
        .order_by("name")[:50]
        if can(request.user, "scoring.start", unit)
    ]
    if not (follows or mine or startable):
        raise Http404
    return render(
        request,
        "scoring/round_detail.html",
        {
            "round": scoring_round,
            "follows": follows,
            "rows": rows,
            "counts": class_counts(rows),
            "mine": mine,
            "startable": startable,
            "extensions": round_extensions(scoring_round) if follows else [],
            "may_extend": can(request.user, "scoring.extend", scoring_round),
        },
    )


@login_required
@require_GET
def round_xlsx(request, pk):
    scoring_round = _round_or_404(request, pk)
    require(request.user, "scoring.view_round", scoring_round)
    body = ranked_workbook(scoring_round=scoring_round, rows=ranked_rows(scoring_round))
    return xlsx_response(
        body,
        download_name(
            "Xếp loại",
            scoring_round.cycle.year,
            scoring_round.cycle.province.name,
            extension="xlsx",
        ),
    )


@login_required
@require_GET
def round_pdf(request, pk):
    scoring_round = _round_or_404(request, pk)
    require(request.user, "scoring.view_round", scoring_round)
    rows = ranked_rows(scoring_round)
    with translation.override(settings.LANGUAGE_CODE):
        document = ranked_document(scoring_round=scoring_round, today=timezone.localdate())
        html = render_to_string(
            "scoring/pdf/ranked.html",
            {
                "document": document,
                "round": scoring_round,
                "rows": rows,
                "counts": class_counts(rows),
            },
        )
    return pdf_response(
        render_pdf(html),
        download_name(
            "Xếp loại", scoring_round.cycle.year, scoring_round.cycle.province.name, extension="pdf"
        ),
    )


@login_required
@require_POST
def card_start(request, pk, unit_id):
    scoring_round = _round_or_404(request, pk)
    unit = get_object_or_404(Unit, pk=unit_id)
    require(request.user, "scoring.start", unit)
    outcome = run_service(
        request,
        services.scorecard_start,
        scoring_round=scoring_round,
        unit=unit,
        now=timezone.now(),
    )
    return redirect(outcome.value if outcome.ok else scoring_round)


def _card_or_404(request, pk) -> Scorecard:
    card = get_object_or_404(
        Scorecard.objects.select_related("unit", "round__cycle__province", "round__sheet"), pk=pk
    )
    require(request.user, "scoring.view_card", card)
    return card


def _writing_side(user, card) -> str:
    """The side ``user`` writes on the card in its state, whatever the date."""
    if card.status in SELF_EDITABLE and can(user, "scoring.edit_self", card):
        return Side.SELF
    if card.status == ScorecardStatus.SUBMITTED and can(user, "scoring.score", card):
        return Side.SCORER
    return ""


@login_required
@require_http_methods(["GET", "POST"])
def card_detail(request, pk):
    """The sheet with the unit's and the scorer's points side by side; the side the
    user writes is a form (saved as a draft until its step submits it)."""
    card = _card_or_404(request, pk)
    writes = _writing_side(request.user, card)
    due = card_due(card, writes) if writes else None
    side = writes if due and due.is_open else ""
    if request.method == "POST":
        if not side:
            raise Http404
        codes = [item.code for item in side_by_side(card).sheet.items]
        outcome = run_service(
            request,
            services.score_save,
            scorecard=card,
            side=side,
            points={code: request.POST.get(f"p-{code}", "") for code in codes},
            notes={code: request.POST.get(f"n-{code}", "") for code in codes},
            now=timezone.now(),
            done=_("The points were saved."),
        )
        if outcome.ok:
            return redirect(card)
    view = side_by_side(card)
    if request.method == "POST":  # refused: show what was typed, lose nothing
        view.groups[:] = [
            (
                group,
                [replace(row, typed=request.POST.get(f"p-{row.code}", "")) for row in rows],
                a,
                b,
            )
            for group, rows, a, b in view.groups
        ]
    return render(
        request,
        "scoring/scorecard_detail.html",
        {
            "card": card,
            "view": view,
            "side": side,
            "due": due,
            "actions": available_steps(SCORECARD_WORKFLOW, card, user=request.user),
        },
    )


def _step(request, pk, verb, service):
    card = _card_or_404(request, pk)
    return take_step(
        request,
        card,
        workflow=SCORECARD_WORKFLOW,
        verb=verb,
        service=service,
        scorecard=card,
        now=timezone.now(),
    )


@login_required
@require_POST
def card_submit(request, pk):
    return _step(request, pk, "submit", services.scorecard_submit)


@login_required
@require_POST
def card_return(request, pk):
    return _step(request, pk, "return", services.scorecard_return)


@login_required
@require_POST
def card_score(request, pk):
    return _step(request, pk, "score", services.scorecard_score)
