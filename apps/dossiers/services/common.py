"""What every dossier service shares: the refusals, the row lock and the write."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from apps.dossiers.enums import DossierStatus
from apps.dossiers.models import Dossier
from apps.dossiers.permissions import has_conflict_of_interest

S = DossierStatus
LETTER_FIELDS = (
    "letter_number",
    "letter_date",
    "letter_signer",
    "letter_signer_title",
    "letter_issuer",
    "letter_issuing_unit",
)


class DossierRefused(ValidationError):
    """A step refused, with a message for the user."""


class StaleDossier(DossierRefused):
    """Someone else saved the dossier after the user loaded it (optimistic locking)."""


class ConflictOfInterest(DossierRefused):
    """An appraiser who is a member of the dossier's own unit."""


class NotPermitted(PermissionDenied):
    """The actor holds no role allowing this on this dossier."""


def state_message(dossier) -> str:
    return _("This dossier is “%(status)s”; that step is not possible now.") % {
        "status": dossier.get_status_display()
    }


def criteria_rows(dossier):
    return list(dossier.assessments.select_related("criterion__group"))


def check_conflict(user, dossier) -> None:
    if has_conflict_of_interest(user, dossier):
        raise ConflictOfInterest(
            _(
                "You are a member of %(unit)s, the unit of this dossier: you may not "
                "appraise it (conflict of interest). Another appraiser must do it."
            )
            % {"unit": dossier.bright_spot.unit.name},
            code="conflict",
        )


def lock_dossier(dossier) -> Dossier:
    return (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("bright_spot__unit", "bright_spot__cycle", "updated_by")
        .get(pk=dossier.pk)
    )


def write(locked: Dossier, by, now, values: dict) -> None:
    """Save ``values`` and bump the lock version (every write does)."""
    for name, value in values.items():
        setattr(locked, name, value)
    locked.lock_version += 1
    locked.updated_by = by
    locked.updated_at = now
    locked.save(update_fields=[*values, "lock_version", "updated_by", "updated_at"])


def copy_back(dossier, locked) -> Dossier:
    """Give the caller's object the saved values (as the bright spot services do)."""
    for field in Dossier._meta.concrete_fields:
        setattr(dossier, field.attname, getattr(locked, field.attname))
    return locked


def required_text(text: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise DossierRefused(message, code="required")
    return text
