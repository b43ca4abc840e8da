import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from apps.accounts.enums import Role
from apps.core.selectors import audit_history
from apps.core.workflow import NotPermitted, Refused
from apps.criteria.models import CriteriaSet, Criterion, CriterionGroup
from apps.criteria.services import (
    criteria_set_create,
    criteria_set_delete,
    criteria_set_publish,
    criteria_set_revise,
    criteria_set_update,
    criteria_set_withdraw,
    criterion_delete,
    criterion_group_delete,
    criterion_group_save,
    criterion_save,
)
from tests.criteria.factories import make_criteria_set, use_criteria_set
from tests.factories import UserFactory, make_member


@pytest.fixture
def own_set(province):
    return make_criteria_set(province=province)


@pytest.fixture
def superuser(db):
    return UserFactory(is_superuser=True)


@pytest.mark.django_db
def test_criterion_save_on_an_unused_set_is_audited(own_set, province_admin):
    criterion = Criterion.objects.filter(group__criteria_set=own_set).first()
    criterion.text = "Nội dung mới"

    criterion_save(criterion=criterion, by=province_admin)

    criterion.refresh_from_db()
    assert criterion.text == "Nội dung mới"
    assert audit_history(target=own_set).get().action == "criterion_save"


@pytest.mark.django_db
def test_new_criterion_goes_last_in_its_group(own_set, province_admin):
    group = own_set.groups.get()

    added = criterion_save(
        criterion=Criterion(group=group, number="1.3", text="Thêm", order=None),
        by=province_admin,
    )

    assert added.order == 3


@pytest.mark.django_db
def test_duplicate_criterion_number_is_refused_beside_the_number(own_set, province_admin):
    group = own_set.groups.get()

    with pytest.raises(ValidationError) as refused:
        criterion_save(
            criterion=Criterion(group=group, number="1.1", text="Trùng", order=None),
            by=province_admin,
        )

    assert list(refused.value.message_dict) == ["number"]


@pytest.mark.django_db
def test_group_kind_outside_the_set_is_refused(own_set, province_admin):
    group = CriterionGroup(criteria_set=own_set, number="2", title="Khéo", kinds=["dvk"])

    with pytest.raises(ValidationError) as refused:
        criterion_group_save(group=group, by=province_admin)

    assert list(refused.value.message_dict) == ["kinds"]


@pytest.mark.django_db
def test_removing_a_kind_still_used_by_a_group_is_refused(own_set, province_admin):
    with pytest.raises(ValidationError) as refused:
        criteria_set_update(criteria_set=own_set, by=province_admin, kinds=["qcdc"])

    assert list(refused.value.message_dict) == ["kinds"]


@pytest.mark.django_db
def test_every_edit_of_a_frozen_set_is_refused(own_set, province_admin, commune):
    use_criteria_set(own_set, commune)
    group = own_set.groups.get()
    criterion = group.criteria.first()
    criterion.text = "Sửa"
    edits = [
        lambda: criterion_save(criterion=criterion, by=province_admin),
        lambda: criterion_delete(criterion=criterion, by=province_admin),
        lambda: criterion_group_save(group=group, by=province_admin),
        lambda: criterion_group_delete(group=group, by=province_admin),
        lambda: criteria_set_update(criteria_set=own_set, by=province_admin, name="Tên mới"),
        lambda: criteria_set_delete(criteria_set=own_set, by=province_admin),
    ]

    for edit in edits:
        with pytest.raises(Refused):
            edit()

    assert Criterion.objects.get(pk=criterion.pk).text == "Tiêu chí số 1"
    assert CriteriaSet.objects.get(pk=own_set.pk).name == own_set.name
    assert not audit_history(target=own_set).exists()


@pytest.mark.django_db
def test_revise_copies_the_set_into_the_next_version(own_set, province_admin, commune):
    use_criteria_set(own_set, commune)

    revision = criteria_set_revise(criteria_set=own_set, by=province_admin)

    assert (revision.code, revision.version) == (own_set.code, 2)
    assert revision.province == own_set.province
    assert not revision.is_active
    assert list(
        Criterion.objects.filter(group__criteria_set=revision).values_list("number", "text")
    ) == list(Criterion.objects.filter(group__criteria_set=own_set).values_list("number", "text"))
    assert audit_history(target=revision).get().data["from_version"] == 1


@pytest.mark.django_db
def test_revision_is_editable_while_the_original_stays(own_set, province_admin, commune):
    use_criteria_set(own_set, commune)
    revision = criteria_set_revise(criteria_set=own_set, by=province_admin)
    criterion = Criterion.objects.filter(group__criteria_set=revision).first()
    criterion.text = "Tiêu chí đã sửa"

    criterion_save(criterion=criterion, by=province_admin)

    assert Criterion.objects.filter(group__criteria_set=own_set).first().text == "Tiêu chí số 1"
    assert Criterion.objects.filter(group__criteria_set=revision).first().text == (
        "Tiêu chí đã sửa"
    )


