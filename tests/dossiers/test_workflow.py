"""The dossier workflow through its services: every step by state, role, jurisdiction
and date, with its effects on the bright spot, the audit trail and the people told."""

import pytest
from django.core import mail

from apps.accounts.enums import Role
from apps.brightspots.enums import BrightSpotStatus
from apps.core.models import AuditEvent
from apps.core.workflow import ConflictOfInterest, NotPermitted, Refused
from apps.cycles.enums import DeadlineKind
from apps.cycles.models import DeadlineExtension, ProcessRules
from apps.dossiers.enums import DossierStatus, Level
from apps.dossiers.models import Dossier, DossierVersion
from apps.dossiers.selectors import dossiers_proposed_for
from apps.dossiers.services import (
    dossier_decline,
    dossier_fail,
    dossier_pass,
    dossier_pass_override,
    dossier_propose,
    dossier_return,
    dossier_start_appraisal,
    dossier_submit,
    dossier_withdraw,
)
from apps.notifications.models import Notification, OutboxEmail
from tests.dossiers.conftest import at_local
from tests.dossiers.factories import add_letter, fill_findings, make_dossier, put_in_state
from tests.factories import make_member

S = DossierStatus
pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------- submit


def test_submit_inside_the_window_freezes_version_one(dossier, officer, in_window):
    dossier_submit(dossier=dossier, by=officer)

    dossier.refresh_from_db()
    assert dossier.status == S.SUBMITTED
    assert dossier.bright_spot.status == BrightSpotStatus.IN_RECOGNITION
    version = DossierVersion.objects.get(dossier=dossier)
    assert version.number == 1
    assert version.data["sections"]["how_done"] == dossier.how_done
    assert len(version.data["criteria"]) == dossier.assessments.count()


def test_submit_writes_the_audit_record(dossier, officer, in_window):
    dossier_submit(dossier=dossier, by=officer)

    event = AuditEvent.objects.get(action="dossier_submit")
    assert (event.actor, event.from_state, event.to_state) == (officer, S.DRAFT, S.SUBMITTED)


def test_submit_notifies_appraisers_over_the_unit_not_the_submitter(
    dossier, officer, appraiser, other_commune, in_window
):
    elsewhere = make_member(other_commune, Role.APPRAISER, username="elsewhere")

    dossier_submit(dossier=dossier, by=officer)

    assert list(OutboxEmail.objects.values_list("to", flat=True)) == [appraiser.email]
    assert Notification.objects.filter(user=elsewhere).count() == 0
    assert Notification.objects.filter(user=officer).count() == 0


def test_submit_email_is_vietnamese_with_a_site_link(dossier, officer, appraiser, in_window):
    dossier_submit(dossier=dossier, by=officer)

    email = OutboxEmail.objects.get()
    assert email.subject.startswith("Hồ sơ đã nộp để thẩm định")
    assert f"/dossiers/{dossier.pk}/" in email.body_text


@pytest.mark.parametrize(
    ("moment", "allowed"),
    [
        ((2026, 10, 14, 23, 59, 59), False),
        ((2026, 10, 15, 0, 0, 0), True),
        ((2026, 11, 30, 23, 59, 59), True),
        ((2026, 12, 1, 0, 0, 0), False),
    ],
)
def test_submit_only_inside_the_recognition_window(dossier, officer, moment, allowed):
    with at_local(*moment):
        if allowed:
            dossier_submit(dossier=dossier, by=officer)
        else:
            with pytest.raises(Refused):
                dossier_submit(dossier=dossier, by=officer)

    dossier.refresh_from_db()
    assert dossier.status == (S.SUBMITTED if allowed else S.DRAFT)


def test_submit_before_the_window_says_when_it_opens(dossier, officer):
    with at_local(2026, 10, 1), pytest.raises(Refused) as refused:
        dossier_submit(dossier=dossier, by=officer)

    assert "15/10/2026" in refused.value.messages[0]


def test_submit_after_the_window_says_when_it_closed(dossier, officer):
    with at_local(2026, 12, 2), pytest.raises(Refused) as refused:
        dossier_submit(dossier=dossier, by=officer)

    assert "30/11/2026" in refused.value.messages[0]


