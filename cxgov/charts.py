"""Server-rendered SVG charts: accessible, printable, no script and no inline style (CSP).

Every chart in cxgov comes from here. Colours are SVG presentation attributes, so a stylesheet
rule on the `chart__*` classes can still override them, and print keeps them.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

Number = int | float | Decimal

# The stylesheet's tokens, as attributes (see static/css/cxgov.css).
INK = "#1d2433"
MUTED = "#5a6474"
GRID = "#dfe3ea"
LINE = "#0e6b6b"
BAND = "#e3f1f0"

_ids = itertools.count(1)


@dataclass(frozen=True)
class Band:
    """A shaded range of the value axis, e.g. a target zone."""

    low: Number
    high: Number
    label: str = ""


@dataclass(frozen=True)
class Guide:
    """A dashed horizontal line across the plot at a value, e.g. a target, with its label."""

    value: Number
    label: str = ""


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _x_label_indexes(count: int, plot_w: float, spacing: int = 70) -> set[int]:
    """Which x labels to draw so that none overlap: about one per `spacing` units of width,
    counted back from the latest point, which is always labelled."""
    step = max(1, -(-count // max(1, int(plot_w // spacing))))
    return set(range(count - 1, -1, -step))


def line_chart(
    points: Sequence[tuple[str, Number]],
    *,
    y_min: Number,
    y_max: Number,
    y_labels: Sequence[tuple[Number, str]] = (),
    title: str,
    description: str = "",
    bands: Sequence[Band] = (),
    width: int = 440,
    height: int = 240,
    label_width: int = 96,
    value_format: str = "{}",
    guides: Sequence[Guide] = (),
) -> SafeString:
    """A line chart of labelled values, oldest first, as an inline <svg>.

    `points` are (x label, value); x positions are evenly spaced. `y_labels` are (value, text)
    pairs drawn as grid lines. `title` and `description` become the SVG's <title> and <desc>
    (its accessible name and description); each point carries its own <title> too, so a
    screen reader or a hover tells the exact value. Values outside y_min..y_max are clamped.
    `guides` are dashed lines across the plot (a target), each with its label and <title>.
    """
    if y_max <= y_min:
        raise ValueError("y_max must be greater than y_min.")
    chart_id = f"chart-{slugify(title)[:40] or 'line'}-{next(_ids)}"
    top, right, bottom = 16, 20, 36
    left = label_width
    plot_w, plot_h = width - left - right, height - top - bottom
    lo, hi = float(y_min), float(y_max)

    def y_of(value: Number) -> float:
        clamped = min(max(float(value), lo), hi)
        return top + plot_h * (1 - (clamped - lo) / (hi - lo))

    # Points sit inside the plot, so the first and last x labels are not cut off.
    inset = min(40, plot_w / 4)

    def x_of(index: int) -> float:
        if len(points) == 1:
            return left + plot_w / 2
        return left + inset + (plot_w - 2 * inset) * index / (len(points) - 1)

    parts: list[str] = []
    for band in bands:
        y_top, y_bottom = y_of(band.high), y_of(band.low)
        parts.append(
            format_html(
                '<rect class="chart__band" x="{}" y="{}" width="{}" height="{}" fill="{}">'
                "<title>{}</title></rect>",
                left,
                _fmt(y_top),
                plot_w,
                _fmt(y_bottom - y_top),
                BAND,
                band.label,
            )
        )
        if band.label:
            parts.append(
                format_html(
                    '<text class="chart__band-label" x="{}" y="{}" text-anchor="end" '
                    'font-size="11" fill="{}">{}</text>',
                    left + plot_w - 4,
                    _fmt(y_top + 12),
                    LINE,
                    band.label,
                )
            )
    for value, text in y_labels:
        y = _fmt(y_of(value))
        parts.append(
            format_html(
                '<line class="chart__grid" x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}"/>'
                '<text class="chart__axis-label" x="{}" y="{}" text-anchor="end" '
                'dominant-baseline="middle" font-size="13" fill="{}">{}</text>',
                left,
                left + plot_w,
                y,
                y,
                GRID,
                left - 8,
                y,
                MUTED,
                text,
            )
        )
    for guide in guides:
        y = _fmt(y_of(guide.value))
        parts.append(
            format_html(
                '<line class="chart__guide" x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}" '
                'stroke-width="2" stroke-dasharray="6 4"><title>{}</title></line>',
                left,
                left + plot_w,
                y,
                y,
                INK,
                guide.label or _fmt(float(guide.value)),
            )
        )
        if guide.label:
            parts.append(
                format_html(
                    '<text class="chart__guide-label" x="{}" y="{}" font-size="11" '
                    'fill="{}">{}</text>',
                    left + 4,
                    _fmt(y_of(guide.value) - 4),
                    INK,
                    guide.label,
                )
            )
    shown = _x_label_indexes(len(points), plot_w)
    for index, (label, _value) in enumerate(points):
        if index not in shown:
            continue
        parts.append(
            format_html(
                '<text class="chart__axis-label" x="{}" y="{}" text-anchor="middle" '
                'font-size="13" fill="{}">{}</text>',
                _fmt(x_of(index)),
                height - 12,
                MUTED,
                label,
            )
        )
    coords = [(x_of(i), y_of(value)) for i, (_label, value) in enumerate(points)]
    if len(coords) > 1:
        parts.append(
            format_html(
                '<polyline class="chart__line" points="{}" fill="none" stroke="{}" '
                'stroke-width="2.5" stroke-linejoin="round" stroke-linecap="round"/>',
                " ".join(f"{_fmt(x)},{_fmt(y)}" for x, y in coords),
                LINE,
            )
        )
    parts.append(
        format_html_join(
            "",
            '<circle class="chart__point" cx="{}" cy="{}" r="5" fill="{}" stroke="#ffffff" '
            'stroke-width="2"><title>{}: {}</title></circle>',
            (
                (_fmt(x), _fmt(y), LINE, label, value_format.format(value))
                for (x, y), (label, value) in zip(coords, points, strict=True)
            ),
        )
    )
    return format_html(
        '<svg class="chart chart--line" xmlns="http://www.w3.org/2000/svg" role="img" '
        'viewBox="0 0 {w} {h}" width="{w}" height="{h}" aria-labelledby="{id}-title {id}-desc">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>'
        '<line class="chart__axis" x1="{left}" x2="{left}" y1="{top}" y2="{base}" stroke="{ink}"/>'
        '<line class="chart__axis" x1="{left}" x2="{end}" y1="{base}" y2="{base}" stroke="{ink}"/>'
        "{body}</svg>",
        w=width,
        h=height,
        id=chart_id,
        title=title,
        desc=description or _summary(points, value_format),
        left=left,
        top=top,
        base=top + plot_h,
        end=left + plot_w,
        ink=INK,
        body=mark_safe("".join(parts)),  # every part was built by format_html
    )


def _summary(points: Sequence[tuple[str, Number]], value_format: str) -> str:
    if not points:
        return "No values yet."
    return "; ".join(f"{label}: {value_format.format(value)}" for label, value in points) + "."


@dataclass(frozen=True)
class TimelineRow:
    """One bar of a timeline: a label, its dates, a colour key and where it links."""

    label: str
    start: dt.date
    end: dt.date
    kind: str = ""  # a key of `colours`, also the bar's class suffix
    href: str = ""
    note: str = ""


def timeline_chart(
    rows: Sequence[TimelineRow],
    *,
    start: dt.date,
    end: dt.date,
    title: str,
    colours: dict[str, str] | None = None,
    today: dt.date | None = None,
    width: int = 960,
    label_width: int = 280,
    row_height: int = 24,
) -> SafeString:
    """A roadmap: one horizontal bar per row between its dates, months along the top, a line
    for today. Bars outside start..end are clipped; each bar and label carries a <title>."""
    if end <= start:
        raise ValueError("end must be after start.")
    colours = colours or {}
    chart_id = f"chart-{slugify(title)[:40] or 'timeline'}-{next(_ids)}"
    top, right = 28, 12
    plot_w = width - label_width - right
    height = top + row_height * max(1, len(rows)) + 8
    span = (end - start).days

    def x_of(day: dt.date) -> float:
        clamped = min(max(day, start), end)
        return label_width + plot_w * (clamped - start).days / span

    parts: list[str] = []
    month = dt.date(start.year, start.month, 1)
    months = []
    while month <= end:
        months.append(month)
        month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    step = max(1, -(-len(months) // max(1, plot_w // 60)))
    for index, first in enumerate(months):
        if first < start:
            continue
        x = _fmt(x_of(first))
        parts.append(
            format_html(
                '<line class="chart__grid" x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}"/>',
                x,
                x,
                top - 6,
                height - 4,
                GRID,
            )
        )
        if index % step == 0:
            parts.append(
                format_html(
                    '<text class="chart__axis-label" x="{}" y="{}" font-size="12" fill="{}">'
                    "{}</text>",
                    _fmt(x_of(first) + 3),
                    top - 12,
                    MUTED,
                    f"{first:%b %Y}" if first.month == 1 or index == 0 else f"{first:%b}",
                )
            )
    for index, row in enumerate(rows):
        y = top + index * row_height
        x1, x2 = x_of(row.start), x_of(row.end)
        bar = format_html(
            '<rect class="chart__bar chart__bar--{}" x="{}" y="{}" width="{}" height="{}" '
            'rx="3" fill="{}"><title>{}: {} to {}{}</title></rect>',
            row.kind or "none",
            _fmt(x1),
            y + 5,
            _fmt(max(2.0, x2 - x1)),
            row_height - 10,
            colours.get(row.kind, MUTED),
            row.label,
            f"{row.start:%-d %b %Y}",
            f"{row.end:%-d %b %Y}",
            f" · {row.note}" if row.note else "",
        )
        label = format_html(
            '<text class="chart__row-label" x="{}" y="{}" font-size="13" fill="{}" '
            'dominant-baseline="middle">{}</text>',
            4,
            y + row_height / 2,
            INK,
            row.label if len(row.label) <= 38 else row.label[:37] + "…",
        )
        if row.href:
            parts.append(format_html('<a href="{}">{}{}</a>', row.href, label, bar))
        else:
            parts.append(label + bar)
    if today is not None and start <= today <= end:
        x = _fmt(x_of(today))
        parts.append(
            format_html(
                '<line class="chart__today" x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}" '
                'stroke-width="2" stroke-dasharray="4 3"><title>Today, {}</title></line>',
                x,
                x,
                top - 6,
                height - 4,
                LINE,
                f"{today:%-d %b %Y}",
            )
        )
    description = (
        f"{len(rows)} bars from {start:%-d %b %Y} to {end:%-d %b %Y}."
        if rows
        else "Nothing to show for these dates."
    )
    return format_html(
        '<svg class="chart chart--timeline" xmlns="http://www.w3.org/2000/svg" role="{role}" '
        'viewBox="0 0 {w} {h}" width="{w}" height="{h}" aria-labelledby="{id}-title {id}-desc">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{body}</svg>',
        # An image's children are hidden from assistive technology: with links inside, the
        # chart is a group, so each bar's link stays reachable (WCAG 4.1.2, axe nested-interactive).
        role="group" if any(row.href for row in rows) else "img",
        w=width,
        h=height,
        id=chart_id,
        title=title,
        desc=description,
        body=mark_safe("".join(parts)),  # every part was built by format_html
    )


# -- KPI charts: a sparkline for a card, a trend with its interval band and target path ---------

TARGET = "#8a4210"
MARKED = "#b42318"


def sparkline(
    values: Sequence[Number | None],
    *,
    title: str,
    description: str = "",
    width: int = 120,
    height: int = 32,
) -> SafeString:
    """A small line of the last values, oldest first, for a KPI card; None leaves a gap.

    It carries no axis: the card states the value, so the line only shows its direction. The
    title and description (default: the values, in order) are its accessible text."""
    chart_id = f"spark-{slugify(title)[:40] or 'line'}-{next(_ids)}"
    known = [float(v) for v in values if v is not None]
    pad = 3
    parts: list[str] = []
    if known:
        lo, hi = min(known), max(known)
        if hi == lo:
            lo, hi = lo - 1, hi + 1

        def x_of(index: int) -> float:
            return pad + (width - 2 * pad) * (index / (len(values) - 1) if len(values) > 1 else 0.5)

        def y_of(value: float) -> float:
            return pad + (height - 2 * pad) * (1 - (value - lo) / (hi - lo))

        for segment in _segments(list(enumerate(values))):
            coords = " ".join(f"{_fmt(x_of(i))},{_fmt(y_of(float(v)))}" for i, v in segment)
            if len(segment) > 1:
                parts.append(
                    format_html(
                        '<polyline class="chart__line" points="{}" fill="none" stroke="{}" '
                        'stroke-width="2" stroke-linejoin="round" stroke-linecap="round"/>',
                        coords,
                        LINE,
                    )
                )
        last = max(i for i, v in enumerate(values) if v is not None)
        parts.append(
            format_html(
                '<circle class="chart__point" cx="{}" cy="{}" r="3" fill="{}"/>',
                _fmt(x_of(last)),
                _fmt(y_of(float(values[last]))),
                LINE,
            )
        )
    desc = description or (
        "Oldest first: " + ", ".join("no data" if v is None else _fmt(float(v)) for v in values)
        if known
        else "No values yet."
    )
    return format_html(
        '<svg class="chart chart--spark" xmlns="http://www.w3.org/2000/svg" role="img" '
        'viewBox="0 0 {w} {h}" width="{w}" height="{h}" aria-labelledby="{id}-title {id}-desc">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{body}</svg>',
        w=width,
        h=height,
        id=chart_id,
        title=title,
        desc=desc,
        body=mark_safe("".join(parts)),  # every part was built by format_html
    )


def _segments(indexed: list[tuple[int, object]]) -> list[list[tuple[int, object]]]:
    """Runs of consecutive points that have a value: a missing period breaks the line."""
    runs: list[list[tuple[int, object]]] = [[]]
    for index, value in indexed:
        if value is None:
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append((index, value))
    return [run for run in runs if run]


@dataclass(frozen=True)
class TrendPoint:
    """One period of a KPI trend: its value and 95% interval (None: no responses), whether
    its sample is too small to trust (drawn hollow, said in its title), the value the target
    path expects there (None: no target), and where the point links (its responses)."""

    label: str
    value: Number | None
    low: Number | None = None
    high: Number | None = None
    marked: bool = False
    expected: Number | None = None
    href: str = ""
    note: str = ""


def _nice_step(span: float) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) giving about five ticks over `span`."""
    raw = span / 5
    power = 10 ** math.floor(math.log10(raw))
    return next(step * power for step in (1, 2, 2.5, 5, 10) if step * power >= raw)


