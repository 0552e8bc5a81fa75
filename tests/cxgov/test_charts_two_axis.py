"""Two series over the same periods in one chart, each against its own axis: positions worked
by hand from the chart's geometry, accessible text, escaping, no inline style."""

import re

import pytest

from cxgov.charts import AxisSeries, two_axis_chart

# 720 x 300: the plot runs from x 56 to 664 (608 wide, points inset 24) and from y 40 to 264
# (224 high). Left 10, 20, 30: axis 10..30 in steps of 5. Right 3, 2, 1: axis 1..3 in steps
# of 0.5. So the left points sit at y 264, 152, 40 and the right ones at 40, 152, 264, at
# x 80, 360, 640 both.


def chart(**kwargs):
    return str(
        two_axis_chart(
            ["Jan", "Feb", "Mar"],
            AxisSeries("CSAT (%)", [10, 20, 30]),
            AxisSeries("Repeat <contacts>", [3, 2, 1], "{:g}"),
            title="CSAT beside repeat contacts",
            **kwargs,
        )
    )


def test_each_series_is_drawn_against_its_own_axis():
    svg = chart()
    circles = re.findall(r'<circle class="chart__point" cx="([\d.]+)" cy="([\d.]+)"', svg)
    assert circles == [("80", "264"), ("360", "152"), ("640", "40")]
    squares = re.findall(r'<rect class="chart__point" x="([\d.]+)" y="([\d.]+)"', svg)
    assert squares == [("75.5", "35.5"), ("355.5", "147.5"), ("635.5", "259.5")]
    assert svg.count("<polyline") == 2
    # The left axis's labels at its grid lines, the right's beside the right edge.
    assert re.findall(r'text-anchor="end" dominant-baseline="middle"[^>]*>([\d.]+)<', svg) == [
        "10", "15", "20", "25", "30"
    ]  # fmt: skip
    assert re.findall(r'text-anchor="start" dominant-baseline="middle"[^>]*>([\d.]+)<', svg) == [
        "1", "1.5", "2", "2.5", "3"
    ]  # fmt: skip


def test_the_chart_names_its_series_and_tells_every_value():
    svg = chart()
    assert svg.startswith('<svg class="chart chart--two-axis"') and 'role="img"' in svg
    (ids,) = re.findall(r'aria-labelledby="([^"]+)"', svg)
    title_id, desc_id = ids.split()
    assert f'<title id="{title_id}">CSAT beside repeat contacts</title>' in svg
    assert (
        f'<desc id="{desc_id}">Jan: CSAT (%) 10.0, Repeat &lt;contacts&gt; 3; '
        "Feb: CSAT (%) 20.0, Repeat &lt;contacts&gt; 2; "
        "Mar: CSAT (%) 30.0, Repeat &lt;contacts&gt; 1.</desc>"
    ) in svg
    assert "<title>Feb: Repeat &lt;contacts&gt; 2</title>" in svg
    assert "CSAT (%) (left axis)" in svg and "Repeat &lt;contacts&gt; (right axis)" in svg
    assert "<contacts>" not in svg and "style=" not in svg


def test_a_series_without_a_value_for_each_period_is_refused():
    with pytest.raises(ValueError, match="one value per label"):
        two_axis_chart(
            ["Jan", "Feb"], AxisSeries("a", [1, 2]), AxisSeries("b", [1]), title="Uneven"
        )
