"""The dashboard's bar charts: long category names never run into each other."""

import re

from apps.reports.charts import LETTER_PX, WIDTH, bar_chart

LONG = [
    "Điểm sáng thực hiện Quy chế dân chủ ở cơ sở (QCDC)",
    "Điểm sáng dân vận chính quyền (DVCQ)",
    "Mô hình “Dân vận khéo”",
]


def _labels(svg: str) -> list[list[str]]:
    """Each category label's lines (the texts made of tspans)."""
    return [
        re.findall(r"<tspan[^>]*>([^<]*)</tspan>", text)
        for text in re.findall(r"<text[^>]*>(<tspan.*?)</text>", svg)
    ]


def test_long_category_names_wrap_within_their_group():
    svg = bar_chart(title="t", categories=LONG, series=[("a", [1, 2, 3]), ("b", [0, 1, 0])])
    group_px = (WIDTH - 50) / len(LONG)

    labels = _labels(svg)

    assert len(labels) == 3
    assert len(labels[0]) >= 2  # the QCDC name no longer runs into its neighbour
    assert all(len(line) * LETTER_PX <= group_px for lines in labels for line in lines)
    assert " ".join(labels[1]) == LONG[1]


def test_a_name_too_long_for_three_lines_ends_with_an_ellipsis():
    names = [f"Đơn vị số {n} " + "rất dài " * 20 for n in range(8)]
    svg = bar_chart(title="t", categories=names, series=[("a", list(range(8)))])

    labels = _labels(svg)

    assert all(len(lines) <= 3 for lines in labels)
    assert labels[0][-1].endswith("…")