def test_submit_after_the_window_under_an_extension(
    dossier, officer, cycle, commune, province_admin
):
    DeadlineExtension.objects.create(
        cycle=cycle,
        unit=commune,
        deadline=DeadlineKind.RECOGNITION,
        new_date=cycle.recognition_closes.replace(day=15, month=12),
        reason="Bão lũ",
        granted_by=province_admin,
    )

    with at_local(2026, 12, 10):
        dossier_submit(dossier=dossier, by=officer)

    assert Dossier.objects.get(pk=dossier.pk).status == S.SUBMITTED


def test_submit_an_incomplete_self_assessment_is_refused(commune, cycle, officer, in_window):
    dossier = make_dossier(commune, cycle=cycle, filled=False)

    with pytest.raises(Refused) as refused:
        dossier_submit(dossier=dossier, by=officer)

    assert "1.1" in refused.value.messages[0]
    assert DossierVersion.objects.count() == 0


def test_submit_by_an_officer_of_another_commune_is_not_permitted(
    dossier, other_commune, in_window
):
    stranger = make_member(other_commune, Role.OFFICER)

    with pytest.raises(NotPermitted):
        dossier_submit(dossier=dossier, by=stranger)


@pytest.mark.parametrize("role", [Role.APPRAISER, Role.STEERING, Role.OBSERVER, Role.ADMIN])
def test_submit_by_other_roles_over_the_unit_is_not_permitted(dossier, province, role, in_window):
    user = make_member(province, role)

    with pytest.raises(NotPermitted):
        dossier_submit(dossier=dossier, by=user)


def test_leader_may_submit(dossier, leader, in_window):
    dossier_submit(dossier=dossier, by=leader)

    assert Dossier.objects.get(pk=dossier.pk).status == S.SUBMITTED


@pytest.mark.parametrize(
    "status", [S.SUBMITTED, S.UNDER_APPRAISAL, S.PASSED, S.FAILED, S.PROPOSED, S.WITHDRAWN]
)
def test_submit_from_a_non_editable_state_is_refused(commune, cycle, officer, status, in_window):
    dossier = make_dossier(commune, cycle=cycle, status=status)

    with pytest.raises(Refused):
        dossier_submit(dossier=dossier, by=officer)

    assert Dossier.objects.get(pk=dossier.pk).status == status


# ---------------------------------------------------------------- appraisal


def test_start_appraisal_by_an_appraiser_over_the_unit(commune, cycle, appraiser):
    dossier = make_dossier(commune, cycle=cycle, status=S.SUBMITTED)

    dossier_start_appraisal(dossier=dossier, by=appraiser)

    dossier.refresh_from_db()
    assert (dossier.status, dossier.appraiser) == (S.UNDER_APPRAISAL, appraiser)


def test_start_appraisal_by_an_appraiser_of_another_commune_is_not_permitted(
    commune, other_commune, cycle
):
    dossier = make_dossier(commune, cycle=cycle, status=S.SUBMITTED)
    elsewhere = make_member(other_commune, Role.APPRAISER)

    with pytest.raises(NotPermitted):
        dossier_start_appraisal(dossier=dossier, by=elsewhere)


def test_appraiser_of_another_province_is_not_permitted(commune, other_province, cycle):
    dossier = make_dossier(commune, cycle=cycle, status=S.SUBMITTED)
    outsider = make_member(other_province, Role.APPRAISER)

    with pytest.raises(NotPermitted):
        dossier_start_appraisal(dossier=dossier, by=outsider)


def test_return_needs_a_reason(commune, cycle, appraiser):
    dossier = make_dossier(commune, cycle=cycle, status=S.UNDER_APPRAISAL)

    with pytest.raises(Refused):
        dossier_return(dossier=dossier, by=appraiser, reason="   ")

    assert Dossier.objects.get(pk=dossier.pk).status == S.UNDER_APPRAISAL


