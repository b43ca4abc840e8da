import copy
from decimal import Decimal

import pytest

from apps.core.models import AuditEvent
from apps.core.workflow import NotPermitted, Refused
from apps.scoring import services
from apps.scoring.enums import ScorecardStatus, Side
from apps.scoring.models import ScoreEntry, ScoreVersion, ScoringSheet
from apps.scoring.selectors import side_by_side
from apps.scoring.sheets import read_sheet, sheet_load
from tests.scoring.conftest import at
from tests.scoring.factories import NOVEMBER, OCTOBER, full_points, open_round, scored, self_scored

pytestmark = pytest.mark.django_db


def _sheet_data(place, change) -> dict:
    data = copy.deepcopy(place.data["scoring_sheets"][0])
    change(data)
    return data


def _refusal(place, change) -> list[str]:
    before = ScoringSheet.objects.count()
    with pytest.raises(Refused) as refused:
        sheet_load(_sheet_data(place, change), province=place.province)
    assert ScoringSheet.objects.count() == before
    return refused.value.messages


def test_the_files_sheet_has_100_points_5_of_bonus_and_five_classes(second_province):
    sheet = read_sheet(second_province.sheet.pk)

    assert sheet.maximum == Decimal(105)
    assert [band.name for band in sheet.bands] == ["Yếu", "Trung bình", "Khá", "Tốt", "Xuất sắc"]
    assert sheet.band_for(Decimal("89.99")) == "Tốt"
    assert sheet.band_for(Decimal(90)) == "Xuất sắc"
    assert sheet.band_for(Decimal(105)) == "Xuất sắc"


def test_a_threshold_above_the_maximum_is_refused_in_vietnamese(second_province):
    def change(data):
        data["pass_threshold"] = 120

    assert _refusal(second_province, change) == [
        "Ngưỡng đạt (120 điểm) vượt quá điểm tối đa của bảng điểm (105 điểm)."
    ]


def test_overlapping_classes_are_refused_naming_both(second_province):
    def change(data):
        data["bands"][1]["to"] = 75  # Trung bình 50–75 over Khá 70–80

    assert _refusal(second_province, change) == [
        "Loại “Trung bình” và loại “Khá” trùng nhau từ 70 đến 75 điểm."
    ]


def test_a_gap_between_classes_is_refused(second_province):
    def change(data):
        data["bands"][2]["from"] = 72

    assert _refusal(second_province, change) == [
        "Tổng điểm từ 70 đến 72 điểm không thuộc loại nào."
    ]


def test_classes_stopping_below_the_maximum_are_refused(second_province):
    def change(data):
        data["bands"][4]["to"] = 100

    assert _refusal(second_province, change) == [
        "Tổng điểm từ 100 đến 105 điểm không thuộc loại nào."
    ]


def test_totals_weigh_the_groups_add_the_bonus_and_take_off_the_penalty(second_province):
    def change(data):
        data["groups"][1]["weight"] = 2  # group II counts double: maximum 150
        data["bands"][4]["to"] = 150

    sheet = read_sheet(sheet_load(_sheet_data(second_province, change)).pk)
    ids = {item.code: item.id for item in sheet.items}
    points = {ids["1.1"]: Decimal(8), ids["2.1"]: Decimal("7.5"), ids["4.1"]: Decimal(5)}
    points[ids["4.2"]] = Decimal(3)

    totals = sheet.totals(points)

    assert [(g.subtotal, g.weighted) for g in totals.groups] == [
        (Decimal(8), Decimal(8)),
        (Decimal("7.5"), Decimal(15)),
        (Decimal(0), Decimal(0)),
        (Decimal(2), Decimal(2)),
    ]
    assert (totals.total, totals.band, totals.passed) == (Decimal(25), "Yếu", False)


def test_a_score_above_an_items_points_is_refused_and_nothing_is_written(second_province):
    place = second_province
    card = services.scorecard_start(
        scoring_round=open_round(place), unit=place.commune, by=place.people["officer"], now=OCTOBER
    )

    with pytest.raises(Refused) as refused:
        services.score_save(
            scorecard=card,
            side=Side.SELF,
            by=place.people["officer"],
            points={"1.1": 10, "1.2": "6"},
            now=OCTOBER,
        )

    assert refused.value.messages == [
        "Tiêu chí 1.2: 6 điểm nằm ngoài khoảng 0 đến 5 điểm của tiêu chí."
    ]
    assert ScoreEntry.objects.count() == 0


def test_submit_needs_every_item_scored(second_province):
    place = second_province
    card = services.scorecard_start(
        scoring_round=open_round(place), unit=place.commune, by=place.people["officer"], now=OCTOBER
    )
    services.score_save(
        scorecard=card, side=Side.SELF, by=place.people["officer"], points={"1.1": 9}, now=OCTOBER
    )

    with pytest.raises(Refused) as refused:
        services.scorecard_submit(scorecard=card, by=place.people["leader"], now=OCTOBER)

    assert "1.2, 1.3, 2.1" in refused.value.messages[0]


