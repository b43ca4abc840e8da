"""Bar charts drawn on the server as inline SVG: no JavaScript, no third-party code,
printable, and readable without colour (every bar carries its number). Pages show
the same numbers as a table beside each chart."""

import textwrap

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

COLOURS = ("#b71c1c", "#0b4f9c", "#1b5e20", "#8a5300", "#5f6368")
WIDTH, HEIGHT = 720, 280
LEFT, RIGHT, TOP, BOTTOM = 40, 10, 34, 60
# A category's name is wrapped to its group's width (about this many pixels a letter at
# font-size 12), on at most LABEL_LINES lines, so neighbouring names never overlap.
LETTER_PX, LABEL_LINES = 6.6, 3


def bar_chart(*, title: str, categories: list[str], series: list[tuple[str, list[int]]]) -> str:
    """Grouped bars: one group per category, one bar per series (label, values)."""
    peak = max([v for _label, values in series for v in values] + [1])
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    group_w = plot_w / max(len(categories), 1)
    bar_w = group_w * 0.8 / max(len(series), 1)
    bars, labels = [], []
    for i, category in enumerate(categories):
        x0 = LEFT + i * group_w + group_w * 0.1
        labels.append((LEFT + (i + 0.5) * group_w, HEIGHT - BOTTOM + 16, category, group_w))
        for j, (_label, values) in enumerate(series):
            value = values[i]
            h = plot_h * value / peak
            x, y = x0 + j * bar_w, TOP + plot_h - h
            bars.append((x, y, bar_w * 0.9, h, COLOURS[j % len(COLOURS)], value))
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-label="{}" '
        'xmlns="http://www.w3.org/2000/svg" font-family="sans-serif" font-size="12">'
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#9e9e9e"/>{}{}{}</svg>',
        WIDTH,
        HEIGHT,
        title,
        LEFT,
        TOP + plot_h,
        WIDTH - RIGHT,
        TOP + plot_h,
        _legend(series),
        _bars(bars),
        _category_labels(labels),
    )


def _n(number: float) -> str:
    return f"{number:.1f}"


def _bars(bars) -> SafeString:
    return format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
        '<text x="{}" y="{}" text-anchor="middle">{}</text>',
        (
            (_n(x), _n(y), _n(w), _n(h), colour, _n(x + w / 2), _n(y - 3), value)
            for x, y, w, h, colour, value in bars
        ),
    )


def _category_labels(labels) -> SafeString:
    return format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="middle">{}</text>',
        ((_n(x), _n(y), _lines(x, text, width)) for x, y, text, width in labels),
    )


def _lines(x: float, text: str, width: float) -> SafeString:
    """``text`` as lines (tspans) no wider than ``width``; the last one cut with "…"."""
    letters = max(int(width / LETTER_PX), 6)
    lines = textwrap.wrap(str(text), letters, max_lines=LABEL_LINES, placeholder="…") or [""]
    return format_html_join(
        "",
        '<tspan x="{}" dy="{}">{}</tspan>',
        ((_n(x), 0 if k == 0 else 14, line) for k, line in enumerate(lines)),
    )


def _legend(series) -> SafeString:
    if len(series) < 2:
        return mark_safe("")
    step = (WIDTH - LEFT) / len(series)
    return format_html_join(
        "",
        '<rect x="{}" y="6" width="12" height="12" fill="{}"/><text x="{}" y="16">{}</text>',
        (
            (_n(LEFT + k * step), COLOURS[k % len(COLOURS)], _n(LEFT + k * step + 16), label)
            for k, (label, _values) in enumerate(series)
        ),
    )
