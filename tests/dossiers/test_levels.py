""" "Cùng cấp" (guidance lines 91–95): the appraisal and the request letter belong to the
level of the authority that recognises the bright spot, and the conflict of interest
is personal (who wrote, leads or sent the spot)."""

import pytest
from django.urls import reverse

from apps.accounts.enums import Role
from apps.accounts.permissions import can
from apps.core.services import audit_record
from apps.core.workflow import ConflictOfInterest, NotPermitted, Refused
from apps.dossiers.enums import DossierStatus, LetterIssuer
from apps.dossiers.models import Dossier
from apps.dossiers.selectors import appraisers_of, dossier_queue, letter_issuing_units
from apps.dossiers.services import (
    dossier_grant_appraiser,
    dossier_pass,
    dossier_save_letter,
    dossier_start_appraisal,
)
from apps.units.enums import BoardFunction, UnitKind, UnitLevel
from tests.brightspots.factories import make_criteria_set
from tests.conftest import client_for
from tests.cycles.factories import make_process
from tests.dossiers.factories import make_dossier
from tests.factories import make_member, make_unit
from tests.kinds import BrightSpotKind

S = DossierStatus
pytestmark = pytest.mark.django_db


def _authority(*units):
    for unit in units:
        unit.is_recognising_authority = True
        unit.save(update_fields=["is_recognising_authority"])


def _board(parent, function, code, name="Ban"):
    return make_unit(
        name, parent=parent, kind=UnitKind.BOARD, level=parent.level, function=function, code=code
    )


def _appraiser(unit, username):
    return make_member(unit, Role.APPRAISER, username=username)


def _may_appraise(user, dossier) -> bool:
    """Asked on a freshly loaded dossier, as a page or a service would."""
    return can(user, "dossiers.appraise", Dossier.objects.get(pk=dossier.pk))


# ---------------------------------------------------------------- who appraises


def test_a_commune_the_province_recognises_is_appraised_by_the_provinces_ban_dan_van(
    province, commune, boards, cycle
):
    _authority(province)
    dossier = make_dossier(commune, cycle=cycle, status=S.SUBMITTED)
    qcdc_officer = _appraiser(province, "qcdc_tinh")
    ban_dan_van = _appraiser(boards["ban_dan_van"], "bdv_tinh")
    steering_board = _appraiser(boards["bcd_qcdc"], "bcd_tinh")
    commune_officer = _appraiser(commune, "qcdc_xa")

    allowed = {
        user.username
        for user in (qcdc_officer, ban_dan_van, steering_board, commune_officer)
        if _may_appraise(user, dossier)
    }

    assert allowed == {"qcdc_tinh", "bdv_tinh"}
    dossier_start_appraisal(dossier=dossier, by=ban_dan_van)
    assert Dossier.objects.get(pk=dossier.pk).appraiser == ban_dan_van


def test_a_department_that_recognises_its_subunit_appraises_it_itself(province, boards, cycle):
    _authority(province)
    department = make_unit(
        "Sở Nội vụ", parent=province, kind=UnitKind.DEPARTMENT, level=UnitLevel.PROVINCE
    )
    _authority(department)
    subunit = make_unit(
        "Ban Thi đua – Khen thưởng", parent=department, kind=UnitKind.SUBUNIT, level="unit"
    )
    dossier = make_dossier(subunit, cycle=cycle, status=S.SUBMITTED)
    own_officer = _appraiser(department, "qcdc_so")
    own_board = _appraiser(
        _board(department, BoardFunction.MASS_MOBILISATION, "SNV-DV", "Tổ dân vận Sở"), "tdv_so"
    )
    province_officer = _appraiser(province, "qcdc_tinh")
    province_board = _appraiser(boards["ban_dan_van"], "bdv_tinh")

    allowed = {
        user.username
        for user in (own_officer, own_board, province_officer, province_board)
        if _may_appraise(user, dossier)
    }

    assert allowed == {"qcdc_so", "tdv_so"}
    with pytest.raises(NotPermitted):
        dossier_start_appraisal(dossier=dossier, by=province_board)


