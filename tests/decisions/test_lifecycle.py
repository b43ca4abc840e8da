"""Draft → issued (immutable) → revoked; certificates, notifications and audit."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from apps.brightspots.models import BrightSpot
from apps.core.models import AuditEvent
from apps.decisions import services
from apps.decisions.forms import DecisionForm
from apps.decisions.models import Certificate, Decision
from apps.decisions.selectors import CODE_ALPHABET, CODE_LENGTH
from apps.notifications.models import Notification
from tests.decisions.factories import (
    decision_maker_of,
    in_window,
    make_authority,
    make_draft,
    make_issued,
    make_proposed_spot,
)
from tests.factories import make_member

pytestmark = pytest.mark.django_db


def test_draft_is_prefilled_with_the_guidance_wording(authority, decision_maker, spots):
    decision = make_draft(authority, spots, by=decision_maker)

    assert decision.number_label == "01/QĐ-UBND"
    assert decision.issuer_parent == ""
    assert decision.issuer_name == "ỦY BAN NHÂN DÂN\nPHƯỜNG VINH PHÚ"
    assert decision.issuer_power == "ỦY BAN NHÂN DÂN PHƯỜNG VINH PHÚ"
    assert (decision.signer, decision.signer_on_behalf, decision.signer_delegation) == (
        "head",
        "TM. ỦY BAN NHÂN DÂN",
        "",
    )
    assert decision.signer_title == "CHỦ TỊCH"
    assert decision.place == "Vinh Phú"
    assert decision.signed_on == datetime.date(2026, 11, 30)
    assert decision.legal_basis_lines() == [
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
        "Căn cứ Luật Thực hiện dân chủ ở cơ sở ngày 10 tháng 11 năm 2022;",
        "Căn cứ Hướng dẫn số … ngày … về tiêu chí xây dựng điểm sáng thực hiện Quy chế dân "
        "chủ ở cơ sở và dân vận chính quyền;",
        "Xét đề nghị tại Công văn số 12/CV-BCĐ ngày 20/10/2026.",
    ]
    assert decision.title == (
        "Về việc công nhận điểm sáng thực hiện Quy chế dân chủ ở cơ sở năm 2026"
    )
    assert decision.recipient_lines() == [
        "- Như Điều 3;",
        "- Ban Dân vận Tỉnh ủy;",
        "- Lưu: VT, VP.",
    ]


def test_next_number_is_suggested_per_authority_and_year(authority, decision_maker, spots):
    first = make_draft(authority, spots[:1], by=decision_maker)

    second = make_draft(authority, spots[1:], by=decision_maker)

    assert (first.number, second.number) == (1, 2)


def test_number_used_twice_in_a_year_is_refused(authority, decision_maker, spots):
    make_draft(authority, spots[:1], by=decision_maker)
    second = make_draft(authority, spots[1:], by=decision_maker)

    with pytest.raises(ValidationError):
        services.decision_update(decision=second, by=decision_maker, values={"number": 1})


def test_issuing_creates_one_certificate_per_bright_spot(authority, decision_maker, spots):
    decision = make_issued(authority, spots, by=decision_maker)

    certificates = list(Certificate.objects.filter(decision=decision).order_by("serial"))

    assert [c.serial for c in certificates] == [1, 2]
    assert [c.holder_name for c in certificates] == [s.name for s in spots]
    assert [c.unit_name for c in certificates] == ["Phường Vinh Phú", "Phường Vinh Phú"]
    assert len({c.code for c in certificates}) == 2
    assert all(len(c.code) == CODE_LENGTH for c in certificates)
    assert all(set(c.code) <= set(CODE_ALPHABET) for c in certificates)


def test_issuing_notifies_the_units_officers_and_leaders(authority, decision_maker, spots):
    officer = make_member(authority, "officer")
    leader = make_member(authority, "leader")

    make_issued(authority, spots, by=decision_maker)

    notified = set(Notification.objects.values_list("user__username", flat=True))
    assert notified == {officer.username, leader.username}


def test_issuing_leaves_audit_records(authority, decision_maker, spots):
    decision = make_issued(authority, spots, by=decision_maker)

    actions = list(
        AuditEvent.objects.filter(object_id=str(decision.pk), content_type__model="decision")
        .order_by("id")
        .values_list("action", flat=True)
    )

    assert actions == ["create", "edit", "issue"]


def test_issue_with_a_date_in_the_future_is_refused(authority, decision_maker, spots):
    decision = make_draft(authority, spots, by=decision_maker)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    services.decision_update(decision=decision, by=decision_maker, values={"signed_on": tomorrow})

    with pytest.raises(ValidationError):
        services.decision_issue(decision=decision, by=decision_maker)


def test_issued_decision_is_immutable_in_the_service(authority, decision_maker, spots):
    decision = make_issued(authority, spots, by=decision_maker)

    with pytest.raises(ValidationError):
        services.decision_update(decision=decision, by=decision_maker, values={"title": "Khác"})
    with pytest.raises(ValidationError):
        services.decision_set_bright_spots(decision=decision, bright_spots=spots, by=decision_maker)
    with pytest.raises(ValidationError):
        services.decision_delete(decision=decision, by=decision_maker)
    with pytest.raises(ValidationError):
        services.decision_issue(decision=decision, by=decision_maker)

    assert Decision.objects.get(pk=decision.pk).title == decision.title


def test_issued_decision_is_immutable_in_the_form(authority, decision_maker, spots):
    decision = make_issued(authority, spots, by=decision_maker)
    data = {"title": "Tiêu đề khác", "number": 9}

    form = DecisionForm(data, instance=decision)

    assert not form.is_valid()
    assert all(field.disabled for field in form.fields.values())


def test_revoke_marks_certificates_and_bright_spots(authority, decision_maker, spots):
    decision = make_issued(authority, spots, by=decision_maker)

    services.decision_revoke(decision=decision, by=decision_maker, reason="Hồ sơ không trung thực")

    decision.refresh_from_db()
    assert decision.status == "revoked"
    assert decision.revocation_reason == "Hồ sơ không trung thực"
    assert list(decision.certificates.values_list("is_revoked", flat=True)) == [True, True]
    statuses = BrightSpot.objects.filter(pk__in=[s.pk for s in spots]).values_list(
        "status", flat=True
    )
    assert list(statuses) == ["not_recognised", "not_recognised"]


def test_revoke_needs_a_reason(authority, decision_maker, spots):
    decision = make_issued(authority, spots, by=decision_maker)

    with pytest.raises(ValidationError):
        services.decision_revoke(decision=decision, by=decision_maker, reason="  ")


def test_revoke_only_by_its_authority(province, authority, decision_maker, spots):
    decision = make_issued(authority, spots, by=decision_maker)
    province.is_recognising_authority = True
    province.save()
    chairman = decision_maker_of(province)

    with pytest.raises(PermissionDenied):
        services.decision_revoke(decision=decision, by=chairman, reason="Sai thẩm quyền")

    assert Decision.objects.get(pk=decision.pk).status == "issued"


def test_a_draft_cannot_be_revoked(authority, decision_maker, spots):
    decision = make_draft(authority, spots, by=decision_maker)

    with pytest.raises(ValidationError):
        services.decision_revoke(decision=decision, by=decision_maker, reason="Thử")


def test_a_revoked_decision_stays_revoked(authority, decision_maker, spots):
    decision = make_issued(authority, spots, by=decision_maker)
    services.decision_revoke(decision=decision, by=decision_maker, reason="Sai sót")

    with pytest.raises(ValidationError):
        services.decision_revoke(decision=decision, by=decision_maker, reason="Lần hai")


def test_deleting_a_draft_frees_its_bright_spots(authority, decision_maker, spots):
    draft = make_draft(authority, spots, by=decision_maker)

    services.decision_delete(decision=draft, by=decision_maker)
    again = make_draft(authority, spots, by=decision_maker)

    assert again.number == 1


def test_issuing_recognises_each_bright_spot_with_its_own_audit_row(
    authority, decision_maker, spots
):
    decision = make_issued(authority, spots, by=decision_maker)

    events = AuditEvent.objects.filter(content_type__model="brightspot", action="recognise")
    rows = sorted((int(e.object_id), e.from_state, e.to_state, e.comment) for e in events)
    assert rows == sorted(
        (s.pk, "in_recognition", "recognised", decision.number_label) for s in spots
    )


def test_revoking_marks_each_bright_spot_not_recognised_with_the_reason(
    authority, decision_maker, spots
):
    decision = make_issued(authority, spots, by=decision_maker)

    services.decision_revoke(decision=decision, by=decision_maker, reason="Sai sót")

    comments = AuditEvent.objects.filter(
        content_type__model="brightspot", action="not_recognise"
    ).values_list("comment", flat=True)
    assert list(comments) == ["Quyết định 01/QĐ-UBND bị thu hồi: Sai sót"] * 2


def test_issue_returns_the_issued_decision_and_leaves_its_argument(
    authority, decision_maker, spots
):
    draft = make_draft(authority, spots, by=decision_maker)

    issued = services.decision_issue(decision=draft, by=decision_maker, now=in_window(spots))

    assert (draft.status, issued.status) == ("draft", "issued")


def test_issue_checks_the_date_against_the_moment_it_is_given(authority, decision_maker, spots):
    decision = make_draft(authority, spots, by=decision_maker)
    day_before = in_window(spots) - datetime.timedelta(days=1)
    later = in_window(spots) + datetime.timedelta(hours=1)

    with pytest.raises(ValidationError):
        services.decision_issue(decision=decision, by=decision_maker, now=day_before)
    issued = services.decision_issue(decision=decision, by=decision_maker, now=later)

    assert issued.issued_at == later
    assert AuditEvent.objects.get(action="issue").created_at == later


def test_revoke_stamps_the_moment_it_is_given(authority, decision_maker, spots):
    decision = make_issued(authority, spots, by=decision_maker)
    moment = timezone.now() + datetime.timedelta(hours=2)

    revoked = services.decision_revoke(
        decision=decision, by=decision_maker, reason="Sai sót", now=moment
    )

    assert revoked.revoked_at == moment
    assert set(revoked.certificates.values_list("revoked_at", flat=True)) == {moment}


def test_the_register_number_runs_per_authority_and_year(
    province, authority, decision_maker, spots, other_commune
):
    first = make_issued(authority, spots, by=decision_maker)
    second = make_issued(authority, [make_proposed_spot(authority)], by=decision_maker)
    elsewhere = make_authority(other_commune)
    other = make_issued(elsewhere, [make_proposed_spot(elsewhere)])

    serials = [
        list(d.certificates.order_by("serial").values_list("serial", flat=True))
        for d in (first, second, other)
    ]

    assert serials == [[1, 2], [3], [1]]
    assert set(second.certificates.values_list("authority", "register_year")) == {
        (authority.pk, 2026)
    }


def test_certificates_numbered_per_decision_keep_their_numbers(authority, decision_maker, spots):
    older = make_issued(authority, spots[:1], by=decision_maker)
    older.certificates.update(authority=None, register_year=None, serial=7)

    newer = make_issued(authority, spots[1:], by=decision_maker)

    assert list(older.certificates.values_list("serial", flat=True)) == [7]
    assert list(newer.certificates.values_list("serial", flat=True)) == [8]
