"""The staff of the other units the demo's story follows (two wards beside Phường Vinh
Phú, and a provincial board whose bright spot the province recognises). Same password
as the command's accounts; one account per role and unit."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password

from apps.accounts.enums import Role
from apps.accounts.models import Membership, User
from apps.core.management.commands.load_demo_data import COMMUNE, DEMO_PASSWORD
from apps.units.models import Unit

CUA_LO = "W16732"  # Phường Cửa Lò
THANH_VINH = "W16681"  # Phường Thành Vinh
COUNCIL = "P40-HDTDKT"  # Hội đồng Thi đua – Khen thưởng tỉnh

# username, full name, position, unit code, role
STAFF = [
    ("canbo.cualo", "Hồ Thị Nga", "Công chức Văn hóa – Xã hội", CUA_LO, Role.OFFICER),
    ("lanhdao.cualo", "Phan Văn Tâm", "Phó Chủ tịch UBND Phường Cửa Lò", CUA_LO, Role.LEADER),
    ("chutich.cualo", "Chu Văn Lực", "Chủ tịch UBND Phường Cửa Lò", CUA_LO, Role.DECISION_MAKER),
    ("thamdinh.cualo", "Lê Thị Vân", "Cán bộ phụ trách QCDC", CUA_LO, Role.APPRAISER),
    ("canbo.thanhvinh", "Thái Văn Long", "Công chức Văn phòng", THANH_VINH, Role.OFFICER),
    ("lanhdao.thanhvinh", "Đinh Thị Huệ", "Phó Chủ tịch UBND", THANH_VINH, Role.LEADER),
    ("chutich.thanhvinh", "Võ Văn Kiên", "Chủ tịch UBND", THANH_VINH, Role.DECISION_MAKER),
    ("thamdinh.thanhvinh", "Trương Thị Lý", "Cán bộ phụ trách QCDC", THANH_VINH, Role.APPRAISER),
    ("canbo.hdtdkt", "Lưu Thị Hằng", "Chuyên viên Hội đồng TĐKT", COUNCIL, Role.OFFICER),
    ("lanhdao.hdtdkt", "Nguyễn Hữu Phước", "Phó Chủ tịch Hội đồng TĐKT", COUNCIL, Role.LEADER),
]


@dataclass(frozen=True)
class Staff:
    """One unit's people in the story (None where it has nobody in that role)."""

    unit: Unit
    officer: User
    leader: User
    chair: User | None = None
    appraiser: User | None = None


def staff_add() -> int:
    """Create the story's other accounts (existing ones are kept). Returns how many."""
    password = make_password(DEMO_PASSWORD)
    units = Unit.objects.in_bulk({row[3] for row in STAFF}, field_name="code")
    for username, full_name, position, code, role in STAFF:
        user, _created = User.objects.get_or_create(
            username=username,
            defaults={
                "email": f"{username}@diemsang.local",
                "full_name": full_name,
                "position": position,
                "password": password,
            },
        )
        Membership.objects.get_or_create(user=user, unit=units[code], role=role)
    return len(STAFF)


def staff_of(code: str) -> Staff:
    """The people of the unit ``code`` by role (the demo accounts of Phường Vinh Phú
    included)."""
    unit = Unit.objects.get(code=code)
    held = {
        m.role: m.user
        for m in Membership.objects.filter(unit=unit).select_related("user").order_by("pk")
    }
    return Staff(
        unit=unit,
        officer=held[Role.OFFICER],
        leader=held[Role.LEADER],
        chair=held.get(Role.DECISION_MAKER),
        appraiser=held.get(Role.APPRAISER),
    )


def user(username: str) -> User:
    return User.objects.get(username=username)


__all__ = ["COMMUNE", "COUNCIL", "CUA_LO", "THANH_VINH", "Staff", "staff_add", "staff_of", "user"]
