"""Writing criteria sets. A set in use by any bright spot is frozen: every content
edit is refused, and ``criteria_set_revise`` copies it into the next version for
editing. The pages, the admin and commands all call these functions.

Locking: an edit locks the set's row (SELECT … FOR UPDATE) before checking that no
bright spot uses it. Creating a bright spot takes a KEY SHARE lock on the same row
(its foreign key), which conflicts with FOR UPDATE, so an edit and a first use of the
set cannot interleave.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.accounts.permissions import can
from apps.core.services import audit_record
from apps.core.workflow import NotPermitted, Refused, transition
from apps.criteria.models import CriteriaSet, Criterion, CriterionGroup
from apps.criteria.permissions import can_manage_for
from apps.criteria.workflow import CRITERIA_SET_WORKFLOW
from apps.units.models import Unit

SET_FIELDS = ("name", "source", "kinds", "province")


def frozen_message() -> str:
    return _(
        "This criteria set is used by bright spots and can no longer be changed. "
        "Create a new version to edit it."
    )


def _lock_editable(criteria_set: CriteriaSet, by: User) -> CriteriaSet:
    """Call inside a transaction: the locked, fresh row, or a refusal."""
    if not can(by, "criteria.change", criteria_set):
        raise NotPermitted(_("You may not change this criteria set."))
    locked = CriteriaSet.objects.select_for_update().get(pk=criteria_set.pk)
    if locked.bright_spots.exists():
        raise Refused(frozen_message(), code="frozen")
    return locked


def _audit(*, by: User, criteria_set: CriteriaSet, action: str, at=None, **data) -> None:
    audit_record(actor=by, target=criteria_set, action=action, data=data, at=at)


def criteria_set_create(
    *,
    by: User,
    code: str,
    name: str,
    kinds: list[str],
    province: Unit | None = None,
    source: str = "",
    now: datetime.datetime | None = None,
) -> CriteriaSet:
    """A new set, version 1, not yet offered (publish it once its criteria are in).

    Effects: the CriteriaSet row; an audit record "criteria_set_create".
    """
    if not can_manage_for(by, province):
        raise NotPermitted(_("You may not create criteria sets for this province."))
    criteria_set = CriteriaSet(
        code=code,
        version=1,
        name=name,
        kinds=kinds,
        province=province,
        source=source,
        is_active=False,
    )
    taken = ValidationError(
        {"code": _("This code is already used; create a new version of that set instead.")}
    )
    if CriteriaSet.objects.filter(code=code).exists():
        raise taken
    criteria_set.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            criteria_set.save()
            _audit(by=by, criteria_set=criteria_set, action="criteria_set_create", at=now)
    except IntegrityError:  # the same code made meanwhile
        raise taken from None
    return criteria_set


def criteria_set_update(
    *, criteria_set: CriteriaSet, by: User, now: datetime.datetime | None = None, **fields
) -> CriteriaSet:
    """Change the name, source, kinds or province of a set not yet in use. A group
    may not be left applying to a kind the set no longer covers.

    Effects: the changed fields saved; an audit record "criteria_set_update".
    """
    unknown = set(fields) - set(SET_FIELDS)
    if unknown:
        raise TypeError(f"not editable here: {sorted(unknown)}")
    if "province" in fields and not can_manage_for(by, fields["province"]):
        raise ValidationError({"province": _("You do not administer this province.")})
    with transaction.atomic():
        locked = _lock_editable(criteria_set, by)
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.full_clean()
        _check_groups_covered(locked)
        locked.save(update_fields=list(fields))
        _audit(
            by=by,
            criteria_set=locked,
            action="criteria_set_update",
            at=now,
            fields=sorted(fields),
        )
    return locked


def _check_groups_covered(criteria_set: CriteriaSet) -> None:
    for group in criteria_set.groups.all():
        outside = set(group.kinds) - set(criteria_set.kinds)
        if outside:
            raise ValidationError(
                {
                    "kinds": _("Group %(number)s still applies to a kind you removed.")
                    % {"number": group.number}
                }
            )


def criterion_group_save(
    *, group: CriterionGroup, by: User, now: datetime.datetime | None = None
) -> CriterionGroup:
    """Add or change a group of a set not yet in use; a new group without an order
    goes last.

    Effects: the group saved; an audit record "criterion_group_save" on the set.
    """
    with transaction.atomic():
        locked = _lock_editable(group.criteria_set, by)
        if group.order is None:
            group.order = (locked.groups.aggregate(m=Max("order"))["m"] or 0) + 1
        group.criteria_set = locked
        if locked.groups.filter(number=group.number).exclude(pk=group.pk).exists():
            raise ValidationError({"number": _("This number is already used in the set.")})
        group.full_clean()
        group.save()
        _audit(
            by=by, criteria_set=locked, action="criterion_group_save", at=now, number=group.number
        )
    return group


def criterion_group_delete(
    *, group: CriterionGroup, by: User, now: datetime.datetime | None = None
) -> None:
    """Delete a group and its criteria from a set not yet in use (audited on the set)."""
    with transaction.atomic():
        locked = _lock_editable(group.criteria_set, by)
        group.delete()
        _audit(
            by=by, criteria_set=locked, action="criterion_group_delete", at=now, number=group.number
        )


def criterion_save(
    *, criterion: Criterion, by: User, now: datetime.datetime | None = None
) -> Criterion:
    """Add or change a criterion of a set not yet in use; a new criterion without an
    order goes last in its group.

    Effects: the criterion saved; an audit record "criterion_save" on the set.
    """
    group = criterion.group
    with transaction.atomic():
        locked = _lock_editable(group.criteria_set, by)
        if criterion.order is None:
            criterion.order = (group.criteria.aggregate(m=Max("order"))["m"] or 0) + 1
        if group.criteria.filter(number=criterion.number).exclude(pk=criterion.pk).exists():
            raise ValidationError({"number": _("This number is already used in the group.")})
        criterion.full_clean()
        criterion.save()
        _audit(by=by, criteria_set=locked, action="criterion_save", at=now, number=criterion.number)
    return criterion


def criterion_delete(
    *, criterion: Criterion, by: User, now: datetime.datetime | None = None
) -> None:
    """Delete a criterion from a set not yet in use (audited on the set)."""
    with transaction.atomic():
        locked = _lock_editable(criterion.group.criteria_set, by)
        criterion.delete()
        _audit(
            by=by, criteria_set=locked, action="criterion_delete", at=now, number=criterion.number
        )


def criteria_set_delete(
    *, criteria_set: CriteriaSet, by: User, now: datetime.datetime | None = None
) -> None:
    """Delete a set no bright spot uses (e.g. an abandoned draft version)."""
    with transaction.atomic():
        locked = _lock_editable(criteria_set, by)
        audit_record(
            actor=by,
            target=locked,
            action="criteria_set_delete",
            data={"code": locked.code, "version": locked.version},
            at=now,
        )
        locked.delete()


def criteria_set_revise(
    *, criteria_set: CriteriaSet, by: User, now: datetime.datetime | None = None
) -> CriteriaSet:
    """Copy the latest version of a set, with its groups and criteria, into version
    + 1 for editing. The copy is not offered until published; bright spots keep the
    version they were registered with.

    Effects: the new CriteriaSet, CriterionGroup and Criterion rows; an audit record
    "criteria_set_revise" on the new version naming the one it came from.
    """
    if not can(by, "criteria.change", criteria_set):
        raise NotPermitted(_("You may not change this criteria set."))
    try:
        with transaction.atomic():
            source = CriteriaSet.objects.select_for_update().get(pk=criteria_set.pk)
            latest = CriteriaSet.objects.filter(code=source.code).aggregate(m=Max("version"))["m"]
            if latest != source.version:
                raise ValidationError(
                    _("Version %(version)s of this set already exists; revise that one.")
                    % {"version": latest}
                )
            revision = _copy(source, version=source.version + 1)
            _audit(
                by=by,
                criteria_set=revision,
                action="criteria_set_revise",
                at=now,
                from_id=source.pk,
                from_version=source.version,
            )
    except IntegrityError:  # the same version made meanwhile
        raise ValidationError(_("Someone else has just revised this set.")) from None
    return revision


def _copy(source: CriteriaSet, *, version: int) -> CriteriaSet:
    revision = CriteriaSet.objects.create(
        code=source.code,
        version=version,
        name=source.name,
        source=source.source,
        province=source.province,
        kinds=list(source.kinds),
        is_active=False,
    )
    for group in source.groups.prefetch_related("criteria"):
        copy = CriterionGroup.objects.create(
            criteria_set=revision,
            number=group.number,
            title=group.title,
            kinds=list(group.kinds),
            order=group.order,
        )
        Criterion.objects.bulk_create(
            Criterion(
                group=copy, number=c.number, text=c.text, order=c.order, max_score=c.max_score
            )
            for c in group.criteria.all()
        )
    return revision


def criteria_set_publish(
    *, criteria_set: CriteriaSet, by: User, now: datetime.datetime | None = None
) -> CriteriaSet:
    """Offer this version for new bright spots and stop offering the other versions of
    the same code (frozen or not: offering is not content).

    Refused for a version already offered or without any criterion. Effects:
    ``is_active`` set here and cleared on the other versions; an audit record
    "criteria_set_publish".
    """

    def effect(locked: CriteriaSet, by: User, now: datetime.datetime) -> dict:
        CriteriaSet.objects.filter(code=locked.code).exclude(pk=locked.pk).update(is_active=False)
        return {}

    return transition(
        CRITERIA_SET_WORKFLOW, criteria_set, verb="publish", by=by, now=now, effect=effect
    )


def criteria_set_withdraw(
    *, criteria_set: CriteriaSet, by: User, now: datetime.datetime | None = None
) -> CriteriaSet:
    """Stop offering this version for new bright spots (those using it keep it).

    Refused for a version not offered. Effects: ``is_active`` cleared; an audit record
    "criteria_set_withdraw".
    """
    return transition(CRITERIA_SET_WORKFLOW, criteria_set, verb="withdraw", by=by, now=now)