def test_a_commune_that_is_its_own_authority_is_appraised_by_its_own_officer(
    province, commune, boards, cycle
):
    _authority(province, commune)
    dossier = make_dossier(commune, cycle=cycle, status=S.SUBMITTED)
    own_officer = _appraiser(commune, "qcdc_xa")
    province_officer = _appraiser(province, "qcdc_tinh")
    province_board = _appraiser(boards["ban_dan_van"], "bdv_tinh")

    allowed = {
        user.username
        for user in (own_officer, province_officer, province_board)
        if _may_appraise(user, dossier)
    }

    assert allowed == {"qcdc_xa"}
    dossier_start_appraisal(dossier=dossier, by=own_officer)
    assert Dossier.objects.get(pk=dossier.pk).status == S.UNDER_APPRAISAL


def test_a_grant_still_lets_an_appraiser_of_another_level_appraise_one_dossier(
    province, commune, cycle, province_admin
):
    _authority(province, commune)
    dossier = make_dossier(commune, cycle=cycle, status=S.SUBMITTED)
    province_officer = _appraiser(province, "qcdc_tinh")
    assert not _may_appraise(province_officer, dossier)

    dossier_grant_appraiser(dossier=dossier, appraiser=province_officer, by=province_admin)
    dossier_start_appraisal(dossier=dossier, by=province_officer)

    assert Dossier.objects.get(pk=dossier.pk).appraiser == province_officer


def test_submitting_tells_the_appraisers_of_the_level_only(province, commune, boards, cycle):
    _authority(province)
    dossier = make_dossier(commune, cycle=cycle, status=S.SUBMITTED)
    ban_dan_van = _appraiser(boards["ban_dan_van"], "bdv_tinh")
    _appraiser(boards["bcd_qcdc"], "bcd_tinh")
    _appraiser(commune, "qcdc_xa")

    assert appraisers_of(dossier=dossier) == [ban_dan_van]


def test_the_ban_dan_van_sees_the_dossiers_of_its_level_in_the_queue(
    province, commune, other_commune, boards, cycle
):
    _authority(province, other_commune)
    ours = make_dossier(commune, cycle=cycle, status=S.SUBMITTED)
    make_dossier(other_commune, cycle=cycle, status=S.SUBMITTED)  # recognises itself
    ban_dan_van = _appraiser(boards["ban_dan_van"], "bdv_tinh")

    queue = list(dossier_queue(user=ban_dan_van))
    page = client_for(ban_dan_van).get(ours.get_absolute_url())

    assert queue == [ours]
    assert page.status_code == 200
    assert "Bắt đầu thẩm định" in page.content.decode()


# ---------------------------------------------------------------- personal conflict of interest


def test_the_units_own_qcdc_officer_may_appraise_what_others_wrote(commune, cycle):
    _authority(commune)
    officer = make_member(commune, Role.OFFICER, username="writer")
    dossier = make_dossier(commune, cycle=cycle, status=S.UNDER_APPRAISAL, by=officer)
    colleague = _appraiser(commune, "qcdc_xa")
    make_member(commune, Role.OFFICER, user=colleague)

    dossier_pass(dossier=dossier, by=colleague)

    assert Dossier.objects.get(pk=dossier.pk).status == S.PASSED


def test_the_appraiser_who_opened_the_dossier_is_refused_as_its_writer(commune, cycle):
    _authority(commune)
    writer = _appraiser(commune, "qcdc_xa")
    dossier = make_dossier(commune, cycle=cycle, status=S.SUBMITTED, by=writer)

    with pytest.raises(ConflictOfInterest) as refused:
        dossier_start_appraisal(dossier=dossier, by=writer)

    assert "Bạn đã viết điểm sáng" in refused.value.messages[0]
    assert Dossier.objects.get(pk=dossier.pk).status == S.SUBMITTED


def test_an_appraiser_who_edited_the_bright_spot_is_refused_as_its_writer(commune, cycle):
    _authority(commune)
    editor = _appraiser(commune, "qcdc_xa")
    dossier = make_dossier(commune, cycle=cycle, status=S.UNDER_APPRAISAL)
    audit_record(actor=editor, target=dossier.bright_spot, action="edit")

    with pytest.raises(ConflictOfInterest) as refused:
        dossier_pass(dossier=dossier, by=editor)

    assert "xung đột lợi ích" in refused.value.messages[0]
    assert Dossier.objects.get(pk=dossier.pk).status == S.UNDER_APPRAISAL


