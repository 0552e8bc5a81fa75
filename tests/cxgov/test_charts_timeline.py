"""The roadmap's timeline chart: accessible SVG, bars placed by date and clipped to the range,
text escaped, no inline style."""

import datetime as dt
import re

import pytest

from cxgov.charts import TimelineRow, timeline_chart

START, END = dt.date(2026, 1, 1), dt.date(2026, 12, 31)


def chart(rows, **kwargs):
    kwargs.setdefault("title", "Roadmap")
    return str(timeline_chart(rows, start=START, end=END, width=665, label_width=300, **kwargs))


def bars(svg):
    return [
        (float(x), float(w))
        for x, w in re.findall(
            r'<rect class="chart__bar[^"]*" x="([\d.]+)" y="[\d.]+" '
            r'width="([\d.]+)"',
            svg,
        )
    ]


def test_a_timeline_has_an_accessible_name_and_one_titled_bar_per_row():
    svg = chart(
        [
            TimelineRow("Welcome calls", dt.date(2026, 2, 1), dt.date(2026, 6, 30), "red"),
            TimelineRow("Booking", dt.date(2026, 3, 1), dt.date(2026, 4, 1)),
        ]
    )
    assert svg.startswith('<svg class="chart chart--timeline"') and 'role="img"' in svg
    assert "<desc" in svg and "2 bars from 1 Jan 2026 to 31 Dec 2026." in svg
    assert "<title>Welcome calls: 1 Feb 2026 to 30 Jun 2026</title>" in svg
    assert len(bars(svg)) == 2


def test_bars_are_placed_by_date_and_clipped_to_the_range():
    # The range spans 364 days over 353 units of plot (665 - 300 - 12).
    svg = chart(
        [
            TimelineRow("Whole year", START, END),
            TimelineRow("Before and after", dt.date(2025, 6, 1), dt.date(2027, 6, 1)),
            TimelineRow("Second half", dt.date(2026, 7, 2), END),
        ]
    )
    (x1, w1), (x2, w2), (x3, w3) = bars(svg)
    assert (x1, w1) == (300, 353) and (x2, w2) == (300, 353)
    assert x3 == pytest.approx(300 + 353 * 182 / 364, abs=0.1)


def test_text_is_escaped_links_kept_and_there_is_no_inline_style():
    svg = chart([TimelineRow("<b>A & B</b>", START, END, href="/portfolio/initiatives/1/")])
    assert "&lt;b&gt;A &amp; B&lt;/b&gt;" in svg and "<b>" not in svg
    assert '<a href="/portfolio/initiatives/1/">' in svg
    assert "style=" not in svg


def test_today_is_a_dashed_line_when_in_range():
    svg = chart([TimelineRow("A", START, END)], today=dt.date(2026, 7, 1))
    assert 'class="chart__today"' in svg and "Today, 1 Jul 2026" in svg
    assert 'class="chart__today"' not in chart(
        [TimelineRow("A", START, END)], today=END.replace(2027)
    )


def test_an_empty_range_is_refused():
    with pytest.raises(ValueError):
        timeline_chart([], start=END, end=START, title="Nothing")
