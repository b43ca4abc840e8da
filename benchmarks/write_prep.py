"""What benchmarks/write_mix.py writes, prepared in the benchmark province of its own
database: the people who write (an officer and a leader for each unit, an appraiser for
each commune and department, a steering member for each board, an administrator), the current
cycle's dates set around today, and per write kind the objects each run acts on, each
of them allowed by the portal's own rules:

- ``save``: an officer saves one criterion of a draft dossier's self-assessment (the
  long form's background save: POST with ``Accept: application/json``); the dossiers
  are opened with ``dossier_create`` and kept as drafts, so they serve every run;
- ``send``: a unit leader approves and sends a draft registration list of the current
  cycle (its registration date set a week ahead);
- ``acknowledge``: a board member acknowledges a pending routing;
- ``submit``: an officer submits a complete draft dossier (opened with
  ``dossier_create``, every criterion and section filled with ``dossier_save``) inside
  the recognition window (set around today).

Everything goes through the services (``cycle_change_dates``, ``dossier_create``,
``dossier_save``) or, for the people, plain rows as benchdata.py writes them. A run uses
up the lists, routings and complete dossiers it acts on; the next run takes fresh ones
(``--regenerate`` rebuilds the province when they run out).
"""

from __future__ import annotations

import datetime
import urllib.parse
from dataclasses import dataclass

CODE = "BENCH"
KINDS = ("save", "send", "acknowledge", "submit")
# Audit action each kind's service writes, on which model.
AUDIT_ACTIONS = {
    "save": "dossier_edit",
    "send": "send",
    "acknowledge": "acknowledge",
    "submit": "dossier_submit",
}


@dataclass
class Write:
    """One write of the mix: the object, who posts, what."""

    kind: str
    pk: int  # dossier, list or routing
    username: str
    path: str
    body: dict
    accept: str = "text/html"
    expected: str = ""  # the evidence a save writes
    row: int = 0  # the criterion row a save writes


def prefix() -> str:
    return CODE.lower()


def _people_of(unit_code: str) -> dict:
    base = f"{prefix()}_w_{unit_code.lower().replace('-', '_')}"
    return {role: f"{base}_{role}" for role in ("officer", "leader", "appraiser")}


def ensure_people() -> None:
    """An officer and a leader for each unit that registers, an appraiser for each
    commune and department (the recognising authorities), a steering member of each
    board, and the province's administrator; made once."""
    from django.contrib.auth.hashers import make_password
    from django.db.models import Value
    from django.db.models.functions import Concat

    from apps.accounts.enums import Role
    from apps.accounts.models import Membership, User
    from apps.units.enums import UnitKind
    from apps.units.models import Unit

    province = Unit.objects.get(code=CODE, depth=1)
    units = Unit.objects.filter(path__startswith=province.path, depth__gt=1)
    wanted = [(f"{prefix()}_w_admin", province, Role.ADMIN)]
    for unit in units.order_by("path"):
        if unit.kind == UnitKind.BOARD:
            wanted.append((f"{prefix()}_w_board_{unit.function}", unit, Role.STEERING))
            continue
        people = _people_of(unit.code)
        wanted += [(people["officer"], unit, Role.OFFICER), (people["leader"], unit, Role.LEADER)]
        if unit.depth == 2:
            wanted.append((people["appraiser"], unit, Role.APPRAISER))
    existing = set(
        User.objects.filter(username__startswith=f"{prefix()}_w_").values_list(
            "username", flat=True
        )
    )
    # Every writer has an e-mail address: what the writes tell them goes by e-mail too,
    # rendered in the request as in production.
    User.objects.filter(username__startswith=f"{prefix()}_w_", email="").update(
        email=Concat("username", Value("@bench.invalid"))
    )
    missing = [w for w in wanted if w[0] not in existing]
    if not missing:
        return
    password = make_password(None)
    users = User.objects.bulk_create(
        (
            User(
                username=name,
                full_name=f"Cán bộ {name}",
                email=f"{name}@bench.invalid",
                password=password,
            )
            for name, _unit, _role in missing
        ),
        batch_size=2000,
    )
    Membership.objects.bulk_create(
        (
            Membership(user=user, unit=unit, role=role)
            for user, (_name, unit, role) in zip(users, missing, strict=True)
        ),
        batch_size=2000,
    )


def current_cycle():
    from apps.cycles.models import Cycle

    return Cycle.objects.filter(province__code=CODE, province__depth=1).latest("year")


def open_dates(now: datetime.datetime) -> dict:
    """The current cycle's registration date a week ahead and its recognition window
    from two weeks ago to two weeks ahead (within the year's period), changed by the
    province's administrator through ``cycle_change_dates`` when they differ."""
    from django.utils import timezone

    from apps.accounts.models import User
    from apps.cycles.services import cycle_change_dates

    cycle = current_cycle()
    today = timezone.localdate(now)
    first, last = cycle.period()

    def clamp(day):
        return min(max(day, first), last)

    wanted = {
        "registration_deadline": clamp(today + datetime.timedelta(days=7)),
        "recognition_opens": clamp(today - datetime.timedelta(days=14)),
        "recognition_closes": clamp(today + datetime.timedelta(days=14)),
    }
    changed = {name: day for name, day in wanted.items() if getattr(cycle, name) != day}
    if changed:
        cycle_change_dates(
            cycle=cycle,
            by=User.objects.get(username=f"{prefix()}_w_admin"),
            reason="Benchmark: a deadline day today.",
            now=now,
            **changed,
        )
    return wanted


def _editor_of(dossier) -> str:
    return _people_of(dossier.bright_spot.unit.code)["officer"]