def value_axis(
    values: Sequence[Number | None],
    *,
    floor: Number | None = None,
    ceiling: Number | None = None,
    unit: str = "",
) -> tuple[float, float, list[tuple[float, str]]]:
    """A value axis around `values` (None ignored) in round steps, never beyond what the KPI
    can take (`floor`, `ceiling`: -100..100 for NPS, 0..100 for a share, a mean's scale):
    (y_min, y_max, ticks as (value, label)), each label followed by `unit` ("%")."""
    found = [float(v) for v in values if v is not None]
    if not found:
        lo, hi = (float(floor), float(ceiling)) if None not in (floor, ceiling) else (0.0, 1.0)
    else:
        lo, hi = min(found), max(found)
        if hi == lo:
            lo, hi = lo - 1, hi + 1
    step = _nice_step(hi - lo)
    lo, hi = math.floor(lo / step) * step, math.ceil(hi / step) * step
    if floor is not None:
        lo = max(lo, float(floor))
    if ceiling is not None:
        hi = min(hi, float(ceiling))
    ticks, tick = [], lo
    while tick <= hi + 1e-9:
        ticks.append((tick, f"{tick:g}{unit}"))
        tick += step
    return lo, hi, ticks


def trend_chart(
    points: Sequence[TrendPoint],
    *,
    title: str,
    y_min: Number | None = None,
    y_max: Number | None = None,
    y_labels: Sequence[tuple[Number, str]] = (),
    floor: Number | None = None,
    ceiling: Number | None = None,
    target_label: str = "",
    description: str = "",
    value_format: str = "{:.1f}",
    axis_unit: str = "",
    width: int = 720,
    height: int = 280,
    label_width: int = 56,
) -> SafeString:
    """The KPI trend chart, one for every page that draws a KPI against its target: the value
    line, its 95% interval as a shaded band, the target path as a dashed line (labelled
    `target_label` at its end), and points of a small sample drawn hollow. A period without
    data leaves a gap. Points with an `href` are links (then the SVG is a group, so the links
    stay reachable).

    Without `y_min`/`y_max` the value axis is `value_axis` over every value, interval and
    target-path point, within `floor`..`ceiling`, its labels followed by `axis_unit`."""
    if y_min is None or y_max is None:
        y_min, y_max, y_labels = value_axis(
            [v for p in points for v in (p.value, p.low, p.high, p.expected)],
            floor=floor,
            ceiling=ceiling,
            unit=axis_unit,
        )
    if y_max <= y_min:
        raise ValueError("y_max must be greater than y_min.")
    chart_id = f"chart-{slugify(title)[:40] or 'trend'}-{next(_ids)}"
    top, right, bottom = 16, 20, 36
    left = label_width
    plot_w, plot_h = width - left - right, height - top - bottom
    lo, hi = float(y_min), float(y_max)
    count = len(points)
    inset = min(24, plot_w / 4)

    def y_of(value: Number) -> float:
        clamped = min(max(float(value), lo), hi)
        return top + plot_h * (1 - (clamped - lo) / (hi - lo))

    def x_of(index: int) -> float:
        if count == 1:
            return left + plot_w / 2
        return left + inset + (plot_w - 2 * inset) * index / (count - 1)

    parts: list[str] = []
    for value, text in y_labels:
        y = _fmt(y_of(value))
        parts.append(
            format_html(
                '<line class="chart__grid" x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}"/>'
                '<text class="chart__axis-label" x="{}" y="{}" text-anchor="end" '
                'dominant-baseline="middle" font-size="12" fill="{}">{}</text>',
                left,
                left + plot_w,
                y,
                y,
                GRID,
                left - 6,
                y,
                MUTED,
                text,
            )
        )
    banded = [(i, p) for i, p in enumerate(points) if p.value is not None and p.low is not None]
    for run in _segments([(i, p if (i, p) in banded else None) for i, p in enumerate(points)]):
        upper = [f"{_fmt(x_of(i))},{_fmt(y_of(p.high))}" for i, p in run]
        lower = [f"{_fmt(x_of(i))},{_fmt(y_of(p.low))}" for i, p in reversed(run)]
        if len(run) == 1:  # one period alone: a short vertical bar for its interval
            i, p = run[0]
            parts.append(
                format_html(
                    '<rect class="chart__band" x="{}" y="{}" width="8" height="{}" fill="{}"/>',
                    _fmt(x_of(i) - 4),
                    _fmt(y_of(p.high)),
                    _fmt(max(1.0, y_of(p.low) - y_of(p.high))),
                    BAND,
                )
            )
        else:
            parts.append(
                format_html(
                    '<polygon class="chart__band" points="{}" fill="{}"/>',
                    " ".join(upper + lower),
                    BAND,
                )
            )
    target = _segments([(i, p.expected) for i, p in enumerate(points)])
    for run in target:
        if len(run) > 1:
            parts.append(
                format_html(
                    '<polyline class="chart__target" points="{}" fill="none" stroke="{}" '
                    'stroke-width="2" stroke-dasharray="6 4"/>',
                    " ".join(f"{_fmt(x_of(i))},{_fmt(y_of(v))}" for i, v in run),
                    TARGET,
                )
            )
    if target_label and target:
        end, expected = target[-1][-1]
        parts.append(
            format_html(
                '<text class="chart__target-label" x="{}" y="{}" text-anchor="end" '
                'font-size="11" fill="{}">{}</text>',
                _fmt(x_of(end)),
                _fmt(y_of(expected) - 8),
                TARGET,
                target_label,
            )
        )
    for run in _segments([(i, p.value) for i, p in enumerate(points)]):
        if len(run) > 1:
            parts.append(
                format_html(
                    '<polyline class="chart__line" points="{}" fill="none" stroke="{}" '
                    'stroke-width="2.5" stroke-linejoin="round" stroke-linecap="round"/>',
                    " ".join(f"{_fmt(x_of(i))},{_fmt(y_of(v))}" for i, v in run),
                    LINE,
                )
            )
    shown = _x_label_indexes(count, plot_w)
    for index, point in enumerate(points):
        if index in shown:
            parts.append(
                format_html(
                    '<text class="chart__axis-label" x="{}" y="{}" text-anchor="middle" '
                    'font-size="12" fill="{}">{}</text>',
                    _fmt(x_of(index)),
                    height - 12,
                    MUTED,
                    point.label,
                )
            )
        if point.value is None:
            continue
        circle = format_html(
            '<circle class="chart__point{}" cx="{}" cy="{}" r="5" fill="{}" stroke="{}" '
            'stroke-width="2"><title>{}</title></circle>',
            " chart__point--marked" if point.marked else "",
            _fmt(x_of(index)),
            _fmt(y_of(point.value)),
            "#ffffff" if point.marked else LINE,
            MARKED if point.marked else "#ffffff",
            _point_text(point, value_format),
        )
        parts.append(
            format_html('<a href="{}">{}</a>', point.href, circle) if point.href else circle
        )
    linked = any(p.href and p.value is not None for p in points)
    return format_html(
        '<svg class="chart chart--trend" xmlns="http://www.w3.org/2000/svg" role="{role}" '
        'viewBox="0 0 {w} {h}" width="{w}" height="{h}" aria-labelledby="{id}-title {id}-desc">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>'
        '<line class="chart__axis" x1="{left}" x2="{left}" y1="{top}" y2="{base}" stroke="{ink}"/>'
        '<line class="chart__axis" x1="{left}" x2="{end}" y1="{base}" y2="{base}" stroke="{ink}"/>'
        "{body}</svg>",
        role="group" if linked else "img",
        w=width,
        h=height,
        id=chart_id,
        title=title,
        desc=description
        or ("; ".join(_point_text(p, value_format) for p in points) + "." if points else ""),
        left=left,
        top=top,
        base=top + plot_h,
        end=left + plot_w,
        ink=INK,
        body=mark_safe("".join(parts)),  # every part was built by format_html
    )


