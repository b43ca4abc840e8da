"""Demo data for ``manage.py load_demo_data``: the appraisers "cùng cấp". Communes
recognise their own bright spots (the map import marks them as authorities), so Phường
Vinh Phú's dossiers are appraised by its own officer in charge of QCDC; the province's
by the Ban Dân vận Tỉnh ủy (``apps/dossiers/levels.py``)."""

from django.contrib.auth.hashers import make_password

from apps.accounts.enums import Role
from apps.accounts.models import Membership, User
from apps.core.management.commands.load_demo_data import COMMUNE, DEMO_PASSWORD
from apps.units.models import Unit

# username, full name, position, unit code
APPRAISERS = [
    ("thamdinhxa", "Đỗ Thị Hạnh", "Cán bộ phụ trách QCDC, UBND Phường Vinh Phú", COMMUNE),
    ("thamdinh", "Phạm Thị Hoa", "Chuyên viên Ban Dân vận Tỉnh ủy", "P40-BDV"),
]


def step_appraisers() -> str:
    units = Unit.objects.in_bulk({row[3] for row in APPRAISERS}, field_name="code")
    password = make_password(DEMO_PASSWORD)  # hashed once (slow on purpose)
    lines = []
    for username, full_name, position, code in APPRAISERS:
        user, _created = User.objects.get_or_create(
            username=username,
            defaults={
                "email": f"{username}@diemsang.local",
                "full_name": full_name,
                "position": position,
                "password": password,
            },
        )
        Membership.objects.get_or_create(user=user, unit=units[code], role=Role.APPRAISER)
        lines.append(f"  {username:<12} {Role.APPRAISER.label} · {units[code].name}")
    return "\n".join(["Appraisers of the same level (cùng cấp):", *lines])


DEMO_STEPS = [step_appraisers]
