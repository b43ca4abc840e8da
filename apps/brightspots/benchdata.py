"""A synthetic province for benchmarks: thousands of units and years of bright spots,
written with bulk inserts (the services are far too slow for 35,000 rows and are not
what a benchmark of pages measures).

``generate_province`` is reusable by any benchmark; ``delete_province`` removes what it
made. Random but reproducible (``seed``).
"""

import datetime
import random
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from apps.accounts.enums import Role
from apps.accounts.models import Membership, User
from apps.brightspots.enums import BrightSpotStatus
from apps.brightspots.enums import RegistrationListStatus as L
from apps.brightspots.enums import RoutingStatus as R
from apps.brightspots.models import (
    BrightSpot,
    Directive,
    PlanActivity,
    RegistrationList,
    RegistrationRouting,
)
from apps.criteria.models import CriteriaSet
from apps.cycles.models import Cycle
from apps.cycles.process import current_version, process_of_version
from apps.units.enums import BoardFunction, UnitKind, UnitLevel
from apps.units.models import Unit

S = BrightSpotStatus
BATCH = 2000
TOPICS = [
    "công khai thu chi quỹ khối phố",
    "đối thoại định kỳ với nhân dân",
    "cải cách thủ tục hành chính một cửa",
    "vận động hiến đất làm đường",
    "xây dựng khu dân cư kiểu mẫu",
    "tiếp dân và giải quyết đơn thư",
    "chuyển đổi số trong phục vụ người dân",
    "phát huy vai trò người có uy tín",
]
PREFIXES = ["Điểm sáng", "Mô hình", "Dân vận khéo:", "Điểm sáng dân chủ:"]
PAST_STATUSES = (
    [S.RECOGNISED] * 45
    + [S.NOT_RECOGNISED] * 15
    + [S.WITHDRAWN] * 10
    + [S.IN_RECOGNITION] * 10
    + [S.IN_PROGRESS] * 20
)


@dataclass
class Generated:
    province: Unit
    boards: dict
    users: dict
    counts: dict = field(default_factory=dict)


def _paths(parent_path: str, depth: int, count: int) -> list[str]:
    return [Unit._get_path(parent_path, depth, n) for n in range(1, count + 1)]


def _bulk_children(parent: Unit, specs: list[dict]) -> list[Unit]:
    """Children of ``parent``, in name order, with the paths treebeard would give them
    (numbered 1…n under the parent, so later ``add_child`` calls append after them)."""
    specs = sorted(specs, key=lambda spec: spec["name"])
    paths = _paths(parent.path, parent.depth + 1, len(specs))
    units = [
        Unit(path=path, depth=parent.depth + 1, numchild=0, **spec)
        for path, spec in zip(paths, specs, strict=True)
    ]
    Unit.objects.bulk_create(units, batch_size=BATCH)
    Unit.objects.filter(pk=parent.pk).update(numchild=parent.numchild + len(units))
    return units


def _tree(code: str, units: int):
    """The province, its four boards, communes and departments, and subordinate units
    under those, ``units`` in all."""
    province = Unit.add_root(
        code=code, name=f"Tỉnh Thử Nghiệm {code}", kind=UnitKind.PROVINCE, level=UnitLevel.PROVINCE
    )
    board_specs = [
        ("ban_dan_van", "Ban Dân vận Tỉnh ủy", BoardFunction.MASS_MOBILISATION),
        ("noi_vu", "Sở Nội vụ", BoardFunction.HOME_AFFAIRS),
        ("bcd_qcdc", "BCĐ thực hiện QCDC tỉnh", BoardFunction.QCDC_STEERING),
        ("bcd_dvcq", "BCĐ công tác DVCQ tỉnh", BoardFunction.DVCQ_STEERING),
    ]
    rest = units - 1 - len(board_specs)
    communes, departments = round(rest * 0.04), round(rest * 0.01)
    specs = [
        {
            "name": name,
            "code": f"{code}-{key}",
            "kind": UnitKind.BOARD,
            "level": UnitLevel.PROVINCE,
            "function": function,
        }
        for key, name, function in board_specs
    ]
    specs += [
        {
            "name": f"Xã Thử Nghiệm {n:04d}",
            "code": f"{code}-X{n:04d}",
            "kind": UnitKind.COMMUNE,
            "level": UnitLevel.COMMUNE,
            "is_recognising_authority": True,
        }
        for n in range(1, communes + 1)
    ]
    specs += [
        {
            "name": f"Sở Thử Nghiệm {n:03d}",
            "code": f"{code}-S{n:03d}",
            "kind": UnitKind.DEPARTMENT,
            "level": UnitLevel.PROVINCE,
            "is_recognising_authority": True,
        }
        for n in range(1, departments + 1)
    ]
    children = _bulk_children(province, specs)
    boards = {u.function: u for u in children if u.kind == UnitKind.BOARD}
    parents = [u for u in children if u.kind != UnitKind.BOARD]
    subunits = rest - communes - departments
    leaves = []
    for index, parent in enumerate(parents):
        share = subunits // len(parents) + (1 if index < subunits % len(parents) else 0)
        leaves += _bulk_children(
            parent,
            [
                {
                    "name": f"Đơn vị {parent.code[-5:]}-{n:03d}",
                    "code": f"{parent.code}-{n:03d}",
                    "kind": UnitKind.SUBUNIT,
                    "level": UnitLevel.UNIT,
                }
                for n in range(1, share + 1)
            ],
        )
    return province, boards, parents, leaves


