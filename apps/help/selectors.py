"""What the help page tells each person: the year's steps of every role they hold, with
the dates of their province's open cycle, and whom to ask. A fixed number of queries:
the memberships (cached per request), the cycles of their provinces, those provinces'
process rules, and the support contacts."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from apps.accounts.enums import Role
from apps.accounts.models import User
from apps.accounts.permissions import can, memberships
from apps.cycles.enums import CycleDate
from apps.cycles.models import Cycle, ProcessRules
from apps.cycles.selectors import open_cycle
from apps.help.models import SupportContact
from apps.units.models import Unit

D = CycleDate
# Per role, the year's steps in order: (what to do, the page where it is done, the
# cycle date it is due by or opens on; None when no date of the cycle binds it).
STEPS = {
    Role.OFFICER: (
        (
            _("Draft the unit's bright spots of the year, each with its plan."),
            "brightspots:list",
            D.REGISTRATION,
        ),
        (_("Report the progress of each bright spot at mid-year."), "brightspots:list", D.PROGRESS),
        (
            _("Build each bright spot's dossier against its criteria for the leader to submit."),
            "dossiers:queue",
            D.RECOGNITION_OPENS,
        ),
        (_("Draft the unit's yearly review report."), "reports:review_list", D.REVIEW_REPORT),
    ),
    Role.LEADER: (
        (
            _("Check the drafts and send the unit's registration list."),
            "brightspots:list",
            D.REGISTRATION,
        ),
        (
            _("Submit the dossiers for recognition while the window is open."),
            "dossiers:queue",
            D.RECOGNITION_CLOSES,
        ),
        (_("Submit the unit's yearly review report."), "reports:review_list", D.REVIEW_REPORT),
        (
            _("Agree to show a recognised bright spot on the public showcase."),
            "brightspots:list",
            None,
        ),
    ),
    Role.STEERING: (
        (
            _("Acknowledge the registration lists sent to the board."),
            "brightspots:inbox",
            D.REGISTRATION,
        ),
        (
            _("Write the request letters that propose dossiers for recognition."),
            "dossiers:queue",
            D.RECOGNITION_CLOSES,
        ),
        (
            _("Follow the bright spots on the dashboard; late units are listed there."),
            "reports:dashboard",
            None,
        ),
    ),
    Role.APPRAISER: (
        (
            _("Acknowledge the registration lists sent to the board."),
            "brightspots:inbox",
            D.REGISTRATION,
        ),
        (
            _("Appraise the dossiers in the queue, criterion by criterion."),
            "dossiers:queue",
            D.RECOGNITION_CLOSES,
        ),
    ),
    Role.DECISION_MAKER: (
        (
            _("Sign the recognition decisions; the certificates follow."),
            "decisions:list",
            D.RECOGNITION_CLOSES,
        ),
    ),
    Role.OBSERVER: (
        (
            _("Follow the figures and the summary for the Standing Committee."),
            "reports:dashboard",
            None,
        ),
    ),
    Role.ADMIN: (
        (_("Set up the year's cycle and check the province's process."), "cycles:list", None),
        (_("Grant a unit that asks an extension of a deadline."), "cycles:list", None),
        (_("Keep the units, the people and the support contact up to date."), "units:list", None),
    ),
}


@dataclass
class Step:
    text: str
    url_name: str
    date_label: str = ""
    date: datetime.date | None = None


@dataclass
class Section:
    role: str
    units: list[str]
    steps: list[Step]


@dataclass
class ProvinceYear:
    """A province of the reader's with its open cycle's dates and its support contact."""

    province: Unit
    cycle: Cycle | None
    dates: list[tuple[str, datetime.date]] = field(default_factory=list)
    contact: SupportContact | None = None
    can_edit_contact: bool = False
    # The mid-year update step: left out where the province asks none (ProcessRules).
    shows_progress: bool = True


@dataclass
class Help:
    sections: list[Section]
    provinces: list[ProvinceYear]


def help_for(user: User, *, today: datetime.date) -> Help:
    """The help page of ``user``: a section per role held (in the order of the roles)
    and each of their provinces' year."""
    held = list(memberships(user))
    provinces = sorted({m.unit.path[: Unit.steplen] for m in held})
    years = _province_years(user, provinces, today) if provinces else []
    year_of = {y.province.path: y for y in years}
    sections = []
    for role in Role:
        units = [m.unit for m in held if m.role == role]
        if not units:
            continue
        year = year_of.get(units[0].path[: Unit.steplen])
        steps = [
            _step(text, url_name, date, year)
            for text, url_name, date in STEPS[role]
            if not (date == D.PROGRESS and year and not year.shows_progress)
        ]
        sections.append(Section(role=role.label, units=[u.name for u in units], steps=steps))
    return Help(sections=sections, provinces=years)


def public_contacts() -> list[SupportContact]:
    """The support contacts every province set, for visitors (one query)."""
    return list(SupportContact.objects.select_related("province").order_by("province__path"))


def _province_years(user, paths: list[str], today: datetime.date) -> list[ProvinceYear]:
    units = {
        u.path: u for u in Unit.objects.filter(path__in=paths).select_related("support_contact")
    }
    cycles = list(Cycle.objects.filter(province__path__in=paths).select_related("province"))
    rules = {r.province_id: r for r in ProcessRules.objects.filter(province__path__in=paths)}
    years = []
    for path in paths:
        province = units[path]
        cycle = open_cycle([c for c in cycles if c.province_id == province.pk], today=today)
        year = ProvinceYear(
            province=province,
            cycle=cycle,
            contact=getattr(province, "support_contact", None),
            can_edit_contact=can(user, "help.edit_contact", province),
        )
        if cycle is not None:
            year.shows_progress = rules.get(province.pk, ProcessRules()).progress_update
            year.dates = [
                (date.label, getattr(cycle, date.value))
                for date in D
                if year.shows_progress or date != D.PROGRESS
            ]
        years.append(year)
    return years


def _step(text, url_name: str, date: str | None, year: ProvinceYear | None) -> Step:
    step = Step(text=str(text), url_name=url_name)
    if date and year and year.cycle is not None:
        step.date_label, step.date = D(date).label, getattr(year.cycle, date)
    return step
