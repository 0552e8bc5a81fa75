"""The one chart helper: accessible SVG, escaped text, no inline style, values on the scale."""

import re
from decimal import Decimal

import pytest

from cxgov.charts import Band, line_chart

LEVELS = [(1, "1 Interested"), (3, "3 Committed"), (5, "5 Embedded")]


def chart(points, **kwargs):
    return str(line_chart(points, y_min=1, y_max=5, y_labels=LEVELS, title="Maturity", **kwargs))


def test_a_chart_has_an_accessible_name_and_description():
    svg = chart([("Mar", 2), ("Jun", Decimal("2.75"))])
    assert svg.startswith('<svg class="chart chart--line"')
    assert 'role="img"' in svg
    (ids,) = re.findall(r'aria-labelledby="([^"]+)"', svg)
    title_id, desc_id = ids.split()
    assert f'<title id="{title_id}">Maturity</title>' in svg
    assert f'<desc id="{desc_id}">Mar: 2; Jun: 2.75.</desc>' in svg


def test_each_point_tells_its_value_and_the_line_joins_them():
    svg = chart([("Mar", 2), ("Jun", 3), ("Sep", 4)])
    assert svg.count("<circle") == 3
    assert "<title>Jun: 3</title>" in svg
    assert svg.count("<polyline") == 1


def test_higher_values_are_drawn_higher_and_out_of_range_values_are_clamped():
    svg = chart([("a", 1), ("b", 5), ("c", 9)])
    ys = [float(y) for y in re.findall(r'<circle[^>]* cy="([\d.]+)"', svg)]
    assert ys[0] > ys[1] == ys[2]


def test_text_is_escaped_and_there_is_no_inline_style():
    svg = chart([("<b>Q1</b>", 2)], bands=[Band(2.5, 4, "Pays & off")])
    assert "<b>" not in svg and "&lt;b&gt;Q1&lt;/b&gt;" in svg
    assert "Pays &amp; off" in svg
    assert "style=" not in svg


def test_a_single_point_or_none_still_draws():
    assert chart([("Only", 3)]).count("<circle") == 1
    assert "No values yet." in chart([])


def test_two_charts_on_a_page_get_their_own_ids():
    first, second = chart([("a", 1)]), chart([("a", 1)])
    assert re.findall(r'<title id="([^"]+)"', first) != re.findall(r'<title id="([^"]+)"', second)


def test_an_empty_scale_is_refused():
    with pytest.raises(ValueError):
        line_chart([("a", 1)], y_min=5, y_max=5, title="Broken")


def test_a_guide_draws_a_dashed_labelled_line_at_its_value():
    from cxgov.charts import Guide

    # y 1..5 on a plot from 16 to 204 (height 240, margins 16 and 36): 4 sits at 16 + 188/4 = 63.
    svg = chart([("a", 1), ("b", 2)], guides=[Guide(4, "Target 4 by Dec 2026")])
    assert 'class="chart__guide"' in svg and 'y1="63"' in svg and 'stroke-dasharray="6 4"' in svg
    assert "<title>Target 4 by Dec 2026</title>" in svg