def test_return_tells_the_unit_why(commune, cycle, appraiser, officer, leader):
    dossier = make_dossier(commune, cycle=cycle, status=S.UNDER_APPRAISAL)

    dossier_return(dossier=dossier, by=appraiser, reason="Bổ sung biên bản hội nghị.")

    dossier.refresh_from_db()
    assert (dossier.status, dossier.return_reason) == (S.RETURNED, "Bổ sung biên bản hội nghị.")
    recipients = sorted(OutboxEmail.objects.values_list("to", flat=True))
    assert recipients == sorted([officer.email, leader.email])
    assert "Bổ sung biên bản hội nghị." in OutboxEmail.objects.first().body_text


def test_pass_needs_a_finding_on_every_criterion(commune, cycle, appraiser):
    dossier = make_dossier(commune, cycle=cycle, status=S.UNDER_APPRAISAL)
    first = dossier.assessments.first()
    first.finding_level = ""
    first.save()

    with pytest.raises(Refused) as refused:
        dossier_pass(dossier=dossier, by=appraiser)

    assert first.criterion.number in refused.value.messages[0]


def _not_met_after_a_return(dossier, officer, appraiser):
    """Submitted, one criterion found "Chưa đạt", returned, resubmitted unchanged and
    taken up again: the appraisal still says "Chưa đạt" there."""
    dossier_submit(dossier=dossier, by=officer)
    dossier_start_appraisal(dossier=dossier, by=appraiser)
    fill_findings(dossier)
    last = dossier.assessments.order_by("pk").last()
    last.finding_level = Level.NOT_MET
    last.save()
    dossier_return(dossier=dossier, by=appraiser, reason="Bổ sung biên bản")
    dossier_submit(dossier=dossier, by=officer)
    dossier_start_appraisal(dossier=dossier, by=appraiser)
    return last


def test_pass_is_refused_while_a_criterion_is_found_not_met(dossier, officer, appraiser, in_window):
    """Returned, resubmitted, passed: refused while the appraisal still says "Chưa
    đạt" on a criterion, and the message names it."""
    last = _not_met_after_a_return(dossier, officer, appraiser)

    with pytest.raises(Refused) as refused:
        dossier_pass(dossier=dossier, by=appraiser)

    assert refused.value.messages == [
        f"Tiêu chí {last.criterion.number} vẫn “Chưa đạt” nên không thể kết luận hồ sơ đạt. "
        "Hãy sửa ý kiến thẩm định các tiêu chí đó, trả lại hồ sơ để bổ sung, kết luận "
        "không đạt, hoặc vẫn kết luận đạt và ghi rõ lý do."
    ]
    dossier.refresh_from_db()
    assert (dossier.status, dossier.conclusion) == (S.UNDER_APPRAISAL, "")


def test_pass_is_refused_while_the_unit_itself_says_not_met_and_no_finding_says_otherwise(
    commune, province, cycle, appraiser
):
    """Where the province does not ask a finding on every criterion, a criterion the
    unit assessed "Chưa đạt" and the appraiser left blank is still not met."""
    ProcessRules.objects.create(province=province, finding_on_every_criterion=False)
    dossier = make_dossier(commune, cycle=cycle, status=S.UNDER_APPRAISAL)
    first = dossier.assessments.order_by("pk").first()
    first.level, first.finding_level = Level.NOT_MET, ""
    first.save()

    with pytest.raises(Refused) as refused:
        dossier_pass(dossier=dossier, by=appraiser)

    assert refused.value.messages[0].startswith(f"Tiêu chí {first.criterion.number} vẫn")


def test_pass_override_with_a_reason_is_recorded_on_the_dossier_and_audited(
    dossier, officer, appraiser, steering, in_window
):
    last = _not_met_after_a_return(dossier, officer, appraiser)
    reason = "Biên bản đã nộp bản giấy tại Ban Dân vận ngày 18/10/2026."

    dossier_pass_override(dossier=dossier, by=appraiser, reason=f"  {reason} ")

    dossier.refresh_from_db()
    assert (dossier.status, dossier.conclusion) == (S.PASSED, "passed")
    assert dossier.pass_override_reason == reason
    event = AuditEvent.objects.get(action="dossier_pass_override", object_id=str(dossier.pk))
    assert (event.actor, event.comment, event.data) == (
        appraiser,
        reason,
        {"not_met": [last.criterion.number]},
    )
    assert steering.email in OutboxEmail.objects.values_list("to", flat=True)


