"""Past years from paper records: bright spots already recognised, with their decisions
and certificates, imported from a spreadsheet (django-import-export).

Columns (``history_sheet.COLUMNS``, which also reads the cells): unit_code, year,
kind, title, summary, decision_number (05 or 05/QĐ-UBND), decision_date (dd/mm/yyyy),
authority_code, signer, certificate_number.
Each row makes one bright spot, recognised, marked ``imported`` (no dossier, no
registration list), listed in its decision (rows naming the same authority, number and
year share one decision, also marked ``imported``) and holding one certificate with the
paper's number. The spot is public with the summary as its public text, so the
showcase, the dashboards of its year and the commendation of its period count it like
any recognised spot, through their usual queries.

Same rules as the unit import (``apps/units/resources.py``): a dry run first, row
errors in Vietnamese, all or nothing, the row and byte caps; a cell is stored as the
text it holds (one starting with = + - @ too: nothing here evaluates it, and the
portal's exports escape it). Rows are limited to units the importer administers; a
year without a cycle gets one through ``cycles.services.cycle_create``. What the rows
share (units, cycles, decisions, criteria sets) is read once per file, and the rows'
decision items, certificates and audit rows are written in one insert each.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import fields, resources
from import_export.results import Result

from apps.accounts.enums import Role
from apps.accounts.permissions import has_role
from apps.brightspots.enums import BrightSpotStatus
from apps.brightspots.history_sheet import (
    COLUMNS,
    RawWidget,
    cell_text,
    parse_day,
    parse_decision_number,
    whole_number,
)
from apps.brightspots.models import BrightSpot
from apps.core.models import AuditEvent
from apps.core.services import audit_event, audit_record
from apps.criteria.models import CriteriaSet
from apps.cycles.models import Cycle
from apps.cycles.process import process_of
from apps.cycles.services import cycle_create
from apps.decisions.enums import DecisionStatus, DocumentForm
from apps.decisions.models import Certificate, Decision, DecisionItem
from apps.decisions.services.decisions import new_certificate_codes
from apps.units.models import Unit
from apps.units.services import _read_dataset, import_errors, import_size_check

if TYPE_CHECKING:
    from apps.accounts.models import User

FIRST_YEAR = 2000
IMPORT_ACTION = "history_import"
# The columns the database bounds: the spot's name and the decision's number and signer.
TEXT_LIMITS = {"title": 500, "decision_number": 40, "signer": 120}


def _field(name: str) -> fields.Field:
    return fields.Field(attribute=f"row_{name}", column_name=name, widget=RawWidget())


class HistoryResource(resources.ModelResource):
    """One row: one recognised bright spot of a past year, its decision and its
    certificate. ``by`` (the importer) and ``now`` come through ``import_data``."""

    unit_code = _field("unit_code")
    year = _field("year")
    kind = _field("kind")
    title = _field("title")
    summary = _field("summary")
    decision_number = _field("decision_number")
    decision_date = _field("decision_date")
    authority_code = _field("authority_code")
    signer = _field("signer")
    certificate_number = _field("certificate_number")

    class Meta:
        model = BrightSpot
        fields = list(COLUMNS)
        force_init_instance = True  # every row is a new spot
        skip_diff = True
        use_transactions = True

    def __init__(self, *, by: User, now: datetime.datetime):
        super().__init__()
        self.by = by
        self.now = now
        # What the rows share, read once per import rather than once per row.
        self._units: dict[str, Unit | None] = {}
        self._cycles: dict[tuple[int, int], Cycle] = {}
        self._criteria_sets: dict[tuple[int, str], CriteriaSet] = {}
        self._decisions: dict[tuple, Decision] = {}
        self._serials: dict[int, set[int]] = {}
        self._codes: list[str] = []
        self._spots: set[tuple] = set()  # (unit, cycle, kind, name) already in the portal
        # Written in one insert each once every row is in (``after_import``).
        self._items: list[DecisionItem] = []
        self._certificates: list[Certificate] = []
        self._audit: list[AuditEvent] = []

    def before_import(self, dataset, **kwargs):
        """Load every unit the file names and a verification code per row."""
        codes = {
            cell_text(value)
            for name in ("unit_code", "authority_code")
            for value in dataset[name]
            if cell_text(value)
        }
        found = {unit.code: unit for unit in Unit.objects.filter(code__in=codes)}
        self._units = {code: found.get(code) for code in codes}
        self._spots = set(
            BrightSpot.objects.filter(unit__in=[u for u in found.values()]).values_list(
                "unit_id", "cycle_id", "kind", "name"
            )
        )
        self._codes = new_certificate_codes(len(dataset))

    def after_import(self, dataset, result, **kwargs):
        """The rows' decision items, certificates and audit rows, one insert each."""
        super().after_import(dataset, result, **kwargs)
        DecisionItem.objects.bulk_create(self._items, batch_size=1000)
        Certificate.objects.bulk_create(self._certificates, batch_size=1000)
        AuditEvent.objects.bulk_create(self._audit, batch_size=1000)

    def _unit_by_code(self, code) -> Unit | None:
        return self._units.get(cell_text(code))

    def before_import_row(self, row, **kwargs):
        for key, value in row.items():
            if isinstance(value, str):
                row[key] = value.strip()

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        errors: dict[str, list[str]] = {}

        def refuse(column: str, message: str) -> None:
            errors.setdefault(column, []).append(message)

        unit = self._unit(instance.row_unit_code, refuse)
        year = self._year(instance.row_year, refuse)
        title = cell_text(instance.row_title)
        if not title:
            refuse("title", _("Enter the bright spot's name."))
        signed_on = self._signed_on(instance.row_decision_date, year, refuse)
        number = parse_decision_number(instance.row_decision_number)
        if number is None:
            refuse("decision_number", _("Enter the decision number, e.g. 05/QĐ-UBND."))
        authority = self._authority(instance.row_authority_code, unit, refuse)
        serial = whole_number(instance.row_certificate_number)
        if not serial:
            refuse("certificate_number", _("Enter the certificate number (a whole number)."))
        for column, limit in TEXT_LIMITS.items():
            if len(cell_text(getattr(instance, f"row_{column}"))) > limit:
                refuse(column, _("At most %(limit)s characters.") % {"limit": limit})
        if errors:  # in the order of the file's columns
            raise ValidationError({name: errors[name] for name in COLUMNS if name in errors})
        cycle = self._cycle(unit, year)
        kind = cell_text(instance.row_kind)
        self._check_kind(cycle, kind)
        self._check_new(unit, cycle, kind, title)
        instance.unit, instance.cycle, instance.kind, instance.name = unit, cycle, kind, title
        instance.criteria_set = self._criteria_set(cycle, kind)
        instance.import_decision = self._decision(authority, number, signed_on, row)
        instance.import_serial = serial
        self._check_serial(instance.import_decision, serial)

    # --- one check each; a ValidationError names the column ---------------------

    def _unit(self, code, refuse) -> Unit | None:
        unit = self._unit_by_code(code)
        if unit is None or not self._administers(unit):
            refuse(
                "unit_code",
                _("No unit with code %(code)s among the units you administer.")
                % {"code": cell_text(code)},
            )
            return None
        return unit

    def _administers(self, unit: Unit) -> bool:
        return has_role(self.by, Role.ADMIN, unit)

    def _year(self, value, refuse) -> int | None:
        year = whole_number(value)
        if year is None or not FIRST_YEAR <= year <= self.now.year:
            refuse(
                "year",
                _("Enter a past year between %(first)s and %(last)s.")
                % {"first": FIRST_YEAR, "last": self.now.year},
            )
            return None
        return year

    def _signed_on(self, value, year, refuse) -> datetime.date | None:
        day = parse_day(value)
        if day is None:
            refuse("decision_date", _("Enter the date as dd/mm/yyyy."))
        elif year and not datetime.date(year, 1, 1) <= day <= timezone.localdate(self.now):
            refuse(
                "decision_date",
                _("The decision's date must fall between 01/01/%(year)s and today.")
                % {"year": year},
            )
        return day

    def _authority(self, code, unit, refuse) -> Unit | None:
        authority = self._unit_by_code(code)
        same_province = (
            authority is not None
            and unit is not None
            and authority.path[: Unit.steplen] == unit.path[: Unit.steplen]
        )
        if not same_province or not authority.is_recognising_authority:
            refuse(
                "authority_code",
                _("No recognising authority with code %(code)s in the unit's province.")
                % {"code": cell_text(code)},
            )
            return None
        return authority

    def _cycle(self, unit: Unit, year: int) -> Cycle:
        """The province's cycle of ``year``, opened with the process's default dates
        when the portal has none (an audited ``cycle_create``)."""
        key = (unit.path[: Unit.steplen], year)
        if key not in self._cycles:
            province = Unit.objects.get(path=key[0])
            found = Cycle.objects.filter(province=province, year=year).first()
            self._cycles[key] = found or cycle_create(
                province=province, year=year, by=self.by, now=self.now
            )
        return self._cycles[key]

    def _check_kind(self, cycle: Cycle, kind: str) -> None:
        codes = process_of(cycle=cycle).kind_codes
        if kind not in codes:
            raise ValidationError(
                {
                    "kind": _("Unknown kind %(kind)s; use one of: %(kinds)s.")
                    % {"kind": kind, "kinds": ", ".join(codes)}
                }
            )

    def _check_new(self, unit: Unit, cycle: Cycle, kind: str, title: str) -> None:
        if (unit.pk, cycle.pk, kind, title) in self._spots:
            raise ValidationError(
                {"title": _("This bright spot is already in the portal for this unit and year.")}
            )

    def _criteria_set(self, cycle: Cycle, kind: str) -> CriteriaSet:
        """A set covering the kind (the province's or a shared one, newest first): the
        spot was judged on paper, the set only keeps the row complete."""
        key = (cycle.province_id, kind)
        if key in self._criteria_sets:
            return self._criteria_sets[key]
        found = (
            CriteriaSet.objects.filter(kinds__contains=[kind])
            .filter(Q(province__isnull=True) | Q(province_id=cycle.province_id))
            .order_by("-is_active", "-version", "id")
            .first()
        )
        if found is None:
            raise ValidationError(
                {"kind": _("No criteria set covers this kind of bright spot; add one first.")}
            )
        self._criteria_sets[key] = found
        return found

    def _decision(self, authority, number, signed_on, row) -> Decision:
        """The imported decision of this authority, year and number: made by the first
        row naming it, shared by the next. A decision issued through the portal is
        never added to."""
        number, symbol = number
        key = (authority.pk, signed_on.year, number, symbol)
        if key not in self._decisions:
            self._decisions[key] = Decision.objects.filter(
                authority=authority, year=signed_on.year, number=number, symbol=symbol
            ).first()
        found = self._decisions[key]
        if found is not None and not found.imported:
            raise ValidationError(
                {
                    "decision_number": _(
                        "Decision %(label)s was issued through the portal; paper records "
                        "cannot be added to it."
                    )
                    % {"label": found.number_label}
                }
            )
        if found is not None and found.signed_on != signed_on:
            raise ValidationError(
                {
                    "decision_date": _("Decision %(label)s is dated %(date)s in another row.")
                    % {"label": found.number_label, "date": f"{found.signed_on:%d/%m/%Y}"}
                }
            )
        if found is None:
            found = self._decisions[key] = self._new_decision(
                authority, number, symbol, signed_on, row
            )
        return found

    def _new_decision(self, authority, number, symbol, signed_on, row) -> Decision:
        signed_at = timezone.make_aware(datetime.datetime.combine(signed_on, datetime.time(12)))
        decision = Decision.objects.create(
            authority=authority,
            status=DecisionStatus.ISSUED,
            document_form=DocumentForm.PARTY if authority.is_party_body else DocumentForm.STATE,
            number=number,
            symbol=symbol,
            year=signed_on.year,
            signed_on=signed_on,
            issuer_name=authority.name.upper(),
            issuer_power="",
            place="",
            title="",
            legal_bases="",
            article_one="",
            later_articles="",
            recipients="",
            signer_title="",
            signer_name=cell_text(row.get("signer")),
            issued_at=signed_at,
            imported=True,
            created_by=self.by,
        )
        audit_record(
            actor=self.by,
            target=decision,
            action=IMPORT_ACTION,
            to_state=DecisionStatus.ISSUED,
            data={"number": decision.number_label, "signed_on": signed_on.isoformat()},
            at=self.now,
        )
        return decision

    def _check_serial(self, decision: Decision, serial: int) -> None:
        if decision.pk not in self._serials:
            self._serials[decision.pk] = set(decision.certificates.values_list("serial", flat=True))
        if serial in self._serials[decision.pk]:
            raise ValidationError(
                {
                    "certificate_number": _(
                        "Certificate number %(serial)s is already used in this decision."
                    )
                    % {"serial": serial}
                }
            )

    # --- saving --------------------------------------------------------------------

    def do_instance_save(self, instance, is_create):
        """The spot, recognised and public; its place in the decision, its certificate
        and the audit row naming the importer wait for ``after_import``."""
        instance.status = BrightSpotStatus.RECOGNISED
        instance.imported = True
        instance.created_by = self.by
        instance.public_summary = cell_text(instance.row_summary)
        # On the showcase as a published spot is: the paper record stands for the unit's
        # agreement; the unit or a publisher takes it down like any other.
        instance.is_public = True
        instance.publication_agreed_at = instance.published_at = self.now
        instance.publication_agreed_by = instance.published_by = self.by
        instance.save()
        self._spots.add((instance.unit_id, instance.cycle_id, instance.kind, instance.name))
        decision = instance.import_decision
        serials = self._serials[decision.pk]
        self._items.append(
            DecisionItem(decision=decision, bright_spot=instance, order=len(serials))
        )
        serials.add(instance.import_serial)
        self._certificates.append(
            Certificate(
                decision=decision,
                bright_spot=instance,
                code=self._codes.pop(),
                serial=instance.import_serial,
                holder_name=instance.name,
                unit_name=instance.unit.name,
                kind=instance.kind,
                year=instance.cycle.year,
            )
        )
        self._audit.append(
            audit_event(
                actor=self.by,
                content_type=ContentType.objects.get_for_model(BrightSpot),
                object_id=instance.pk,
                action=IMPORT_ACTION,
                to_state=BrightSpotStatus.RECOGNISED,
                data={"decision": decision.number_label, "certificate": instance.import_serial},
                at=self.now,
            )
        )


