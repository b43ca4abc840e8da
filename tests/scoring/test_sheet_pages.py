"""The province's sheets page (read-only) and the extensions of a round: what an
administrator reads there, at a fixed number of queries."""

import copy
import datetime

from django.urls import reverse

from apps.scoring import services
from apps.scoring.enums import Side
from apps.scoring.sheets import sheet_load
from tests.conftest import client_for
from tests.queries import page_queries
from tests.scoring.conftest import at
from tests.scoring.factories import open_round


def test_the_sheets_page_lists_items_points_classes_and_scorers(second_province):
    client = client_for(second_province.people["admin"])

    rounds = client.get(reverse("scoring:rounds")).content.decode()
    page = client.get(reverse("scoring:sheets", args=[second_province.province.pk]))

    assert reverse("scoring:sheets", args=[second_province.province.pk]) in rounds
    text = page.content.decode()
    for shown in (
        "Bảng điểm thi đua về thực hiện dân chủ ở cơ sở",
        "Kiện toàn Ban Chỉ đạo, phân công nhiệm vụ thành viên",
        "Xuất sắc",
        "Liên đoàn Lao động tỉnh",
        "Sở Nội vụ",
        "Ngưỡng đạt",
    ):
        assert shown in text


def test_the_sheets_page_costs_the_same_with_more_sheets(second_province):
    client = client_for(second_province.people["admin"])
    url = reverse("scoring:sheets", args=[second_province.province.pk])
    page_queries(client, url)
    one = page_queries(client, url)

    data = copy.deepcopy(second_province.data["scoring_sheets"][0])
    sheet_load(data, province=second_province.province)
    sheet_load({**data, "code": "khac"}, province=second_province.province)
    sheet_load(
        {**data, "code": "ho-so", "dossier_kinds": ["qcdc"]}, province=second_province.province
    )

    assert page_queries(client, url) == one
    text = client.get(url).content.decode()
    assert "Chấm điểm hồ sơ của loại</dt>" in text
    assert "Điểm sáng thực hiện dân chủ ở cơ sở" in text


def test_the_round_page_lists_the_extensions(second_province):
    place = second_province
    scoring_round = open_round(place, now=at(2026, 10, 1))
    services.scoring_extension_grant(
        scoring_round=scoring_round,
        unit=place.commune,
        side=Side.SELF,
        new_date=datetime.date(2026, 10, 30),
        reason="Bão lũ",
        by=place.people["admin"],
        now=at(2026, 10, 14),
    )

    page = client_for(place.people["admin"]).get(scoring_round.get_absolute_url())

    text = page.content.decode()
    assert "Bão lũ" in text
    assert "30/10/2026" in text
    assert reverse("scoring:extend", args=[scoring_round.pk]) in text
