import json
from decimal import Decimal

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.urls import reverse

from apps.cycles.models import ProcessVersion
from apps.scoring import services
from apps.scoring.models import ScoreEntry, ScoringSheet
from tests.conftest import client_for
from tests.scoring.conftest import FIXTURE
from tests.scoring.factories import NOVEMBER, OCTOBER, open_round, self_scored

pytestmark = pytest.mark.django_db


def _started(place):
    return services.scorecard_start(
        scoring_round=open_round(place), unit=place.commune, by=place.people["officer"], now=OCTOBER
    )


@time_machine.travel(OCTOBER, tick=False)
def test_points_above_the_item_are_refused_in_vietnamese_and_what_was_typed_stays(second_province):
    card = _started(second_province)
    client = client_for(second_province.people["officer"])

    response = client.post(reverse("scoring:card", args=[card.pk]), {"p-1.1": "8", "p-1.2": "7"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Tiêu chí 1.2: 7 điểm nằm ngoài khoảng 0 đến 5 điểm của tiêu chí." in page
    assert 'name="p-1.2" value="7"' in page
    assert ScoreEntry.objects.count() == 0


@time_machine.travel(OCTOBER, tick=False)
def test_the_unit_saves_its_points_and_sees_its_total(second_province):
    card = _started(second_province)
    client = client_for(second_province.people["officer"])

    response = client.post(
        reverse("scoring:card", args=[card.pk]), {"p-1.1": "8,5", "p-1.2": "5"}, follow=True
    )

    assert list(ScoreEntry.objects.order_by("item__code").values_list("points", flat=True)) == [
        Decimal("8.5"),
        Decimal(5),
    ]
    assert "Đã lưu điểm." in response.content.decode()


@time_machine.travel(NOVEMBER, tick=False)
def test_the_scorer_sees_the_self_score_beside_their_form(second_province):
    place = second_province
    card = self_scored(
        place, place.commune, staff=place.people["officer"], leader=place.people["leader"]
    )

    page = client_for(place.people["noi_vu"]).get(reverse("scoring:card", args=[card.pk]))

    text = page.content.decode()
    assert 'name="p-2.1"' in text
    assert "Ghi nhận điểm và xếp loại" in text
    assert "Trả lại đơn vị" in text


def test_a_file_with_a_bad_sheet_loads_nothing(second_province, tmp_path):
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    data["scoring_sheets"][0]["bands"][0]["to"] = 60  # Yếu 0–60 over Trung bình 50–70
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    versions, sheets = ProcessVersion.objects.count(), ScoringSheet.objects.count()

    with pytest.raises(CommandError) as refused:
        call_command("load_process", str(bad), province="TN-TEST", by="tn_admin")

    assert "Loại “Yếu” và loại “Trung bình” trùng nhau từ 50 đến 60 điểm." in str(refused.value)
    assert (ProcessVersion.objects.count(), ScoringSheet.objects.count()) == (versions, sheets)
