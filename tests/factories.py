"""Factories for the foundation models; each app adds its own in tests/<app>/factories.py."""

import factory
from factory.django import DjangoModelFactory

from apps.accounts.enums import Role
from apps.accounts.models import Membership, User
from apps.units.enums import UnitKind, UnitLevel
from apps.units.models import Unit

PASSWORD = "Mat-khau-2026!"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.vn")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def make_unit(name="Tỉnh Nghệ An", *, parent=None, kind=None, level=None, code=None, **fields):
    """A unit in the tree (root when ``parent`` is None); treebeard needs add_root/add_child."""
    kind = kind or (UnitKind.PROVINCE if parent is None else UnitKind.COMMUNE)
    level = level or (UnitLevel.PROVINCE if parent is None else UnitLevel.COMMUNE)
    code = code or f"U{Unit.objects.count() + 1}-{name[:8]}"
    values = {"name": name, "kind": kind, "level": level, "code": code, **fields}
    if parent is None:
        return Unit.objects.add_root(values)
    return Unit.objects.add_child(parent, values)


def make_member(unit, *roles: str, user=None, **user_fields) -> User:
    """A user holding ``roles`` (default: unit officer) in ``unit``."""
    user = user or UserFactory(**user_fields)
    for role in roles or (Role.OFFICER,):
        Membership.objects.create(user=user, unit=unit, role=role)
    return user
