import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from apps.accounts.enums import Role
from apps.core.selectors import audit_history
from apps.core.workflow import NotPermitted
from apps.cycles.enums import DeadlineKind
from apps.cycles.models import Cycle, DeadlineExtension
from apps.cycles.services import cycle_change_dates, cycle_create, deadline_extend
from tests.cycles.factories import make_cycle
from tests.factories import make_member

D = datetime.date


@pytest.mark.django_db
def test_cycle_create_takes_the_guidance_defaults(province, province_admin):
    cycle = cycle_create(province=province, year=2026, by=province_admin)

    assert cycle.dates() == {
        "registration_deadline": D(2026, 3, 30),
        "progress_deadline": D(2026, 6, 15),
        "recognition_opens": D(2026, 10, 15),
        "recognition_closes": D(2026, 11, 30),
        "review_report_deadline": D(2026, 11, 30),
    }
    assert [e.action for e in audit_history(target=cycle)] == ["cycle_create"]


@pytest.mark.django_db
def test_cycle_create_keeps_a_given_date(province, province_admin):
    cycle = cycle_create(
        province=province, year=2022, by=province_admin, registration_deadline=D(2022, 6, 15)
    )

    assert cycle.registration_deadline == D(2022, 6, 15)
    assert cycle.progress_deadline == D(2022, 6, 15)


@pytest.mark.django_db
def test_cycle_create_refuses_a_second_cycle_for_the_year(province, province_admin):
    make_cycle(province, 2026)

    with pytest.raises(ValidationError) as refused:
        cycle_create(province=province, year=2026, by=province_admin)

    assert list(refused.value.message_dict) == ["year"]
    assert Cycle.objects.count() == 1


@pytest.mark.django_db
def test_cycle_create_refuses_a_date_outside_the_year(province, province_admin):
    with pytest.raises(ValidationError) as refused:
        cycle_create(
            province=province, year=2026, by=province_admin, progress_deadline=D(2027, 1, 5)
        )

    assert list(refused.value.message_dict) == ["progress_deadline"]


@pytest.mark.django_db
def test_cycle_create_refuses_a_window_closing_before_it_opens(province, province_admin):
    with pytest.raises(ValidationError) as refused:
        cycle_create(
            province=province, year=2026, by=province_admin, recognition_closes=D(2026, 10, 1)
        )

    assert list(refused.value.message_dict) == ["recognition_closes"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.OFFICER, Role.LEADER, Role.STEERING, Role.OBSERVER])
def test_cycle_create_refused_for_other_roles_of_the_province(province, role):
    user = make_member(province, role)

    with pytest.raises(NotPermitted):
        cycle_create(province=province, year=2026, by=user)


@pytest.mark.django_db
def test_cycle_create_refused_for_a_commune_admin(province, commune):
    commune_admin = make_member(commune, Role.ADMIN)

    with pytest.raises(NotPermitted):
        cycle_create(province=province, year=2026, by=commune_admin)


@pytest.mark.django_db
def test_cycle_create_refused_for_the_admin_of_another_province(province, other_province):
    outsider = make_member(other_province, Role.ADMIN)

    with pytest.raises(NotPermitted):
        cycle_create(province=province, year=2026, by=outsider)

    assert not Cycle.objects.exists()


@pytest.mark.django_db
def test_cycle_create_refused_for_a_unit_that_is_not_a_province(commune, province_admin):
    with pytest.raises(NotPermitted):
        cycle_create(province=commune, year=2026, by=province_admin)


@pytest.mark.django_db
def test_cycle_change_dates_is_audited_with_the_reason(province, province_admin):
    cycle = make_cycle(province, 2023)

    cycle_change_dates(
        cycle=cycle,
        by=province_admin,
        reason="Hướng dẫn 2022: năm đầu gửi trước 15/6/2022",
        registration_deadline=D(2023, 4, 30),
    )

    cycle.refresh_from_db()
    event = audit_history(target=cycle).get()
    assert cycle.registration_deadline == D(2023, 4, 30)
    assert event.action == "cycle_change_dates"
    assert event.actor == province_admin
    assert event.comment == "Hướng dẫn 2022: năm đầu gửi trước 15/6/2022"
    assert event.data == {"registration_deadline": {"from": "2023-03-30", "to": "2023-04-30"}}


@pytest.mark.django_db
def test_cycle_change_dates_requires_a_reason(province, province_admin):
    cycle = make_cycle(province, 2023)

    with pytest.raises(ValidationError) as refused:
        cycle_change_dates(
            cycle=cycle, by=province_admin, reason="  ", registration_deadline=D(2023, 4, 30)
        )

    assert list(refused.value.message_dict) == ["reason"]
    cycle.refresh_from_db()
    assert cycle.registration_deadline == D(2023, 3, 30)


@pytest.mark.django_db
def test_cycle_change_dates_refuses_a_date_outside_the_year(province, province_admin):
    cycle = make_cycle(province, 2026)

    with pytest.raises(ValidationError):
        cycle_change_dates(
            cycle=cycle, by=province_admin, reason="x", review_report_deadline=D(2027, 1, 10)
        )

    assert not audit_history(target=cycle).exists()


@pytest.mark.django_db
def test_cycle_change_dates_refused_for_a_commune_admin(province, commune):
    cycle = make_cycle(province, 2026)
    commune_admin = make_member(commune, Role.ADMIN)

    with pytest.raises(NotPermitted):
        cycle_change_dates(
            cycle=cycle, by=commune_admin, reason="x", registration_deadline=D(2026, 4, 30)
        )