def test_the_sheet_assigns_the_scorer_by_kind_of_unit(second_province):
    place = second_province
    scoring_round = open_round(place)
    card = self_scored(
        place,
        place.department,
        staff=place.people["dept_officer"],
        leader=place.people["dept_leader"],
        scoring_round=scoring_round,
    )

    for outsider in ("ban_dan_van", "cong_doan", "admin"):
        with pytest.raises(NotPermitted):
            services.score_save(
                scorecard=card,
                side=Side.SCORER,
                by=place.people[outsider],
                points={"1.1": 5},
                now=NOVEMBER,
            )
    final = scored(
        card, by=place.people["noi_vu"], points=full_points(place.sheet.pk, less={"2.1": 12})
    )

    assert (final.status, final.scorer_total, final.final_class) == (
        ScorecardStatus.SCORED,
        Decimal(88),
        "Tốt",
    )
    assert final.scorer_unit == place.boards["noi_vu"]
    assert final.passed is True


def test_a_scorer_outside_the_rules_is_refused_in_vietnamese(second_province):
    place = second_province
    card = self_scored(
        place, place.commune, staff=place.people["officer"], leader=place.people["leader"]
    )

    with pytest.raises(NotPermitted) as refused:
        services.scorecard_score(scorecard=card, by=place.people["ban_dan_van"], now=NOVEMBER)

    assert str(refused.value) == "Bạn không được thực hiện bước này với phiếu chấm điểm này."


def test_a_submitted_self_score_is_frozen_and_a_resubmission_is_a_new_version(second_province):
    place = second_province
    card = self_scored(
        place, place.commune, staff=place.people["officer"], leader=place.people["leader"]
    )
    first = ScoreVersion.objects.get(scorecard=card, side=Side.SELF)

    with pytest.raises(Refused) as refused:
        services.score_save(
            scorecard=card,
            side=Side.SELF,
            by=place.people["officer"],
            points={"1.1": 1},
            now=OCTOBER,
        )
    assert refused.value.messages == ["Điểm tự chấm đã gửi; không thể sửa nữa."]
    services.scorecard_return(
        scorecard=card, by=place.people["noi_vu"], reason="Thiếu minh chứng mục 2.2", now=OCTOBER
    )
    services.score_save(
        scorecard=card, side=Side.SELF, by=place.people["officer"], points={"2.2": 10}, now=OCTOBER
    )
    again = services.scorecard_submit(
        scorecard=card, by=place.people["leader"], now=at(2026, 10, 12)
    )

    versions = ScoreVersion.objects.filter(scorecard=card, side=Side.SELF).order_by("number")
    assert [(v.number, v.total) for v in versions] == [(1, Decimal(100)), (2, Decimal(95))]
    first.refresh_from_db()
    assert first.entries.get(item__code="2.2").points == Decimal(15)
    assert again.self_total == Decimal(95)
    assert AuditEvent.objects.filter(object_id=str(card.pk), action="scorecard_return").count() == 1


def test_side_by_side_shows_both_scores_and_their_totals(second_province):
    place = second_province
    card = self_scored(place, place.party, staff=make_staff(place), leader=make_leader(place))
    scored(
        card, by=place.people["ban_dan_van"], points=full_points(place.sheet.pk, less={"1.1": 4})
    )

    view = side_by_side(card)

    first = view.groups[0][1][0]
    assert (first.code, first.self_points, first.scorer_points) == ("1.1", Decimal(10), Decimal(6))
    assert (view.self_totals.total, view.scorer_totals.total) == (Decimal(100), Decimal(96))
    assert (view.groups[0][2].subtotal, view.groups[0][3].subtotal) == (Decimal(25), Decimal(21))


def test_opening_a_round_freezes_the_sheet_and_refuses_a_province_without_the_scorer(
    second_province,
):
    place = second_province
    place.boards["cong_doan"].is_active = False
    place.boards["cong_doan"].save(update_fields=["is_active"])

    with pytest.raises(Refused) as refused:
        open_round(place)

    assert refused.value.messages == [
        "Bảng điểm giao cho ban “cong_doan” chấm điểm nhưng tỉnh không có ban này."
    ]
    place.boards["cong_doan"].is_active = True
    place.boards["cong_doan"].save(update_fields=["is_active"])
    open_round(place)
    place.sheet.refresh_from_db()
    assert place.sheet.frozen_at == OCTOBER


def make_staff(place):
    from apps.accounts.enums import Role
    from tests.factories import make_member

    return make_member(place.party, Role.OFFICER)


def make_leader(place):
    from apps.accounts.enums import Role
    from tests.factories import make_member

    return make_member(place.party, Role.LEADER)