def _check_columns(dataset) -> None:
    missing = [name for name in COLUMNS if name not in (dataset.headers or [])]
    if missing:
        raise ValidationError(
            _("The file lacks the columns: %(columns)s. Start from the template.")
            % {"columns": ", ".join(missing)}
        )


def history_import(
    *,
    data: bytes,
    file_name: str,
    by: User,
    now: datetime.datetime | None = None,
    dry_run: bool = False,
    keep_rows: bool = False,
) -> Result:
    """Import past recognised bright spots, their decisions and certificates from a
    .xlsx or .csv file (``COLUMNS``). All or nothing: when any row fails, nothing is
    written and the result carries the row errors (``import_errors``).

    Effects when it succeeds: per row a BrightSpot (recognised, public, ``imported``),
    a DecisionItem and a Certificate; per decision number an issued ``imported``
    Decision; per missing year of a province a Cycle (``cycle_create``); an audit row
    "history_import" on each spot and decision naming ``by``. ``keep_rows`` keeps each
    row's unsaved spot on the result (the preview)."""
    import_size_check(len(data))
    dataset = _read_dataset(data, file_name)
    _check_columns(dataset)
    now = now or timezone.now()
    with transaction.atomic():
        return HistoryResource(by=by, now=now).import_data(
            dataset,
            dry_run=dry_run,
            use_transactions=True,
            rollback_on_validation_errors=True,
            retain_instance_in_row_result=keep_rows,
        )


def history_errors(result: Result) -> list[str]:
    """The result's errors as lines "Dòng 3: …" (the unit import's wording)."""
    return import_errors(result)
