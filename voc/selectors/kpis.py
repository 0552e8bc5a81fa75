"""Dashboards: KPI cards, trends, breakdowns and the responses behind a point.

Every read is a fixed number of queries on KpiRollup (and the small dimension tables),
whatever the number of responses; only the drill-down reads responses, one page at a time."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from cxgov.dates import today as cxgov_today

from .. import stats
from ..models import DimensionKind, KpiRollup, KpiTarget, scope_key
from ..periods import period_end, period_start
from .targets import TargetReading, targets_with_status

MAX_PERIODS = 400  # a year of days; more points than a chart can show
DEFAULT_SPAN = {"day": 60, "week": 26, "month": 12, "quarter": 8}


def period_label(start: dt.date, granularity: str) -> str:
    """How a page names a period: '2 Mar 2026', 'week of 2 Mar 2026', 'March 2026', 'Q1 2026'."""
    if granularity == "quarter":
        return f"Q{(start.month - 1) // 3 + 1} {start.year}"
    if granularity == "month":
        return f"{start:%B %Y}"
    day = f"{start.day} {start:%b %Y}"
    return f"week of {day}" if granularity == "week" else day


def period_starts(first: dt.date, last: dt.date, granularity: str) -> list[dt.date]:
    """The starts of every period from the one containing `first` to the one containing `last`."""
    starts, start = [], period_start(first, granularity)
    while start <= last and len(starts) <= MAX_PERIODS:
        starts.append(start)
        start = period_end(start, granularity)
    return starts


def default_range(granularity: str, *, on: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The periods a dashboard shows when none are asked for: the last DEFAULT_SPAN of them."""
    on = on or cxgov_today()
    start = period_start(on, granularity)
    for _ in range(DEFAULT_SPAN[granularity] - 1):
        start = period_start(start - dt.timedelta(days=1), granularity)
    return start, on


@dataclass(frozen=True)
class Scope:
    """Which responses a KPI counts: all of them, or one dimension value's."""

    kind: str = DimensionKind.OVERALL
    id: int = 0
    name: str = "All responses"

    @property
    def key(self) -> str:
        return scope_key(self.kind, self.id)


@dataclass(frozen=True)
class Reading:
    """One KPI value as every page shows it: never bare, always with its interval and n."""

    rollup: KpiRollup
    granularity: str

    @property
    def period(self) -> dt.date:
        return self.rollup.period_start

    @property
    def label(self) -> str:
        return period_label(self.rollup.period_start, self.granularity)

    @property
    def value(self) -> float | None:
        return self.rollup.score

    @property
    def low(self) -> float | None:
        return self.rollup.low

    @property
    def high(self) -> float | None:
        return self.rollup.high

    @property
    def n(self) -> int:
        return self.rollup.n

    @property
    def small_sample(self) -> bool:
        return self.rollup.small_sample

    @property
    def entered(self) -> bool:
        """An operational figure: entered, not sampled, so it has no interval."""
        return self.rollup.estimator == stats.Estimator.VALUE


@dataclass
class KpiSeries:
    metric: Any
    scope: Scope
    granularity: str
    starts: list[dt.date]
    readings: list[Reading | None]  # one per period, None where there is no data
    targets: list[TargetReading]

    @property
    def latest(self) -> Reading | None:
        return next((r for r in reversed(self.readings) if r is not None), None)

    @property
    def target(self) -> TargetReading | None:
        """The target whose path the trend draws: the first of this metric and scope."""
        return self.targets[0] if self.targets else None

    def expected(self, start: dt.date) -> float | None:
        target = self.target
        if target is None:
            return None
        last_day = period_end(start, self.granularity) - dt.timedelta(days=1)
        return target.target.expected_on(last_day)


def kpi_series(
    *,
    metrics: list,
    granularity: str,
    first: dt.date,
    last: dt.date,
    scope: Scope,
    on: dt.date | None = None,
) -> list[KpiSeries]:
    """Each metric's rollups for the periods first..last in one scope, with the statuses of
    its targets in that scope: four queries, whatever the number of metrics, periods or
    responses."""
    starts = period_starts(first, last, granularity)
    by_metric = {m.pk: m for m in metrics}
    rows: dict[tuple[int, dt.date], KpiRollup] = {}
    if metrics and starts:
        for row in KpiRollup.objects.filter(
            metric_id__in=by_metric,
            granularity=granularity,
            dimension_kind=scope.kind,
            dimension_id=scope.id,
            period_start__gte=starts[0],
            period_start__lte=starts[-1],
        ):
            row.metric = by_metric[row.metric_id]  # no query per row
            rows[(row.metric_id, row.period_start)] = row
    targets: dict[int, list[TargetReading]] = {}
    scoped = KpiTarget.objects.filter(
        metric_id__in=by_metric, dimension_kind=scope.kind, dimension_id=scope.id
    ).order_by("target_date", "pk")
    for reading in targets_with_status(scoped, on=on, with_outlook=True) if metrics else []:
        targets.setdefault(reading.target.metric_id, []).append(reading)
    return [
        KpiSeries(
            metric=metric,
            scope=scope,
            granularity=granularity,
            starts=starts,
            readings=[
                Reading(rows[(metric.pk, s)], granularity) if (metric.pk, s) in rows else None
                for s in starts
            ],
            targets=targets.get(metric.pk, []),
        )
        for metric in metrics
    ]


@dataclass(frozen=True)
class BreakdownRow:
    dimension_id: int
    name: str
    reading: Reading | None


def kpi_breakdown(
    *, metric, granularity: str, period: dt.date, kind: str, names: list[tuple[int, str]]
) -> list[BreakdownRow]:
    """One period of `metric` cut by each value of one dimension (`names`: its values, as
    dimension_values() gives them): one query. Values with responses come first, by n."""
    rows = {
        row.dimension_id: row
        for row in KpiRollup.objects.filter(
            metric=metric, granularity=granularity, dimension_kind=kind, period_start=period
        )
    }
    for row in rows.values():
        row.metric = metric
    out = [
        BreakdownRow(pk, name, Reading(rows[pk], granularity) if pk in rows else None)
        for pk, name in names
    ]
    return sorted(out, key=lambda r: (r.reading is None, -(r.reading.n if r.reading else 0)))


def kpi_point(*, metric, granularity: str, period: dt.date, scope: Scope) -> KpiRollup | None:
    """The rollup row behind one point of a chart (its n bounds the drill-down's pages)."""
    row = KpiRollup.objects.filter(
        metric=metric,
        granularity=granularity,
        period_start=period,
        dimension_kind=scope.kind,
        dimension_id=scope.id,
    ).first()
    if row is not None:
        row.metric = metric
    return row


def point_responses(*, metric, granularity: str, period: dt.date, scope: Scope):
    """The responses behind one point: the metric's, in the period (in its reporting time
    zone), in the scope; newest first, on the (metric, responded_at) index."""
    from ..models import Response
    from ..models.rollups import DIMENSION_COLUMN

    zone = metric.time_zone
    begins = dt.datetime.combine(period, dt.time(), tzinfo=zone)
    ends = dt.datetime.combine(period_end(period, granularity), dt.time(), tzinfo=zone)
    responses = Response.objects.filter(
        metric=metric, responded_at__gte=begins, responded_at__lt=ends
    )
    if scope.kind != DimensionKind.OVERALL:
        responses = responses.filter(**{DIMENSION_COLUMN[scope.kind]: scope.id})
    return responses.select_related("touchpoint", "channel", "segment", "business_unit").order_by(
        "-responded_at", "-id"
    )