@pytest.mark.django_db
def test_revising_an_older_version_is_refused(own_set, province_admin):
    criteria_set_revise(criteria_set=own_set, by=province_admin)

    with pytest.raises(ValidationError):
        criteria_set_revise(criteria_set=own_set, by=province_admin)

    assert CriteriaSet.objects.filter(code=own_set.code).count() == 2


@pytest.mark.django_db
def test_publishing_a_version_withdraws_the_others(own_set, province_admin, commune):
    use_criteria_set(own_set, commune)
    revision = criteria_set_revise(criteria_set=own_set, by=province_admin)

    criteria_set_publish(criteria_set=revision, by=province_admin)

    own_set.refresh_from_db()
    revision.refresh_from_db()
    assert revision.is_active
    assert not own_set.is_active


@pytest.mark.django_db
def test_publishing_an_empty_set_is_refused(province, province_admin):
    empty = make_criteria_set(province=province, criteria=0, is_active=False)

    with pytest.raises(ValidationError):
        criteria_set_publish(criteria_set=empty, by=province_admin)


@pytest.mark.django_db
def test_withdrawing_a_frozen_set_is_allowed(own_set, province_admin, commune):
    use_criteria_set(own_set, commune)

    criteria_set_withdraw(criteria_set=own_set, by=province_admin)

    own_set.refresh_from_db()
    assert not own_set.is_active


@pytest.mark.django_db
def test_create_starts_an_unpublished_first_version(province, province_admin):
    created = criteria_set_create(
        by=province_admin, code="nghe-an-2026", name="Bộ 2026", kinds=["qcdc"], province=province
    )

    assert (created.version, created.is_active) == (1, False)
    assert audit_history(target=created).get().action == "criteria_set_create"


@pytest.mark.django_db
def test_create_refuses_a_code_in_use(own_set, province, province_admin):
    with pytest.raises(ValidationError) as refused:
        criteria_set_create(
            by=province_admin, code=own_set.code, name="Khác", kinds=["qcdc"], province=province
        )

    assert list(refused.value.message_dict) == ["code"]


@pytest.mark.django_db
def test_admin_of_another_province_may_not_edit(own_set, other_province):
    outsider = make_member(other_province, Role.ADMIN)
    criterion = Criterion.objects.filter(group__criteria_set=own_set).first()

    with pytest.raises(NotPermitted):
        criterion_save(criterion=criterion, by=outsider)
    with pytest.raises(NotPermitted):
        criteria_set_revise(criteria_set=own_set, by=outsider)


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.OFFICER, Role.STEERING, Role.APPRAISER])
def test_other_roles_of_the_province_may_not_edit(own_set, province, role):
    user = make_member(province, role)

    with pytest.raises(NotPermitted):
        criteria_set_update(criteria_set=own_set, by=user, name="x")


@pytest.mark.django_db
def test_shared_set_is_edited_by_a_superuser_only(province_admin, superuser):
    shared = make_criteria_set(province=None, code="chung")
    criterion = Criterion.objects.filter(group__criteria_set=shared).first()

    with pytest.raises(NotPermitted):
        criterion_save(criterion=criterion, by=province_admin)
    criterion_save(criterion=criterion, by=superuser)

    assert audit_history(target=shared).get().actor == superuser


@pytest.mark.django_db
def test_province_admin_may_not_create_a_shared_set(province_admin):
    with pytest.raises(NotPermitted):
        criteria_set_create(by=province_admin, code="x", name="x", kinds=["qcdc"], province=None)


@pytest.mark.django_db
def test_publishing_a_version_already_offered_is_refused(own_set, province_admin):
    with pytest.raises(Refused):
        criteria_set_publish(criteria_set=own_set, by=province_admin)

    assert not audit_history(target=own_set).exists()


@pytest.mark.django_db
def test_withdrawing_a_version_not_offered_is_refused(province, province_admin):
    draft = make_criteria_set(province=province, is_active=False)

    with pytest.raises(Refused):
        criteria_set_withdraw(criteria_set=draft, by=province_admin)


@pytest.mark.django_db
def test_publishing_is_refused_to_the_admin_of_another_province(own_set, other_province):
    draft = make_criteria_set(province=own_set.province, code="ban-nhap", is_active=False)
    outsider = make_member(other_province, Role.ADMIN)

    with pytest.raises(NotPermitted):
        criteria_set_publish(criteria_set=draft, by=outsider)

    assert not CriteriaSet.objects.get(pk=draft.pk).is_active


@pytest.mark.django_db
def test_publish_and_withdraw_return_the_set_and_leave_their_argument(province, province_admin):
    draft = make_criteria_set(province=province, is_active=False)
    moment = timezone.now() + datetime.timedelta(hours=1)

    published = criteria_set_publish(criteria_set=draft, by=province_admin, now=moment)
    withdrawn = criteria_set_withdraw(criteria_set=published, by=province_admin)

    assert (draft.is_active, published.is_active, withdrawn.is_active) == (False, True, False)
    events = list(audit_history(target=draft).order_by("id"))
    assert [e.action for e in events] == ["criteria_set_publish", "criteria_set_withdraw"]
    assert events[0].created_at == moment
