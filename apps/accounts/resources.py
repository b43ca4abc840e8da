"""Onboarding people in bulk from a spreadsheet (django-import-export).

Columns: name, email, unit_code, role, from, to (dates dd/mm/yyyy, either may be empty).
Each row is one role held in one unit. A new e-mail makes a new person (username = the
e-mail, no usable password) who is e-mailed a link to choose their own password; an
e-mail the portal knows adds the role to that person instead of a second account.
Same rules as the unit import (``apps/units/resources.py``): a dry run first, row errors
in Vietnamese, all or nothing, the row and byte caps, cells that look like formulas
refused. Rows are limited to the importing administrator's subtree.
"""

import datetime

from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Q
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from apps.accounts.enums import Role
from apps.accounts.models import Membership, User
from apps.accounts.permissions import has_role
from apps.core.services import audit_record
from apps.core.spreadsheets import FORMULA_STARTS, looks_like_formula
from apps.units.models import Unit

DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d")


class DayMonthYearWidget(widgets.Widget):
    """A date typed dd/mm/yyyy (or a date cell of the spreadsheet); empty = open."""

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        for fmt in DATE_FORMATS:
            try:
                return datetime.datetime.strptime(str(value).strip(), fmt).date()  # noqa: DTZ007
            except ValueError:
                continue
        raise ValueError(_("Enter the date as dd/mm/yyyy."))

    def render(self, value, obj=None, **kwargs):
        return value.strftime("%d/%m/%Y") if value else ""


def _role_from(text: str) -> str:
    """A role by its code ("officer") or its Vietnamese or English name."""
    wanted = text.strip().casefold()
    for value, label in Role.choices:
        if wanted in {value, str(label).casefold(), str(Role(value).label).casefold()}:
            return value
    raise ValidationError(
        {
            "role": _("Unknown role %(role)s; use one of: %(roles)s.")
            % {"role": text, "roles": ", ".join(Role.values)}
        }
    )


class PeopleResource(resources.ModelResource):
    name = fields.Field(attribute="import_name", column_name="name", widget=widgets.CharWidget())
    email = fields.Field(attribute="import_email", column_name="email", widget=widgets.CharWidget())
    unit_code = fields.Field(
        attribute="import_unit_code", column_name="unit_code", widget=widgets.CharWidget()
    )
    role = fields.Field(attribute="import_role", column_name="role", widget=widgets.CharWidget())
    starts_on = fields.Field(attribute="starts_on", column_name="from", widget=DayMonthYearWidget())
    ends_on = fields.Field(attribute="ends_on", column_name="to", widget=DayMonthYearWidget())

    class Meta:
        model = Membership
        fields = ["name", "email", "unit_code", "role", "starts_on", "ends_on"]
        import_id_fields = []
        use_transactions = True
        skip_diff = True

    @classmethod
    def get_display_name(cls):
        return _("People")

    def get_instance(self, instance_loader, row):
        return None  # every row is a new role

    def before_import_row(self, row, **kwargs):
        for key, value in row.items():
            if isinstance(value, str):
                value = value.strip()
                if value[:2] in {"'" + prefix for prefix in FORMULA_STARTS}:
                    value = value[1:]
                row[key] = value

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for check in (self._check_text, self._resolve_unit, self._resolve_role):
            try:
                check(instance, kwargs.get("user"))
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        if "email" not in errors:
            try:
                self._resolve_person(instance)
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def _check_text(self, instance, _user) -> None:
        errors = {}
        for field in ("name", "email", "unit_code", "role"):
            value = getattr(instance, f"import_{field}", "") or ""
            if looks_like_formula(value):
                errors[field] = _("A cell may not start with = + - @ (spreadsheet formula).")
            elif not value:
                errors[field] = _("This column is required.")
        if "email" not in errors:
            try:
                validate_email(instance.import_email)
            except ValidationError:
                errors["email"] = _("Enter a valid e-mail address.")
        if errors:
            raise ValidationError(errors)

    def _resolve_unit(self, instance, user) -> None:
        code = instance.import_unit_code or ""
        unit = Unit.objects.filter(code=code, is_active=True).first() if code else None
        if code and (unit is None or not (user is None or has_role(user, Role.ADMIN, unit))):
            raise ValidationError(
                {
                    "unit_code": _("No unit with code %(code)s among the units you administer.")
                    % {"code": code}
                }
            )
        instance.unit = unit

    def _resolve_role(self, instance, _user) -> None:
        if instance.import_role:
            instance.role = _role_from(instance.import_role)

    def _resolve_person(self, instance) -> None:
        found = list(User.objects.filter(email__iexact=instance.import_email).order_by("pk")[:2])
        if len(found) > 1:
            raise ValidationError(
                {"email": _("Several accounts use this e-mail; add this role in the admin.")}
            )
        person = found[0] if found else None
        if person is not None and (person.is_superuser or not person.is_active):
            raise ValidationError(
                {"email": _("This e-mail belongs to an account that cannot be given roles here.")}
            )
        instance.import_person = person

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(exclude=["user", *errors], validate_unique=False)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if not errors and instance.import_person is not None:
            self._check_overlap(instance, errors)
        if errors:
            raise ValidationError(errors)

    def _check_overlap(self, instance, errors: dict) -> None:
        """The same role in the same unit for days that overlap an existing one."""
        overlapping = Membership.objects.filter(
            user=instance.import_person, unit=instance.unit, role=instance.role
        )
        if instance.ends_on:
            overlapping = overlapping.filter(
                Q(starts_on__isnull=True) | Q(starts_on__lte=instance.ends_on)
            )
        if instance.starts_on:
            overlapping = overlapping.filter(
                Q(ends_on__isnull=True) | Q(ends_on__gte=instance.starts_on)
            )
        if overlapping.exists():
            errors["role"] = [_("This person already holds this role in this unit then.")]

    def do_instance_save(self, instance, is_create):
        person = instance.import_person or self._new_person(instance)
        instance.user = person
        instance.save()
        audit_record(
            actor=getattr(self, "importer", None),
            target=instance,
            action="onboard",
            data={"user": person.pk, "new_person": instance.import_person is None},
        )

    def _new_person(self, instance) -> User:
        from apps.notifications.services import notify

        email = instance.import_email.lower()
        username = email if not User.objects.filter(username=email).exists() else ""
        person = User(username=username or f"{email}-{User.objects.count() + 1}", email=email)
        person.full_name = instance.import_name
        person.set_unusable_password()
        person.save()
        uid = urlsafe_base64_encode(force_bytes(person.pk))
        token = default_token_generator.make_token(person)
        notify(
            users=[person],
            template="welcome",
            context={"person": person, "username": person.username},
            path=reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token}),
            dedupe_key="welcome",
        )
        return person

    def import_data(
        self,
        dataset,
        dry_run=False,
        raise_errors=False,
        use_transactions=None,
        collect_failed_rows=False,
        rollback_on_validation_errors=False,
        **kwargs,
    ):
        self.importer = kwargs.get("user")
        return super().import_data(
            dataset,
            dry_run=dry_run,
            raise_errors=raise_errors,
            use_transactions=True,
            collect_failed_rows=collect_failed_rows,
            rollback_on_validation_errors=True,
            **kwargs,
        )