def _point_text(point: TrendPoint, value_format: str) -> str:
    if point.value is None:
        return f"{point.label}: no data"
    text = f"{point.label}: {value_format.format(point.value)}"
    if point.low is not None and point.high is not None:
        text += (
            f" (95% interval {value_format.format(point.low)} to {value_format.format(point.high)})"
        )
    if point.note:
        text += f", {point.note}"
    if point.marked:
        text += ", small sample"
    if point.expected is not None:
        text += f", target path {value_format.format(point.expected)}"
    return text


# -- Two series over the same periods, each on its own axis ------------------------------------

SECOND = "#6b3fa0"  # the right-hand series: apart from LINE in hue and in lightness


@dataclass(frozen=True)
class AxisSeries:
    """One series of a two-axis chart: its name (legend, axis and each point's title), its
    values, one per label, oldest first, and how a value is written."""

    name: str
    values: Sequence[Number]
    value_format: str = "{:.1f}"


def two_axis_chart(
    labels: Sequence[str],
    left: AxisSeries,
    right: AxisSeries,
    *,
    title: str,
    description: str = "",
    width: int = 720,
    height: int = 300,
) -> SafeString:
    """Two series over the same periods in one chart: `left` against the left axis (a line
    with round points), `right` against the right axis (a line with square points, another
    colour), each axis in round steps around its own values (`value_axis`) and in its series'
    colour, a legend above naming which is which. Every point's <title> tells its period and
    value; the description (default) lists both series period by period."""
    if not (len(labels) == len(left.values) == len(right.values)):
        raise ValueError("Each series needs one value per label.")
    chart_id = f"chart-{slugify(title)[:40] or 'two-axis'}-{next(_ids)}"
    top, bottom, side = 40, 36, 56
    plot_w, plot_h = width - 2 * side, height - top - bottom
    count = len(labels)
    inset = min(24, plot_w / 4)

    def x_of(index: int) -> float:
        if count == 1:
            return side + plot_w / 2
        return side + inset + (plot_w - 2 * inset) * index / (count - 1)

    def scale(series: AxisSeries):
        lo, hi, ticks = value_axis(series.values)

        def y_of(value: Number) -> float:
            return top + plot_h * (1 - (float(value) - lo) / (hi - lo))

        return y_of, ticks

    y_left, left_ticks = scale(left)
    y_right, right_ticks = scale(right)
    parts: list[str] = []
    for value, text in left_ticks:  # the grid follows the left axis
        y = _fmt(y_left(value))
        parts.append(
            format_html(
                '<line class="chart__grid" x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}"/>'
                '<text class="chart__axis-label" x="{}" y="{}" text-anchor="end" '
                'dominant-baseline="middle" font-size="12" fill="{}">{}</text>',
                side, side + plot_w, y, y, GRID, side - 6, y, LINE, text,
            )
        )  # fmt: skip
    for value, text in right_ticks:
        y = _fmt(y_right(value))
        parts.append(
            format_html(
                '<line class="chart__tick" x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}"/>'
                '<text class="chart__axis-label" x="{}" y="{}" text-anchor="start" '
                'dominant-baseline="middle" font-size="12" fill="{}">{}</text>',
                side + plot_w, side + plot_w + 4, y, y, SECOND, side + plot_w + 6, y, SECOND,
                text,
            )
        )  # fmt: skip
    shown = _x_label_indexes(count, plot_w)
    for index, label in enumerate(labels):
        if index in shown:
            parts.append(
                format_html(
                    '<text class="chart__axis-label" x="{}" y="{}" text-anchor="middle" '
                    'font-size="12" fill="{}">{}</text>',
                    _fmt(x_of(index)), height - 12, MUTED, label,
                )
            )  # fmt: skip
    drawn = ((left, y_left, LINE, False), (right, y_right, SECOND, True))
    for series, y_of, colour, square in drawn:
        coords = [(x_of(i), y_of(v)) for i, v in enumerate(series.values)]
        if len(coords) > 1:
            parts.append(
                format_html(
                    '<polyline class="chart__line" points="{}" fill="none" stroke="{}" '
                    'stroke-width="2.5" stroke-linejoin="round" stroke-linecap="round"/>',
                    " ".join(f"{_fmt(x)},{_fmt(y)}" for x, y in coords),
                    colour,
                )
            )
        for (x, y), label, value in zip(coords, labels, series.values, strict=True):
            said = f"{label}: {series.name} {series.value_format.format(value)}"
            parts.append(
                format_html(
                    '<rect class="chart__point" x="{}" y="{}" width="9" height="9" fill="{}" '
                    'stroke="#ffffff" stroke-width="2"><title>{}</title></rect>',
                    _fmt(x - 4.5), _fmt(y - 4.5), colour, said,
                )
                if square
                else format_html(
                    '<circle class="chart__point" cx="{}" cy="{}" r="5" fill="{}" '
                    'stroke="#ffffff" stroke-width="2"><title>{}</title></circle>',
                    _fmt(x), _fmt(y), colour, said,
                )
            )  # fmt: skip
    # The legend: which line reads against which axis.
    parts.append(
        format_html(
            '<g class="chart__legend" font-size="12" fill="{ink}">'
            '<line x1="{x0}" x2="{x1}" y1="14" y2="14" stroke="{c1}" stroke-width="2.5"/>'
            '<circle cx="{xm}" cy="14" r="4" fill="{c1}"/>'
            '<text x="{t1}" y="14" dominant-baseline="middle">{n1} (left axis)</text>'
            '<line x1="{x2}" x2="{x3}" y1="28" y2="28" stroke="{c2}" stroke-width="2.5"/>'
            '<rect x="{xs}" y="24" width="8" height="8" fill="{c2}"/>'
            '<text x="{t2}" y="28" dominant-baseline="middle">{n2} (right axis)</text></g>',
            ink=INK, c1=LINE, c2=SECOND, n1=left.name, n2=right.name,
            x0=side, x1=side + 24, xm=side + 12, t1=side + 30,
            x2=side, x3=side + 24, xs=side + 8, t2=side + 30,
        )
    )  # fmt: skip
    summary = "; ".join(
        f"{label}: {left.name} {left.value_format.format(a)}, "
        f"{right.name} {right.value_format.format(b)}"
        for label, a, b in zip(labels, left.values, right.values, strict=True)
    )
    base = top + plot_h
    return format_html(
        '<svg class="chart chart--two-axis" xmlns="http://www.w3.org/2000/svg" role="img" '
        'viewBox="0 0 {w} {h}" width="{w}" height="{h}" aria-labelledby="{id}-title {id}-desc">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>'
        '<line class="chart__axis" x1="{left}" x2="{left}" y1="{top}" y2="{base}" stroke="{c1}"/>'
        '<line class="chart__axis" x1="{end}" x2="{end}" y1="{top}" y2="{base}" stroke="{c2}"/>'
        '<line class="chart__axis" x1="{left}" x2="{end}" y1="{base}" y2="{base}" stroke="{ink}"/>'
        "{body}</svg>",
        w=width, h=height, id=chart_id, title=title,
        desc=description or (summary + "." if summary else "No values yet."),
        left=side, end=side + plot_w, top=top, base=base, c1=LINE, c2=SECOND, ink=INK,
        body=mark_safe("".join(parts)),  # every part was built by format_html
    )  # fmt: skip