def test_the_leader_of_the_unit_is_refused_even_as_its_appraiser(commune, cycle):
    _authority(commune)
    head = _appraiser(commune, "lanh_dao_xa")
    make_member(commune, Role.LEADER, user=head)
    dossier = make_dossier(commune, cycle=cycle, status=S.SUBMITTED)

    with pytest.raises(ConflictOfInterest) as refused:
        dossier_start_appraisal(dossier=dossier, by=head)

    assert "Bạn lãnh đạo Phường Vinh Phú" in refused.value.messages[0]


def test_the_sender_of_the_registration_list_is_refused(commune, cycle):
    _authority(commune)
    sender = _appraiser(commune, "qcdc_xa")
    dossier = make_dossier(commune, cycle=cycle, status=S.SUBMITTED)
    registration_list = dossier.bright_spot.registration_list
    registration_list.sent_by = sender
    registration_list.save(update_fields=["sent_by"])

    with pytest.raises(ConflictOfInterest) as refused:
        dossier_start_appraisal(dossier=dossier, by=sender)

    assert "Bạn đã gửi điểm sáng" in refused.value.messages[0]


def test_the_appraiser_who_submitted_the_dossier_is_refused(commune, cycle):
    _authority(commune)
    submitter = _appraiser(commune, "qcdc_xa")
    dossier = make_dossier(commune, cycle=cycle, status=S.SUBMITTED)
    audit_record(actor=submitter, target=dossier, action="dossier_submit")

    with pytest.raises(ConflictOfInterest):
        dossier_start_appraisal(dossier=dossier, by=submitter)


def test_a_grant_to_the_writer_of_the_spot_is_refused(province, commune, cycle, province_admin):
    _authority(commune)
    writer = _appraiser(province, "qcdc_tinh")
    dossier = make_dossier(commune, cycle=cycle, status=S.SUBMITTED, created_by=writer)

    with pytest.raises(ConflictOfInterest):
        dossier_grant_appraiser(dossier=dossier, appraiser=writer, by=province_admin)


# ---------------------------------------------------------------- the request letter


def _letter(unit, issuer):
    return {
        "letter_number": "12/CV-BCĐ",
        "letter_date": None,
        "letter_signer": "Lê Thị Hoa",
        "letter_signer_title": "Trưởng ban",
        "letter_issuer": issuer,
        "letter_issuing_unit": unit,
    }


def _save_letter(dossier, by, unit, issuer):
    return dossier_save_letter(
        dossier=dossier, by=by, expected_version=dossier.lock_version, letter=_letter(unit, issuer)
    )


@pytest.mark.parametrize(
    ("kind", "board", "issuer"),
    [
        (BrightSpotKind.QCDC, "bcd_qcdc", LetterIssuer.STEERING_BOARD),
        (BrightSpotKind.DVCQ, "bcd_dvcq", LetterIssuer.STEERING_BOARD),
        (BrightSpotKind.DVK, "ban_dan_van", LetterIssuer.MASS_MOBILISATION),
    ],
)
def test_the_letter_comes_from_the_leadership_or_the_board_of_the_kind(
    province, commune, boards, cycle, steering, kind, board, issuer
):
    _authority(province)
    dossier = make_dossier(commune, cycle=cycle, status=S.PASSED, kind=kind)

    issuers = list(letter_issuing_units(dossier=dossier))
    _save_letter(dossier, steering, boards[board], issuer)

    assert issuers == [province, boards[board]]
    assert Dossier.objects.get(pk=dossier.pk).letter_issuing_unit == boards[board]


def test_the_letter_board_is_the_one_the_provinces_process_routes_the_kind_to(
    province, commune, boards
):
    make_criteria_set()
    make_process(
        province,
        lambda data: data["routes"][1].update(board="ban_dan_van", via="", copy_to=""),
    )
    _authority(province)

    dossier = make_dossier(commune, status=S.PASSED, kind=BrightSpotKind.DVCQ)

    assert list(letter_issuing_units(dossier=dossier)) == [province, boards["ban_dan_van"]]


def test_a_letter_from_the_board_of_another_kind_is_refused_naming_the_right_ones(
    province, commune, boards, cycle, steering
):
    _authority(province)
    dossier = make_dossier(commune, cycle=cycle, status=S.PASSED, kind=BrightSpotKind.DVCQ)

    with pytest.raises(Refused) as refused:
        _save_letter(dossier, steering, boards["bcd_qcdc"], LetterIssuer.STEERING_BOARD)

    message = refused.value.messages[0]
    assert "BCĐ công tác DVCQ tỉnh" in message and "BCĐ QCDC tỉnh" not in message
    assert Dossier.objects.get(pk=dossier.pk).letter_issuing_unit is None


