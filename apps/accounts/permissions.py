"""The one permission layer: "may user U do action A on object O" and "which objects
may U see".

Reach: a role held in a unit reaches that unit's subtree, decided by materialised
path prefix in SQL. django-guardian adds explicit grants on single objects only
(never ``get_objects_for_user``, which scans whole tables). Anything outside reach
answers 404 in views (``get_object_in_reach_or_404``).

Each app declares its actions in its own ``permissions.py`` with ``@rule("app.verb")``;
views and templates only ever call ``can()`` / ``require()`` here.
"""

from collections.abc import Callable, Iterable

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from guardian.core import ObjectPermissionChecker

from apps.core.reference import forget, kept

RULES: dict[str, Callable] = {}


def rule(action: str):
    """Register the function answering ``can(user, action, obj)``."""

    def register(func):
        if action in RULES:
            raise ValueError(f"permission rule {action!r} declared twice")
        RULES[action] = func
        return func

    return register


def memberships(user) -> list:
    """The user's memberships in force today (local date) with their units, loaded
    once per user object and kept for the day in the process's reference cache
    (``apps.core.reference``: a change to memberships or units makes it read them
    again): a role that has ended or not yet started gives no reach."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_membership_cache", None)
    if cached is None:
        today = timezone.localdate()
        cached = kept(user, f"memberships:{user.pk}:{today}", lambda: _memberships(user, today))
        user._membership_cache = cached
    return cached


def _memberships(user, today) -> list:
    from apps.accounts.models import in_force_q

    held = user.memberships.select_related("unit").filter(unit__is_active=True)
    return list(held.filter(in_force_q(today)))


def clear_cache(user) -> None:
    """Forget what was read for ``user`` (after changing their roles in the same request)."""
    for name in ("_membership_cache", "_visible_cycles"):
        if hasattr(user, name):
            delattr(user, name)  # on the user itself, also through request.user's proxy
    forget(user)


def _roles(roles) -> frozenset:
    return frozenset([roles]) if isinstance(roles, str) else frozenset(roles)


def is_superuser(user) -> bool:
    return bool(getattr(user, "is_superuser", False) and user.is_active)


def reach_paths(user, roles: Iterable[str] | str) -> list[str]:
    """Paths of the units where the user holds one of ``roles`` (subtree roots)."""
    wanted = _roles(roles)
    return sorted({m.unit.path for m in memberships(user) if m.role in wanted})


def has_role(user, roles: Iterable[str] | str, unit) -> bool:
    """True when the user holds one of ``roles`` in ``unit`` or one of its ancestors."""
    if unit is None:
        return False
    if is_superuser(user):
        return True
    return any(unit.path.startswith(path) for path in reach_paths(user, roles))


def holds_role_anywhere(user, roles: Iterable[str] | str) -> bool:
    return is_superuser(user) or bool(reach_paths(user, roles))


def administers_province(user, unit=None) -> bool:
    """An administrator at a province node (a role held in a top-level unit), of
    ``unit``'s province when given; superusers everywhere."""
    from apps.accounts.enums import Role

    return is_superuser(user) or any(
        m.role == Role.ADMIN
        and m.unit.depth == 1
        and (unit is None or unit.path.startswith(m.unit.path))
        for m in memberships(user)
    )


def reach_q(
    user, roles: Iterable[str] | str, unit_field: str = "unit", *, path_field: str = ""
) -> Q:
    """A Q matching rows whose unit lies in the user's reach for ``roles``.

    ``unit_field`` is the lookup to the Unit ("unit", "bright_spot__unit", or "" for
    Unit itself); ``path_field``, when given, a column of the row holding its unit's
    path (a spot's ``unit_path``), read instead of joining the unit. Matches nothing
    when the user has no such role.
    """
    if path_field:
        lookup = f"{path_field}__startswith"
    elif unit_field:
        lookup = f"{unit_field}__path__startswith"
    else:
        lookup = "path__startswith"
    if is_superuser(user):
        return Q()
    paths = reach_paths(user, roles)
    if not paths:
        return Q(pk__in=[])
    q = Q()
    for path in paths:
        q |= Q(**{lookup: path})
    return q


def granted_pks(user, perm: str, model) -> list:
    """Primary keys of ``model`` rows on which the user holds an explicit guardian grant."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    from django.contrib.contenttypes.models import ContentType
    from guardian.models import UserObjectPermission

    codename = perm.split(".", 1)[-1]
    ct = ContentType.objects.get_for_model(model)
    raw = UserObjectPermission.objects.filter(
        user=user, content_type=ct, permission__codename=codename
    ).values_list("object_pk", flat=True)
    return [model._meta.pk.to_python(pk) for pk in raw]


def has_grant(user, perm: str, obj) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return ObjectPermissionChecker(user).has_perm(perm.split(".", 1)[-1], obj)


def can(user, action: str, obj=None) -> bool:
    """May ``user`` do ``action`` (a registered rule) on ``obj``?"""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    try:
        check = RULES[action]
    except KeyError:
        raise LookupError(f"no permission rule for {action!r}") from None
    return bool(check(user, obj))


def require(user, action: str, obj=None) -> None:
    """Raise Http404 (never 403: that would confirm the object exists)."""
    if not can(user, action, obj):
        raise Http404


def get_object_in_reach_or_404(queryset: QuerySet, user, action: str, **lookup):
    try:
        obj = queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError):
        raise Http404 from None
    require(user, action, obj)
    return obj


@rule("accounts.view_members")
def can_view_members(user, unit) -> bool:
    """Who holds which role in a unit, and when: its administrators (the unit or
    above) and its own members."""
    from apps.accounts.enums import ALL_ROLES, Role

    if unit is None:
        return False
    return has_role(user, Role.ADMIN, unit) or any(
        m.unit_id == unit.pk and m.role in ALL_ROLES for m in memberships(user)
    )


@rule("accounts.handover")
def can_hand_over(user, unit) -> bool:
    """Hand a departed person's roles and work over to a successor: the province's
    administrator (a role held in a top-level unit over ``unit``)."""
    return unit is not None and administers_province(user, unit)
