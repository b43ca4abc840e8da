"""Development demo data: Nghệ An from the national map, its provincial boards and
departments, and one account per role. Idempotent; refuses to run when DEBUG is off.

The work is a list of steps, each a function taking nothing and returning the line it
prints. Another app adds its own by defining ``DEMO_STEPS`` (a list of such functions)
in ``apps/<app>/demo.py``; those run after the steps below, in INSTALLED_APPS order.
Last, the lived-in years (``apps/core/demo/story.py``): a finished past year, the
current year with work waiting for every demo account, next year's registration, all
played through the services with the time passed in.
"""

import time
from collections.abc import Callable
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import module_has_submodule

from apps.accounts.enums import Role
from apps.accounts.models import Membership, User
from apps.units.management.commands.import_admin_units import peoples_committee_fill
from apps.units.models import Unit
from apps.units.services import admin_units_import, import_errors, units_import

# Development only: printed by the command and documented in the README.
DEMO_PASSWORD = "DiemSang-2026"
PROVINCE_CODE = 40  # Nghệ An
PROVINCE = "P40"
COMMUNE = "W16702"  # Phường Vinh Phú
AGENCIES_FILE = settings.BASE_DIR / "fixtures" / "nghe_an_agencies.csv"

# username, full name, position, unit code, role
DEMO_USERS = [
    ("canbo", "Nguyễn Thị Lan", "Cán bộ phụ trách, UBND Phường Vinh Phú", COMMUNE, Role.OFFICER),
    ("lanhdao", "Trần Văn Hùng", "Phó Chủ tịch UBND Phường Vinh Phú", COMMUNE, Role.LEADER),
    ("chutich", "Lê Văn Minh", "Chủ tịch UBND Phường Vinh Phú", COMMUNE, Role.DECISION_MAKER),
    ("thamdinh", "Phạm Thị Hoa", "Chuyên viên Ban Dân vận Tỉnh ủy", PROVINCE, Role.APPRAISER),
    ("bcd", "Hoàng Văn Nam", "Thành viên Ban Chỉ đạo QCDC tỉnh", PROVINCE, Role.STEERING),
    # The offices lists pass through and review reports go to (guidance II.3, III.1).
    ("noivu", "Bùi Thị Thu", "Chuyên viên Sở Nội vụ", "P40-SNV", Role.STEERING),
    ("bandanvan", "Ngô Văn Quang", "Chuyên viên Ban Dân vận Tỉnh ủy", "P40-BDV", Role.APPRAISER),
    ("chutichtinh", "Nguyễn Văn Đức", "Chủ tịch UBND tỉnh Nghệ An", PROVINCE, Role.DECISION_MAKER),
    ("thuongtruc", "Đặng Văn Sơn", "Thường trực Tỉnh ủy", PROVINCE, Role.OBSERVER),
    ("quantri", "Võ Thị Mai", "Quản trị viên", PROVINCE, Role.ADMIN),
]
SUPERUSER = "admin"


def step_nghe_an() -> str:
    summary = admin_units_import(province_code=PROVINCE_CODE)
    peoples_committee_fill(province_code=PROVINCE_CODE)
    return (
        f"Nghệ An ({PROVINCE}): {summary.communes} communes/wards from vietnam-provinces, "
        f"{summary.created} created, {summary.renamed} renamed"
    )


def step_agencies() -> str:
    result = units_import(data=AGENCIES_FILE.read_bytes(), file_name=AGENCIES_FILE.name)
    errors = import_errors(result)
    if errors:
        raise CommandError("\n".join([AGENCIES_FILE.name, *errors]))
    totals = result.totals
    return (
        f"{AGENCIES_FILE.name}: {totals['new']} created, {totals['update']} updated, "
        f"{totals['skip']} unchanged"
    )


def _demo_user(username: str, password: str, **fields) -> User:
    user, _created = User.objects.update_or_create(
        username=username,
        defaults={
            "email": f"{username}@diemsang.local",
            "is_active": True,
            "password": password,
            **fields,
        },
    )
    return user


def step_users() -> str:
    password = make_password(DEMO_PASSWORD)  # hashed once: ~0.3 s each with PBKDF2
    units = Unit.objects.in_bulk({row[3] for row in DEMO_USERS}, field_name="code")
    lines = []
    for username, full_name, position, code, role in DEMO_USERS:
        user = _demo_user(username, password, full_name=full_name, position=position)
        Membership.objects.get_or_create(user=user, unit=units[code], role=role)
        lines.append(f"  {username:<12} {Role(role).label} · {units[code].name}")
    _demo_user(SUPERUSER, password, full_name="Quản trị viên", is_staff=True, is_superuser=True)
    lines.append(f"  {SUPERUSER:<12} superuser")
    return "\n".join([f"Accounts (password for all: {DEMO_PASSWORD}):", *lines])


STEPS: list[Callable[[], str]] = [step_nghe_an, step_agencies, step_users]


def step_staff() -> str:
    from apps.core.demo.people import staff_add

    return f"Staff of the other units in the story: {staff_add()} accounts"


def step_story() -> str:
    from apps.core.demo.story import step_story

    return step_story()


STORY_STEPS: list[Callable[[], str]] = [step_staff, step_story]


def app_steps() -> list[Callable[[], str]]:
    """``DEMO_STEPS`` of every installed app (but core, whose story runs last) that has
    a ``demo`` module."""
    steps = []
    for config in apps.get_app_configs():
        if config.name == "apps.core":
            continue
        if config.name.startswith("apps.") and module_has_submodule(config.module, "demo"):
            steps += import_module(f"{config.name}.demo").DEMO_STEPS
    return steps


class Command(BaseCommand):
    help = "Load the development demo data (Nghệ An, its boards, one account per role)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "load_demo_data refuses to run with DEBUG off: it creates accounts with a "
                "published password (development only)."
            )
        with transaction.atomic():
            for step in [*STEPS, *app_steps(), *STORY_STEPS]:
                started = time.perf_counter()
                try:
                    line = step()
                except ValidationError as error:
                    raise CommandError(f"{step.__name__}: {' '.join(error.messages)}") from None
                self.stdout.write(f"{line} ({time.perf_counter() - started:.1f} s)")
        self.stdout.write(self.style.SUCCESS("Demo data ready (development only)."))
