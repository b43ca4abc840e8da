import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.accounts.permissions import can
from apps.core.services import audit_record
from apps.core.workflow import NotPermitted
from apps.help.models import SupportContact
from apps.units.models import Unit

FIELDS = ("office", "phone", "email", "hours")


def support_contact_save(
    *, province: Unit, by: User, fields: dict, now: datetime.datetime
) -> SupportContact:
    """Set ``province``'s support contact (created the first time). Refused unless
    ``by`` administers the province. Effects: the contact; audit "support_contact"."""
    if not can(by, "help.edit_contact", province):
        raise NotPermitted(_("Only the province's administrators keep its support contact."))
    values = {name: fields.get(name, "") for name in FIELDS}
    with transaction.atomic():
        contact, _created = SupportContact.objects.update_or_create(
            province=province, defaults=values
        )
        audit_record(actor=by, target=province, action="support_contact", at=now, data=values)
    return contact
