"""Server-rendered SVG charts: accessible, printable, no script and no inline style (CSP).

Every chart in cxgov comes from here. Colours are SVG presentation attributes, so a stylesheet
rule on the `chart__*` classes can still override them, and print keeps them.
"""

from __future__ import annotations

import datetime as dt
import itertools
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


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


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
) -> SafeString:
    """A line chart of labelled values, oldest first, as an inline <svg>.

    `points` are (x label, value); x positions are evenly spaced. `y_labels` are (value, text)
    pairs drawn as grid lines. `title` and `description` become the SVG's <title> and <desc>
    (its accessible name and description); each point carries its own <title> too, so a
    screen reader or a hover tells the exact value. Values outside y_min..y_max are clamped.
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
    # Thin the x labels so they never overlap: about one per 70 units of width.
    step = max(1, -(-len(points) // max(1, plot_w // 70)))
    for index, (label, _value) in enumerate(points):
        if index % step and index != len(points) - 1:
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
            f"{row.start:%d %b %Y}",
            f"{row.end:%d %b %Y}",
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
                f"{today:%d %b %Y}",
            )
        )
    description = (
        f"{len(rows)} bars from {start:%d %b %Y} to {end:%d %b %Y}."
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
