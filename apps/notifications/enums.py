from django.db import models
from django.utils.translation import gettext_lazy as _


class NoticeKind(models.TextChoices):
    """What a notice is about: each user chooses per kind how they are told (the
    e-mail templates are grouped into kinds by ``KIND_OF_TEMPLATE``)."""

    LISTS = "lists", _("Registration lists, routings and publication")
    DOSSIERS = "dossiers", _("Dossiers and appraisal")
    DECISIONS = "decisions", _("Decisions and certificates")
    SCORING = "scoring", _("Scoring and review reports")
    DEADLINES = "deadlines", _("Changed deadlines")
    OPERATIONS = "operations", _("Operations alerts")
    # Never subject to preferences: always in the portal and by e-mail, never held.
    REMINDERS = "reminders", _("Deadline reminders")
    SECURITY = "security", _("Account and security")


class Channel(models.TextChoices):
    BOTH = "both", _("In the portal and by e-mail")
    PORTAL = "portal", _("In the portal only")
    EMAIL = "email", _("By e-mail only")
    NONE = "none", _("Not at all")


# The kinds a user may not silence (a deadline reminder, a password link).
FIXED_KINDS = frozenset({NoticeKind.REMINDERS, NoticeKind.SECURITY})
CHOOSABLE_KINDS = [kind for kind in NoticeKind if kind not in FIXED_KINDS]

KIND_OF_TEMPLATE = {
    "registration_list_sent": NoticeKind.LISTS,
    "registration_list_answered": NoticeKind.LISTS,
    "bright_spot_published": NoticeKind.LISTS,
    "bright_spot_unpublished": NoticeKind.LISTS,
    "publication_agreed": NoticeKind.LISTS,
    "decision_issued": NoticeKind.DECISIONS,
    "decision_revoked": NoticeKind.DECISIONS,
    "decision_commendation_proposed": NoticeKind.DECISIONS,
    "review_report_submitted": NoticeKind.SCORING,
    "deadline_extended": NoticeKind.DEADLINES,
    "operations_alert": NoticeKind.OPERATIONS,
    "reminder": NoticeKind.REMINDERS,
    "late_units": NoticeKind.REMINDERS,
    "welcome": NoticeKind.SECURITY,
}


def kind_of(template: str) -> NoticeKind:
    """The kind of the notice rendered from ``templates/emails/<template>_*``; every
    ``dossier_*`` template is about dossiers. Unknown templates are fixed (told as
    before) rather than silently dropped."""
    if template.startswith("dossier_"):
        return NoticeKind.DOSSIERS
    return KIND_OF_TEMPLATE.get(template, NoticeKind.SECURITY)