def _users(code, province, boards, first_commune) -> dict:
    prefix = code.lower()
    roles = {
        "steering": (province, Role.STEERING),
        "observer": (province, Role.OBSERVER),
        "board": (boards[BoardFunction.QCDC_STEERING], Role.STEERING),
        "officer": (first_commune, Role.OFFICER),
        "leader": (first_commune, Role.LEADER),
    }
    password = make_password(None)
    users = {}
    for key, (unit, role) in roles.items():
        user = User.objects.create(
            username=f"{prefix}_{key}", full_name=f"Cán bộ {key} {code}", password=password
        )
        Membership.objects.create(user=user, unit=unit, role=role)
        users[key] = user
    return users


def _criteria_sets(kinds) -> dict:
    """The active set covering each kind (a benchmark set when none does)."""
    sets = {}
    for kind in kinds:
        found = CriteriaSet.objects.filter(is_active=True, kinds__contains=[kind]).first()
        sets[kind] = (
            found
            or CriteriaSet.objects.get_or_create(
                code="bench-all-kinds",
                version=1,
                defaults={"name": "Bộ tiêu chí thử nghiệm", "kinds": list(kinds)},
            )[0]
        )
    return sets


def _spot_statuses(rng, current: bool, count: int) -> tuple[str, list[str]]:
    """The list's status and its spots' statuses for one unit and year."""
    if not current:
        return L.ACKNOWLEDGED, [rng.choice(PAST_STATUSES) for _ in range(count)]
    state = rng.choices([L.DRAFT, L.SENT, L.ACKNOWLEDGED], weights=[25, 35, 40])[0]
    spot_status = {L.DRAFT: S.DRAFT, L.SENT: S.REGISTERED}.get(state)
    return state, [spot_status or rng.choice([S.ACKNOWLEDGED, S.IN_PROGRESS]) for _ in range(count)]


def _moment(year, month, day, rng) -> datetime.datetime:
    local = timezone.get_default_timezone()
    return datetime.datetime(year, month, day, rng.randint(7, 17), rng.randint(0, 59), tzinfo=local)


def generate_province(*, code="BENCH", units=3500, years=5, seed=2026, out=None) -> Generated:
    """Build the province and ``years`` years (ending this year) of registration data."""
    rng = random.Random(seed)
    this_year = timezone.localdate().year
    with transaction.atomic():
        province, boards, parents, leaves = _tree(code, units)
        users = _users(code, province, boards, parents[0])
        version = current_version(province)
        process = process_of_version(version.pk)
        cycles = [
            Cycle(province=province, year=y, process=version, **process.default_dates(y))
            for y in range(this_year - years + 1, this_year + 1)
        ]
        Cycle.objects.bulk_create(cycles)
        registering = parents + leaves
        counts = _registrations(rng, process, cycles, registering, boards, users, this_year)
        counts["directives"] = _directives(rng, cycles, parents, users["leader"])
    counts["units"] = units
    _analyze()
    return Generated(province, boards, users, counts)


def _analyze() -> None:
    """Fresh statistics, or the planner guesses from an empty table after the load."""
    models = [
        Unit,
        Cycle,
        RegistrationList,
        BrightSpot,
        PlanActivity,
        RegistrationRouting,
        Directive,
    ]
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def _registrations(rng, process, cycles, registering, boards, users, this_year) -> dict:
    kinds = process.kind_codes
    sets = _criteria_sets(kinds)
    lists, plans = [], []
    for cycle in cycles:
        for unit in registering:
            n = rng.choices([0, 1, 2, 3, 4], weights=[10, 20, 30, 30, 10])[0]
            if not n:
                continue
            state, statuses = _spot_statuses(rng, cycle.year == this_year, n)
            sent = state != L.DRAFT
            lists.append(
                RegistrationList(
                    unit=unit,
                    cycle=cycle,
                    status=state,
                    sent_at=_moment(cycle.year, 3, rng.randint(1, 30), rng) if sent else None,
                    sent_by=users["leader"] if sent else None,
                    is_late=sent and rng.random() < 0.05,
                )
            )
            plans.append([(rng.choice(kinds), status) for status in statuses])
    RegistrationList.objects.bulk_create(lists, batch_size=BATCH)
    spots = _spots(rng, lists, plans, sets, users)
    routings = _routings(lists, plans, boards, process.routes)
    return {"lists": len(lists), "bright_spots": spots, "routings": routings}


