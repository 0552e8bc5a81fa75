"""The KPI charts: a card's sparkline and a metric's trend with its interval band and target
path, server-side SVG that prints and reads aloud."""

from __future__ import annotations

import re

from cxgov.charts import TrendPoint, sparkline, trend_chart


def _ys(svg: str, cls: str) -> list[float]:
    points = re.search(rf'class="{cls}" points="([^"]+)"', svg).group(1)
    return [float(pair.split(",")[1]) for pair in points.split()]


def test_a_sparkline_names_its_values_oldest_first_and_breaks_at_a_gap():
    svg = str(sparkline([10, 20, None, 30, 40], title="NPS, 5 months"))
    assert 'role="img"' in svg and "<title" in svg and "NPS, 5 months" in svg
    assert "Oldest first: 10, 20, no data, 30, 40" in svg
    assert svg.count("<polyline") == 2  # 10-20 and 30-40: the missing month is a gap
    assert "style=" not in svg


def test_a_sparkline_draws_higher_values_higher():
    ys = _ys(str(sparkline([1, 5], title="t")), "chart__line")
    assert ys[1] < ys[0]  # SVG y grows downwards


def test_a_sparkline_without_values_says_so():
    assert "No values yet." in str(sparkline([None, None], title="Empty"))


def test_the_trend_draws_the_band_from_each_interval_and_the_target_path():
    points = [
        TrendPoint("Jan", 10, 0, 20, expected=12),
        TrendPoint("Feb", 20, 10, 30, expected=14),
        TrendPoint("Mar", 30, 20, 40, marked=True, expected=16, href="/voc/x?a=1&b=2"),
    ]
    svg = str(trend_chart(points, y_min=0, y_max=40, title="NPS by month"))
    band = re.search(r'class="chart__band" points="([^"]+)"', svg).group(1).split()
    assert len(band) == 6  # three highs forward, three lows back
    line, target = _ys(svg, "chart__line"), _ys(svg, "chart__target")
    assert line[0] > line[1] > line[2] and target[0] > target[2]
    # 40 is the top of the plot (y=16), 0 its bottom (y=16+228)
    assert float(band[2].split(",")[1]) == 16.0 and float(band[3].split(",")[1]) == 16 + 228 / 2
    assert "Mar: 30.0 (95% interval 20.0 to 40.0), small sample, target path 16.0" in svg
    assert 'href="/voc/x?a=1&amp;b=2"' in svg and 'role="group"' in svg
    assert "chart__point--marked" in svg and "style=" not in svg


def test_a_period_without_data_breaks_the_line_and_the_band():
    points = [
        TrendPoint("Jan", 10, 5, 15),
        TrendPoint("Feb", 11, 6, 16),
        TrendPoint("Mar", None),
        TrendPoint("Apr", 12, 7, 17),
        TrendPoint("May", 13, 8, 18),
    ]
    svg = str(trend_chart(points, y_min=0, y_max=20, title="CES"))
    assert svg.count('class="chart__line"') == 2 and svg.count('class="chart__band"') == 2
    assert "Mar: no data" in svg and 'role="img"' in svg


def _label_xs(svg: str) -> list[float]:
    return [float(x) for x in re.findall(r'class="chart__axis-label" x="([\d.]+)"', svg)]


def test_x_labels_never_crowd_and_the_latest_period_is_always_labelled():
    from cxgov.charts import line_chart

    # 12 months on a 360-wide chart: room for about four labels, one per 70 units.
    months = [f"M{i}" for i in range(1, 13)]
    charts = [
        str(
            trend_chart(
                [TrendPoint(m, 10) for m in months], y_min=0, y_max=20, title="t", width=360
            )
        ),
        str(line_chart([(m, 10) for m in months], y_min=0, y_max=20, title="l", width=360)),
    ]
    for svg in charts:
        xs = _label_xs(svg)
        assert ">M12</text>" in svg  # the latest period
        assert len(xs) >= 3
        gaps = [b - a for a, b in zip(xs, xs[1:], strict=False)]
        assert min(gaps) >= 50, gaps  # no two labels overlap (each is about 30 wide)


def test_the_value_axis_rounds_to_a_nice_step_within_what_the_kpi_can_take():
    from cxgov.charts import value_axis

    # NPS 12 to 47: a span of 35, about 7 a tick, so steps of 10 from 10 to 50.
    assert value_axis([12, None, 47], floor=-100, ceiling=100) == (
        10,
        50,
        [(10, "10"), (20, "20"), (30, "30"), (40, "40"), (50, "50")],
    )
    # A share whose interval reaches 101.5: steps of 5 (13.5 / 5 = 2.7), 85 to 105, cut at 100.
    lo, hi, ticks = value_axis([88, 101.5], floor=0, ceiling=100)
    assert (lo, hi, [t for _, t in ticks]) == (85, 100, ["85", "90", "95", "100"])
    # The same share with its unit on each label.
    assert [t for _, t in value_axis([88, 101.5], floor=0, ceiling=100, unit="%")[2]] == [
        "85%", "90%", "95%", "100%",
    ]  # fmt: skip
    # No data: the KPI's whole range (steps of 50), or 0 to 1 for an unbounded one.
    assert [t for _, t in value_axis([], floor=-100, ceiling=100)[2]] == [
        "-100", "-50", "0", "50", "100",
    ]  # fmt: skip
    assert [t for _, t in value_axis([None])[2]] == ["0", "0.2", "0.4", "0.6", "0.8", "1"]
    # One value: a span of two around it.
    assert value_axis([3, 3])[:2] == (2, 4)


def test_without_an_axis_the_trend_fits_values_intervals_and_the_path_and_labels_the_target():
    points = [
        TrendPoint("Jan", 12, 8, 16, expected=10),
        TrendPoint("Feb", 20, 15, 25, marked=True, expected=12),
        TrendPoint("Mar", 30, 26, 34, expected=14),
    ]
    svg = str(
        trend_chart(
            points, floor=-100, ceiling=100, title="NPS", target_label="Target 40 by Jan 27"
        )
    )
    # 8 to 34 in steps of 10 (span 26: 5.2 a tick): ticks 0 to 40.
    assert re.findall(r'class="chart__axis-label"[^>]*dominant-baseline[^>]*>([^<]+)<', svg) == [
        "0",
        "10",
        "20",
        "30",
        "40",
    ]
    label = re.search(r'class="chart__target-label" x="([\d.]+)"[^>]*>([^<]+)<', svg)
    assert label.group(2) == "Target 40 by Jan 27"
    last_x = float(re.findall(r'class="chart__target" points="[^"]* ([\d.]+),', svg)[-1])
    assert float(label.group(1)) == last_x  # at the end of the target path
    assert svg.count("chart__point--marked") == 1  # February's small sample, hollow