def test_pass_override_needs_a_reason(dossier, officer, appraiser, in_window):
    _not_met_after_a_return(dossier, officer, appraiser)

    with pytest.raises(Refused):
        dossier_pass_override(dossier=dossier, by=appraiser, reason="  ")

    assert Dossier.objects.get(pk=dossier.pk).status == S.UNDER_APPRAISAL


def test_pass_override_is_refused_when_every_criterion_is_met(commune, cycle, appraiser):
    dossier = make_dossier(commune, cycle=cycle, status=S.UNDER_APPRAISAL)

    with pytest.raises(Refused) as refused:
        dossier_pass_override(dossier=dossier, by=appraiser, reason="Không cần")

    assert refused.value.messages == [
        "Không có tiêu chí nào “Chưa đạt”: hãy kết luận đạt theo cách thông thường."
    ]


def test_pass_override_still_needs_a_finding_on_every_criterion(commune, cycle, appraiser):
    dossier = make_dossier(commune, cycle=cycle, status=S.UNDER_APPRAISAL)
    first, last = dossier.assessments.order_by("pk")[:: dossier.assessments.count() - 1]
    first.finding_level = ""
    first.save()
    last.finding_level = Level.NOT_MET
    last.save()

    with pytest.raises(Refused) as refused:
        dossier_pass_override(dossier=dossier, by=appraiser, reason="Đặc thù địa bàn")

    assert first.criterion.number in refused.value.messages[0]


def test_pass_tells_the_unit_and_the_proposers(commune, cycle, appraiser, officer, steering):
    dossier = make_dossier(commune, cycle=cycle, status=S.UNDER_APPRAISAL)

    dossier_pass(dossier=dossier, by=appraiser)

    dossier.refresh_from_db()
    assert (dossier.status, dossier.conclusion) == (S.PASSED, "passed")
    assert {officer.email, steering.email} <= set(OutboxEmail.objects.values_list("to", flat=True))


def test_fail_needs_comments_and_marks_the_spot_not_recognised(commune, cycle, appraiser):
    dossier = make_dossier(commune, cycle=cycle, status=S.UNDER_APPRAISAL)
    Dossier.objects.filter(pk=dossier.pk).update(appraisal_comments="")
    dossier.refresh_from_db()
    with pytest.raises(Refused):
        dossier_fail(dossier=dossier, by=appraiser)
    Dossier.objects.filter(pk=dossier.pk).update(appraisal_comments="Chưa có hiệu quả rõ.")
    dossier.refresh_from_db()

    dossier_fail(dossier=dossier, by=appraiser)

    dossier.refresh_from_db()
    assert (dossier.status, dossier.conclusion) == (S.FAILED, "failed")
    assert dossier.bright_spot.status == BrightSpotStatus.NOT_RECOGNISED


@pytest.mark.parametrize("status", [S.DRAFT, S.SUBMITTED, S.RETURNED, S.PASSED, S.PROPOSED])
def test_conclusions_only_under_appraisal(commune, cycle, appraiser, status):
    dossier = make_dossier(commune, cycle=cycle, status=status)

    for service in (dossier_pass, dossier_fail):
        with pytest.raises(Refused):
            service(dossier=dossier, by=appraiser)

    assert Dossier.objects.get(pk=dossier.pk).status == status


# ---------------------------------------------------------------- conflict of interest


def test_appraiser_who_wrote_the_dossier_is_refused_with_a_message(commune, province, cycle):
    writer = make_member(province, Role.APPRAISER, username="writer")
    dossier = make_dossier(commune, cycle=cycle, status=S.SUBMITTED, by=writer)

    with pytest.raises(ConflictOfInterest) as refused:
        dossier_start_appraisal(dossier=dossier, by=writer)

    assert "xung đột lợi ích" in refused.value.messages[0]
    assert Dossier.objects.get(pk=dossier.pk).status == S.SUBMITTED