def ensure_dossiers(*, drafts: int, complete: int, now) -> None:
    """At least ``drafts`` draft dossiers left incomplete (for the saves) and
    ``complete`` draft dossiers ready to submit, opened by the unit's officer on
    acknowledged bright spots of the current cycle."""
    from apps.accounts.models import User
    from apps.brightspots.enums import BrightSpotStatus
    from apps.brightspots.models import BrightSpot
    from apps.dossiers.enums import DossierStatus, Section
    from apps.dossiers.models import Dossier
    from apps.dossiers.services import dossier_create, dossier_save

    cycle = current_cycle()
    ours = Dossier.objects.filter(bright_spot__cycle=cycle, status=DossierStatus.DRAFT)
    have_drafts = ours.filter(how_done="").count()
    have_complete = ours.exclude(how_done="").count()
    need = max(drafts - have_drafts, 0) + max(complete - have_complete, 0)
    if not need:
        return
    spots = list(
        BrightSpot.objects.filter(
            cycle=cycle,
            status__in=[BrightSpotStatus.ACKNOWLEDGED, BrightSpotStatus.IN_PROGRESS],
            dossier__isnull=True,
        )
        .select_related("unit", "cycle", "criteria_set")
        .order_by("id")[:need]
    )
    users = {}
    sections = {
        s.value: f"Nội dung phần {s.label} của hồ sơ thử nghiệm: đối thoại, công khai, tiếp dân."
        for s in Section
    }
    for spot in spots:
        name = _people_of(spot.unit.code)["officer"]
        user = users.get(name) or users.setdefault(name, User.objects.get(username=name))
        dossier = dossier_create(bright_spot=spot, by=user, now=now)
        if have_drafts < drafts:
            have_drafts += 1
            continue
        dossier_save(
            dossier=dossier,
            by=user,
            expected_version=dossier.lock_version,
            sections=sections,
            assessments={
                a.pk: {"level": "met", "evidence": "Đã thực hiện đầy đủ, có biên bản kèm theo."}
                for a in dossier.assessments.all()
            },
            now=now,
        )


def writes(count: int, tag: str) -> list[Write]:
    """Up to ``count`` writes of each kind, interleaved kind by kind (so every kind runs
    the whole time). ``tag`` makes each save's evidence new."""
    from django.urls import reverse

    from apps.brightspots.enums import BrightSpotStatus, RegistrationListStatus, RoutingStatus
    from apps.brightspots.models import RegistrationList, RegistrationRouting
    from apps.dossiers.enums import DossierStatus
    from apps.dossiers.models import CriterionAssessment, Dossier

    cycle = current_cycle()
    drafts = Dossier.objects.filter(bright_spot__cycle=cycle, status=DossierStatus.DRAFT)
    by_kind: dict[str, list[Write]] = {kind: [] for kind in KINDS}

    saving = list(
        drafts.filter(how_done="").select_related("bright_spot__unit").order_by("id")[:count]
    )
    first_rows = {}
    for row in CriterionAssessment.objects.filter(dossier__in=saving).order_by("dossier", "id"):
        first_rows.setdefault(row.dossier_id, row)
    for dossier in saving:
        row = first_rows[dossier.pk]
        evidence = f"Lần lưu {tag}: đã tổ chức đối thoại với nhân dân, có biên bản."
        by_kind["save"].append(
            Write(
                "save",
                dossier.pk,
                _editor_of(dossier),
                reverse("dossiers:edit_criterion", args=[dossier.pk, row.pk]),
                {
                    "lock_version": dossier.lock_version,
                    f"c{row.pk}-level": "good" if row.level != "good" else "met",
                    f"c{row.pk}-evidence": evidence,
                },
                accept="application/json",
                expected=evidence,
                row=row.pk,
            )
        )

    lists = (
        RegistrationList.objects.filter(cycle=cycle, status=RegistrationListStatus.DRAFT)
        .filter(bright_spots__status=BrightSpotStatus.DRAFT)
        .distinct()
        .select_related("unit")
        .order_by("id")[:count]
    )
    for registration_list in lists:
        leader = _people_of(registration_list.unit.code)["leader"]
        by_kind["send"].append(
            Write(
                "send",
                registration_list.pk,
                leader,
                reverse("brightspots:registration_send", args=[registration_list.pk]),
                {"approve": "on"},
            )
        )

    routings = (
        RegistrationRouting.objects.filter(cycle=cycle, status=RoutingStatus.PENDING)
        .select_related("board")
        .order_by("id")[:count]
    )
    for routing in routings:
        by_kind["acknowledge"].append(
            Write(
                "acknowledge",
                routing.pk,
                f"{prefix()}_w_board_{routing.board.function}",
                reverse("brightspots:routing_acknowledge", args=[routing.pk]),
                {"comment": ""},
            )
        )

    submitting = drafts.exclude(how_done="").select_related("bright_spot__unit").order_by("id")
    for dossier in submitting[:count]:
        by_kind["submit"].append(
            Write(
                "submit",
                dossier.pk,
                _editor_of(dossier),
                reverse("dossiers:submit", args=[dossier.pk]),
                {},
            )
        )
    mixed = []
    for index in range(count):
        mixed += [by_kind[kind][index] for kind in KINDS if index < len(by_kind[kind])]
    return mixed


def request_lines(items: list[Write], cookies: dict, csrf: str) -> str:
    """The file write.lua reads: per write, kind, path, Accept, Cookie and body,
    tab-separated, one a line."""
    lines = []
    for item in items:
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": csrf, **item.body})
        cookie = f"{cookies[item.username]}; csrftoken={csrf}"
        lines.append("\t".join([item.kind, item.path, item.accept, cookie, body]))
    return "\n".join(lines) + "\n"