def test_a_commune_the_province_recognises_does_not_issue_its_own_letter(
    province, commune, boards, cycle, steering
):
    _authority(province)
    dossier = make_dossier(commune, cycle=cycle, status=S.PASSED)

    with pytest.raises(Refused):
        _save_letter(dossier, steering, commune, LetterIssuer.LEADERSHIP)


def test_a_commune_that_recognises_itself_issues_its_letter_not_the_province(
    province, commune, boards, cycle, leader
):
    _authority(province, commune)
    dossier = make_dossier(commune, cycle=cycle, status=S.PASSED)

    with pytest.raises(Refused):
        _save_letter(dossier, leader, province, LetterIssuer.LEADERSHIP)
    _save_letter(dossier, leader, commune, LetterIssuer.LEADERSHIP)

    assert Dossier.objects.get(pk=dossier.pk).letter_issuing_unit == commune


def test_the_ban_dan_van_issues_as_itself_not_as_a_steering_board(
    province, commune, boards, cycle, steering
):
    _authority(province)
    dossier = make_dossier(commune, cycle=cycle, status=S.PASSED, kind=BrightSpotKind.DVK)

    with pytest.raises(Refused) as refused:
        _save_letter(dossier, steering, boards["ban_dan_van"], LetterIssuer.STEERING_BOARD)

    assert "“Ban Dân vận”" in refused.value.messages[0]


def test_a_refused_letter_issuer_is_a_vietnamese_form_error(
    province, commune, boards, cycle, steering
):
    _authority(province)
    dossier = make_dossier(commune, cycle=cycle, status=S.PASSED, kind=BrightSpotKind.DVCQ)
    data = {
        "lock_version": dossier.lock_version,
        "letter_number": "16/CV-BCĐ",
        "letter_date": "01/10/2026",
        "letter_signer": "Trần Văn Bình",
        "letter_issuer": LetterIssuer.STEERING_BOARD,
        "letter_issuing_unit": boards["bcd_qcdc"].pk,
    }

    response = client_for(steering).post(reverse("dossiers:letter", args=[dossier.pk]), data)

    assert response.status_code == 200
    html = response.content.decode()
    named = "phải do cấp có thẩm quyền công nhận ban hành: Tỉnh Nghệ An; BCĐ công tác DVCQ tỉnh"
    assert named in html
    assert Dossier.objects.get(pk=dossier.pk).letter_number == ""


def test_the_ban_dan_van_appraiser_reads_the_spot_of_a_dossier_they_appraise(
    province, commune, other_province, boards, cycle
):
    _authority(province)
    dossier = make_dossier(commune, cycle=cycle, status=S.SUBMITTED)
    ban_dan_van = _appraiser(boards["ban_dan_van"], "bdv_tinh")
    elsewhere = _appraiser(other_province, "thamdinh_khac")
    url = reverse("brightspots:detail", args=[dossier.bright_spot_id])

    assert client_for(ban_dan_van).get(url).status_code == 200
    assert client_for(elsewhere).get(url).status_code == 404


def test_the_appraisers_told_are_the_levels_its_boards_and_the_grantees_each_once(
    province, commune, other_commune, boards, cycle, province_admin, django_assert_num_queries
):
    _authority(province)
    dossier = make_dossier(commune, cycle=cycle, status=S.SUBMITTED)
    own = _appraiser(province, "qcdc_tinh")
    ban_dan_van = _appraiser(boards["ban_dan_van"], "bdv_tinh")
    make_member(boards["ban_dan_van"], Role.APPRAISER, user=own)  # two seats, told once
    far = _appraiser(other_commune, "qcdc_xa_khac")
    dossier_grant_appraiser(dossier=dossier, appraiser=far, by=province_admin)
    left = _appraiser(other_commune, "da_nghi")
    dossier_grant_appraiser(dossier=dossier, appraiser=left, by=province_admin)
    left.is_active = False
    left.save(update_fields=["is_active"])
    fresh = Dossier.objects.select_related("bright_spot__unit").get(pk=dossier.pk)

    with django_assert_num_queries(2):  # the level, then the people
        told = appraisers_of(dossier=fresh)

    assert told == sorted([own, ban_dan_van, far], key=lambda user: user.pk)