def test_an_officer_of_the_unit_who_wrote_nothing_may_appraise(commune, province, cycle):
    both = make_member(province, Role.APPRAISER)
    make_member(commune, Role.OFFICER, user=both)
    dossier = make_dossier(commune, cycle=cycle, status=S.UNDER_APPRAISAL)

    dossier_pass(dossier=dossier, by=both)

    assert Dossier.objects.get(pk=dossier.pk).status == S.PASSED


def test_appraiser_who_leads_the_unit_is_refused(commune, province, cycle):
    both = make_member(province, Role.APPRAISER)
    make_member(commune, Role.LEADER, user=both)
    dossier = make_dossier(commune, cycle=cycle, status=S.UNDER_APPRAISAL)

    with pytest.raises(ConflictOfInterest):
        dossier_pass(dossier=dossier, by=both)

    assert Dossier.objects.get(pk=dossier.pk).status == S.UNDER_APPRAISAL


# ---------------------------------------------------------------- proposal and after


def test_propose_needs_the_request_letter_and_its_scan(commune, cycle, steering):
    dossier = make_dossier(commune, cycle=cycle, status=S.PASSED)

    with pytest.raises(Refused):
        dossier_propose(dossier=dossier, by=steering)


def test_propose_by_the_steering_board_tells_the_decision_makers(
    commune, cycle, steering, decision_maker, officer
):
    dossier = make_dossier(commune, cycle=cycle, status=S.PASSED)
    add_letter(dossier, issuing_unit=commune, by=steering)

    dossier_propose(dossier=dossier, by=steering)

    dossier.refresh_from_db()
    assert (dossier.status, dossier.proposed_by) == (S.PROPOSED, steering)
    assert decision_maker.email in set(OutboxEmail.objects.values_list("to", flat=True))
    assert list(Dossier.objects.proposed()) == [dossier]


def test_propose_by_the_unit_leader(commune, cycle, leader):
    dossier = make_dossier(commune, cycle=cycle, status=S.PASSED)
    add_letter(dossier, issuing_unit=commune, by=leader)

    dossier_propose(dossier=dossier, by=leader)

    assert Dossier.objects.get(pk=dossier.pk).status == S.PROPOSED


@pytest.mark.parametrize("role", [Role.OFFICER, Role.APPRAISER, Role.OBSERVER])
def test_propose_by_other_roles_is_not_permitted(commune, province, cycle, steering, role):
    dossier = make_dossier(commune, cycle=cycle, status=S.PASSED)
    add_letter(dossier, issuing_unit=commune, by=steering)
    user = make_member(province if role != Role.OFFICER else commune, role)

    with pytest.raises(NotPermitted):
        dossier_propose(dossier=dossier, by=user)


def test_decline_a_passed_dossier_by_the_steering_board(commune, cycle, steering):
    dossier = make_dossier(commune, cycle=cycle, status=S.PASSED)

    dossier_decline(dossier=dossier, by=steering, reason="Chưa đủ sức lan tỏa.")

    dossier.refresh_from_db()
    assert dossier.status == S.DECLINED
    assert dossier.bright_spot.status == BrightSpotStatus.NOT_RECOGNISED


def test_decline_a_proposal_is_for_the_decision_maker(commune, cycle, steering, decision_maker):
    dossier = make_dossier(commune, cycle=cycle, status=S.PROPOSED)
    with pytest.raises(NotPermitted):
        dossier_decline(dossier=dossier, by=steering, reason="Không")

    dossier_decline(dossier=dossier, by=decision_maker, reason="Không đủ điều kiện.")

    assert Dossier.objects.get(pk=dossier.pk).status == S.DECLINED


def test_decline_after_recognition_is_refused(commune, cycle, decision_maker):
    dossier = make_dossier(commune, cycle=cycle, status=S.PROPOSED)
    type(dossier.bright_spot).objects.filter(pk=dossier.bright_spot_id).update(
        status=BrightSpotStatus.RECOGNISED
    )
    dossier.refresh_from_db()

    with pytest.raises(Refused):
        dossier_decline(dossier=dossier, by=decision_maker, reason="Đổi ý")

    dossier.refresh_from_db()
    assert (dossier.status, dossier.bright_spot.status) == (S.PROPOSED, "recognised")