@pytest.mark.django_db
def test_deadline_extend_by_the_province_admin_is_audited(province, commune, province_admin):
    cycle = make_cycle(province, 2026)

    (extension,) = deadline_extend(
        cycle=cycle,
        unit=commune,
        dates={DeadlineKind.REGISTRATION: D(2026, 4, 10)},
        reason="Sáp nhập đơn vị hành chính",
        by=province_admin,
    )

    event = audit_history(target=extension).get()
    assert extension.new_date == D(2026, 4, 10)
    assert extension.granted_by == province_admin
    assert event.action == "deadline_extend"
    assert event.comment == "Sáp nhập đơn vị hành chính"
    assert event.data["from"] == "2026-03-30"
    assert event.data["to"] == "2026-04-10"


@pytest.mark.django_db
def test_deadline_extend_allowed_for_the_admin_of_the_unit_itself(province, commune):
    cycle = make_cycle(province, 2026)
    commune_admin = make_member(commune, Role.ADMIN)

    (extension,) = deadline_extend(
        cycle=cycle,
        unit=commune,
        dates={DeadlineKind.PROGRESS: D(2026, 6, 30)},
        reason="Lũ lụt",
        by=commune_admin,
    )

    assert extension.deadline == DeadlineKind.PROGRESS


@pytest.mark.django_db
def test_deadline_extend_refused_for_the_admin_of_a_sibling_unit(province, commune, other_commune):
    cycle = make_cycle(province, 2026)
    sibling_admin = make_member(other_commune, Role.ADMIN)

    with pytest.raises(NotPermitted):
        deadline_extend(
            cycle=cycle,
            unit=commune,
            dates={DeadlineKind.REGISTRATION: D(2026, 4, 10)},
            reason="x",
            by=sibling_admin,
        )

    assert not DeadlineExtension.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.OFFICER, Role.LEADER, Role.STEERING])
def test_deadline_extend_refused_for_roles_other_than_admin(province, commune, role):
    cycle = make_cycle(province, 2026)
    user = make_member(province, role)

    with pytest.raises(NotPermitted):
        deadline_extend(
            cycle=cycle,
            unit=commune,
            dates={DeadlineKind.REGISTRATION: D(2026, 4, 10)},
            reason="x",
            by=user,
        )


@pytest.mark.django_db
def test_deadline_extend_refused_for_a_unit_of_another_province(province, other_province):
    cycle = make_cycle(province, 2026)
    outsider = make_member(other_province, Role.ADMIN)

    with pytest.raises(NotPermitted):
        deadline_extend(
            cycle=cycle,
            unit=other_province,
            dates={DeadlineKind.REGISTRATION: D(2026, 4, 10)},
            reason="x",
            by=outsider,
        )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "new_date",
    [D(2026, 3, 30), D(2026, 3, 1), D(2027, 1, 15)],
    ids=["same-day", "earlier", "next-year"],
)
def test_deadline_extend_refuses_a_date_not_after_the_deadline_or_outside_the_year(
    province, commune, province_admin, new_date
):
    cycle = make_cycle(province, 2026)

    with pytest.raises(ValidationError) as refused:
        deadline_extend(
            cycle=cycle,
            unit=commune,
            dates={DeadlineKind.REGISTRATION: new_date},
            reason="x",
            by=province_admin,
        )

    assert list(refused.value.message_dict) == ["new_date_registration"]


@pytest.mark.django_db
def test_deadline_extend_checks_against_the_changed_cycle_date(province, commune, province_admin):
    cycle = make_cycle(province, 2022, registration_deadline=D(2022, 6, 15))

    with pytest.raises(ValidationError):
        deadline_extend(
            cycle=cycle,
            unit=commune,
            dates={DeadlineKind.REGISTRATION: D(2022, 4, 30)},
            reason="x",
            by=province_admin,
        )


@pytest.mark.django_db
def test_deadline_extend_requires_a_reason(province, commune, province_admin):
    cycle = make_cycle(province, 2026)

    with pytest.raises(ValidationError) as refused:
        deadline_extend(
            cycle=cycle,
            unit=commune,
            dates={DeadlineKind.REGISTRATION: D(2026, 4, 10)},
            reason="",
            by=province_admin,
        )

    assert list(refused.value.message_dict) == ["reason"]


@pytest.mark.django_db
def test_deadline_extend_again_replaces_the_date_and_keeps_both_records(
    province, commune, province_admin
):
    cycle = make_cycle(province, 2026)
    (first,) = deadline_extend(
        cycle=cycle,
        unit=commune,
        dates={DeadlineKind.REGISTRATION: D(2026, 4, 10)},
        reason="lần 1",
        by=province_admin,
    )

    (second,) = deadline_extend(
        cycle=cycle,
        unit=commune,
        dates={DeadlineKind.REGISTRATION: D(2026, 4, 20)},
        reason="lần 2",
        by=province_admin,
    )

    assert second.pk == first.pk
    assert DeadlineExtension.objects.get().new_date == D(2026, 4, 20)
    assert [e.comment for e in audit_history(target=second)] == ["lần 2", "lần 1"]
    assert audit_history(target=second).first().data["from"] == "2026-04-10"


@pytest.mark.django_db
def test_cycle_change_dates_returns_the_new_dates_and_leaves_its_argument(province, province_admin):
    cycle = make_cycle(province, 2023)
    moment = timezone.now() - datetime.timedelta(hours=1)

    changed = cycle_change_dates(
        cycle=cycle,
        by=province_admin,
        reason="Hướng dẫn 2022",
        registration_deadline=D(2023, 4, 30),
        now=moment,
    )

    assert (cycle.registration_deadline, changed.registration_deadline) == (
        D(2023, 3, 30),
        D(2023, 4, 30),
    )
    assert audit_history(target=cycle).get().created_at == moment