def _spots(rng, lists, plans, sets, users) -> int:
    spots = [
        BrightSpot(
            unit=registration_list.unit,
            cycle=registration_list.cycle,
            registration_list=registration_list,
            kind=kind,
            status=status,
            name=f"{rng.choice(PREFIXES)} {rng.choice(TOPICS)} — {registration_list.unit.name}",
            address=f"Trụ sở {registration_list.unit.name}",
            field_of_work=rng.choice(["Hành chính", "Kinh tế", "Xã hội", "An ninh"]),
            goals="Nâng cao sự đồng thuận của nhân dân; công khai, minh bạch.",
            expected_results="Người dân hài lòng; không có đơn thư vượt cấp.",
            officer=users["officer"],
            criteria_set=sets[kind],
            created_by=users["officer"],
        )
        for registration_list, plan in zip(lists, plans, strict=True)
        for kind, status in plan
    ]
    for spot in spots:
        spot.search_text = spot.folded_text()
    BrightSpot.objects.bulk_create(spots, batch_size=BATCH)
    activities = [
        PlanActivity(
            bright_spot=spot,
            description=description,
            start_date=datetime.date(spot.cycle.year, start, 1),
            end_date=datetime.date(spot.cycle.year, start + 2, 28),
            order=order,
        )
        for spot in spots
        for order, (start, description) in enumerate(
            [(4, "Xây dựng kế hoạch, phân công cán bộ phụ trách"), (7, "Tổ chức thực hiện, sơ kết")]
        )
    ]
    PlanActivity.objects.bulk_create(activities, batch_size=BATCH)
    return len(spots)


def _routings(lists, plans, boards, routes) -> int:
    routings = []
    for registration_list, plan in zip(lists, plans, strict=True):
        if registration_list.status == L.DRAFT:
            continue
        done = registration_list.status == L.ACKNOWLEDGED
        for kind in sorted({kind for kind, _status in plan}):
            rule = routes[kind]
            board, via, copy_to = (boards.get(f) for f in (rule.board, rule.via, rule.copy_to))
            routings.append(
                RegistrationRouting(
                    registration_list=registration_list,
                    cycle_id=registration_list.cycle_id,
                    kind=kind,
                    board=board,
                    via=via,
                    copy_to=copy_to,
                    status=R.ACKNOWLEDGED if done else R.PENDING,
                    sent_at=registration_list.sent_at,
                    acted_at=registration_list.sent_at + datetime.timedelta(days=7)
                    if done
                    else None,
                )
            )
    RegistrationRouting.objects.bulk_create(routings, batch_size=BATCH)
    return len(routings)


def _directives(rng, cycles, parents, leader) -> int:
    directives = [
        Directive(
            unit=unit,
            cycle=cycle,
            number=f"{rng.randint(1, 99)}/KH-UBND",
            issued_on=datetime.date(cycle.year, 2, rng.randint(1, 28)),
            summary="Kế hoạch xây dựng điểm sáng năm " + str(cycle.year),
            recorded_by=leader,
        )
        for cycle in cycles
        for unit in parents
        if rng.random() < 0.7
    ]
    Directive.objects.bulk_create(directives, batch_size=BATCH)
    return len(directives)


def delete_province(code: str) -> bool:
    """Remove a generated province and everything generated with it."""
    province = Unit.objects.filter(code=code, depth=1).first()
    if province is None:
        return False
    subtree = {"unit__path__startswith": province.path}
    with transaction.atomic():
        RegistrationRouting.objects.filter(
            registration_list__unit__path__startswith=province.path
        ).delete()
        BrightSpot.objects.filter(**subtree).delete()
        RegistrationList.objects.filter(**subtree).delete()
        Directive.objects.filter(**subtree).delete()
        Cycle.objects.filter(province=province).delete()
        User.objects.filter(username__startswith=f"{code.lower()}_").delete()
        Unit.objects.filter(path__startswith=province.path).delete()
    return True