@pytest.mark.parametrize(
    "status", [S.DRAFT, S.SUBMITTED, S.UNDER_APPRAISAL, S.RETURNED, S.PASSED, S.PROPOSED]
)
def test_withdraw_before_a_decision(commune, cycle, leader, status):
    dossier = make_dossier(commune, cycle=cycle, status=status)

    dossier_withdraw(dossier=dossier, by=leader, reason="Đơn vị sáp nhập.")

    dossier.refresh_from_db()
    assert dossier.status == S.WITHDRAWN
    assert dossier.bright_spot.status == BrightSpotStatus.WITHDRAWN


def test_withdraw_after_recognition_is_refused(commune, cycle, leader):
    dossier = make_dossier(commune, cycle=cycle, status=S.PROPOSED)
    type(dossier.bright_spot).objects.filter(pk=dossier.bright_spot_id).update(
        status=BrightSpotStatus.RECOGNISED
    )
    dossier.refresh_from_db()

    with pytest.raises(Refused):
        dossier_withdraw(dossier=dossier, by=leader, reason="Rút")

    assert Dossier.objects.get(pk=dossier.pk).status == S.PROPOSED


@pytest.mark.parametrize("status", [S.FAILED, S.DECLINED, S.WITHDRAWN])
def test_closed_dossiers_allow_no_step(commune, cycle, leader, appraiser, steering, status):
    dossier = make_dossier(commune, cycle=cycle, status=status)

    with pytest.raises(Refused):
        dossier_withdraw(dossier=dossier, by=leader, reason="Rút")
    with pytest.raises(Refused):
        dossier_start_appraisal(dossier=dossier, by=appraiser)
    with pytest.raises(Refused):
        dossier_propose(dossier=dossier, by=steering)


def test_a_refused_step_changes_nothing(commune, cycle, appraiser):
    dossier = make_dossier(commune, cycle=cycle, status=S.UNDER_APPRAISAL)
    before = (Dossier.objects.get(pk=dossier.pk).lock_version, AuditEvent.objects.count())

    with pytest.raises(Refused):
        dossier_return(dossier=dossier, by=appraiser, reason="")

    after = (Dossier.objects.get(pk=dossier.pk).lock_version, AuditEvent.objects.count())
    assert after == before
    assert OutboxEmail.objects.count() == 0
    assert len(mail.outbox) == 0


def test_put_in_state_helper_matches_bright_spot(commune, cycle):
    dossier = make_dossier(commune, cycle=cycle, status=S.RETURNED)

    dossier = put_in_state(dossier, S.RESUBMITTED)

    assert dossier.bright_spot.status == BrightSpotStatus.IN_RECOGNITION


def test_dossiers_proposed_for_an_authority_are_those_of_its_subtree(commune, other_commune, cycle):
    proposed = make_dossier(commune, cycle=cycle, status=S.PROPOSED)
    make_dossier(commune, cycle=cycle, status=S.PASSED)
    make_dossier(other_commune, cycle=cycle, status=S.PROPOSED)

    assert list(dossiers_proposed_for(authority_unit=commune)) == [proposed]


def test_submit_needs_how_it_was_done_lessons_effect_and_spread(dossier, officer):
    """Guidance line 89: the report states how it was done, the lessons, the effect and
    the spread; an empty one stops the submission and is named."""
    dossier.lessons = ""
    dossier.spread = "  "
    dossier.save(update_fields=["lessons", "spread"])

    with at_local(2026, 10, 20), pytest.raises(Refused) as refused:
        dossier_submit(dossier=dossier, by=officer)

    message = refused.value.messages[0]
    assert message.startswith("Cần điền đủ các mục trước khi nộp; còn trống:")
    assert message.count(",") == 1  # exactly the two empty sections
    assert Dossier.objects.get(pk=dossier.pk).status == S.DRAFT
