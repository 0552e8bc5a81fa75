"""voc reads that pages, the API and the nightly checks share. They read rollups, never raw
responses, in a number of queries that does not grow with the data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from cxgov.dates import today as cxgov_today
from governance.models import GovernanceBody, Meeting, MeetingStatus, Tier

from . import stats
from .models import Alert, DimensionKind, Direction, KpiRollup, KpiTarget
from .models.targets import TargetStatus
from .rollups import period_end, period_start

Series = tuple[int, str, str, int]  # metric id, granularity, dimension kind, dimension id


@dataclass(frozen=True)
class TargetReading:
    target: KpiTarget
    status: TargetStatus
    latest: KpiRollup | None
    previous: KpiRollup | None
    expected: float | None
    previous_status: TargetStatus

    @property
    def small_sample(self) -> bool:
        return self.latest is not None and self.latest.small_sample


def target_status(target: KpiTarget, rollup: KpiRollup | None) -> tuple[TargetStatus, float | None]:
    """The status of `target` given its period's rollup, and the value the path expects
    (TARGET_STATUS_RULE)."""
    if rollup is None or rollup.score is None:
        return TargetStatus.NO_DATA, None
    last_day = period_end(rollup.period_start, rollup.granularity) - dt.timedelta(days=1)
    expected = target.expected_on(last_day)
    higher = target.metric.direction == Direction.HIGHER
    value = rollup.score
    # The end of the interval nearest the path: the high end when higher is better.
    reach = rollup.high if higher else rollup.low
    if reach is None:
        reach = value

    def beyond(x: float) -> bool:
        return x >= expected if higher else x <= expected

    if beyond(value):
        return TargetStatus.ON_TRACK, expected
    if beyond(reach):
        return TargetStatus.AT_RISK, expected
    return TargetStatus.OFF_TRACK, expected


def latest_two(series: list[Series], *, on: dt.date) -> dict[Series, tuple[KpiRollup | None, ...]]:
    """For each series, its latest completed period before `on` and the period just before
    it: two queries, whatever the number of series."""
    if not series:
        return {}
    keys = {
        Q(
            metric_id=m,
            granularity=g,
            dimension_kind=k,
            dimension_id=i,
            period_start__lt=period_start(on, g),
        )
        for m, g, k, i in set(series)
    }
    latest = {
        (r["metric_id"], r["granularity"], r["dimension_kind"], r["dimension_id"]): r["latest"]
        for r in KpiRollup.objects.filter(reduce(or_, keys))
        .values("metric_id", "granularity", "dimension_kind", "dimension_id")
        .annotate(latest=Max("period_start"))
        .order_by()
    }
    wanted = []
    for (m, g, k, i), start in latest.items():
        before = period_start(start - dt.timedelta(days=1), g)
        wanted.append(
            Q(
                metric_id=m,
                granularity=g,
                dimension_kind=k,
                dimension_id=i,
                period_start__in=[start, before],
            )
        )
    rows: dict[tuple, KpiRollup] = {}
    if wanted:
        for row in KpiRollup.objects.filter(reduce(or_, wanted)).select_related("metric"):
            rows[
                (
                    row.metric_id,
                    row.granularity,
                    row.dimension_kind,
                    row.dimension_id,
                    row.period_start,
                )
            ] = row
    result = {}
    for key in series:
        start = latest.get(key)
        if start is None:
            result[key] = (None, None)
            continue
        before = period_start(start - dt.timedelta(days=1), key[1])
        result[key] = (rows.get((*key, start)), rows.get((*key, before)))
    return result


def targets_with_status(targets, *, on: dt.date | None = None) -> list[TargetReading]:
    on = on or cxgov_today()
    targets = list(targets.select_related("metric", "success_statement"))
    series = [_series(t) for t in targets]
    readings = latest_two(series, on=on)
    out = []
    for target, key in zip(targets, series, strict=True):
        latest, previous = readings[key]
        status, expected = target_status(target, latest)
        previous_status, _ = target_status(target, previous)
        out.append(TargetReading(target, status, latest, previous, expected, previous_status))
    return out


def target_readings(
    targets: list[KpiTarget], *, on: dt.date | None = None
) -> dict[int, TargetReading]:
    """Each target's reading by id, for an API page of targets: three queries, whatever the
    number of targets."""
    if not targets:
        return {}
    queryset = KpiTarget.objects.filter(pk__in=[t.pk for t in targets])
    return {r.target.pk: r for r in targets_with_status(queryset, on=on)}


# -- Alerts and the steering committee's meetings ------------------------------------------------


def steering_next_meeting(*, now: dt.datetime | None = None):
    """The next scheduled meeting of a steering committee still serving: the one an alert
    raised now is marked for. None when none is scheduled. One query."""
    committees = GovernanceBody.objects.active().filter(tier=Tier.STEERING_COMMITTEE)
    return (
        Meeting.objects.upcoming(now)
        .filter(body__in=committees)
        .select_related("body")
        .order_by("starts_at", "pk")
        .first()
    )


def alerts_not_yet_seen(*, now: dt.datetime | None = None) -> QuerySet[Alert]:
    """Alerts for the steering committee that no meeting has covered yet: marked for none
    (raised while none was scheduled), for one still ahead, or for one that was cancelled.
    Newest period first."""
    now = now or timezone.now()
    return (
        Alert.objects.filter(for_steering_committee=True)
        .filter(
            Q(meeting__isnull=True)
            | Q(meeting__starts_at__gte=now)
            | Q(meeting__status=MeetingStatus.CANCELLED)
        )
        .select_related("metric", "meeting", "meeting__body")
        .order_by("-period_start", "-pk")
    )


def alerts_for_meeting(*, meeting) -> QuerySet[Alert]:
    """What a steering committee meeting's KPI pack lists: the alerts marked for it, and
    those marked for no meeting raised before it starts."""
    return (
        Alert.objects.filter(for_steering_committee=True)
        .filter(Q(meeting=meeting) | Q(meeting__isnull=True, raised_at__lt=meeting.starts_at))
        .select_related("metric")
        .order_by("-period_start", "-pk")
    )


def _series(target: KpiTarget) -> Series:
    return (target.metric_id, target.granularity, target.dimension_kind, target.dimension_id)


def scope_name(dimension_kind: str, dimension_id: int) -> str:
    """'Overall', or the dimension value's name ('Touchpoint Checkout')."""
    if dimension_kind == DimensionKind.OVERALL:
        return "overall"
    from django.apps import apps

    model = {
        DimensionKind.TOUCHPOINT: apps.get_model("voc", "Touchpoint"),
        DimensionKind.CHANNEL: apps.get_model("voc", "Channel"),
        DimensionKind.SEGMENT: apps.get_model("voc", "Segment"),
        DimensionKind.BUSINESS_UNIT: apps.get_model("governance", "BusinessUnit"),
    }[dimension_kind]
    name = model.objects.filter(pk=dimension_id).values_list("name", flat=True).first()
    return f"{DimensionKind(dimension_kind).label.lower()} {name or dimension_id}"


def scope_names(keys) -> dict[tuple[str, int], str]:
    """`scope_name` for many (dimension kind, dimension id) pairs: one query per kind present,
    whatever the number of pairs."""
    from django.apps import apps

    models = {
        DimensionKind.TOUCHPOINT: apps.get_model("voc", "Touchpoint"),
        DimensionKind.CHANNEL: apps.get_model("voc", "Channel"),
        DimensionKind.SEGMENT: apps.get_model("voc", "Segment"),
        DimensionKind.BUSINESS_UNIT: apps.get_model("governance", "BusinessUnit"),
    }
    wanted: dict[str, set[int]] = {}
    for kind, pk in keys:
        if kind != DimensionKind.OVERALL:
            wanted.setdefault(kind, set()).add(pk)
    names: dict[tuple[str, int], str] = {}
    for kind, ids in wanted.items():
        found = dict(models[kind].objects.filter(pk__in=ids).values_list("pk", "name"))
        label = DimensionKind(kind).label.lower()
        for pk in ids:
            names[(kind, pk)] = f"{label} {found.get(pk, pk)}"
    return {
        (kind, pk): "overall" if kind == DimensionKind.OVERALL else names[(kind, pk)]
        for kind, pk in keys
    }


def change_between(earlier: KpiRollup, later: KpiRollup) -> stats.Difference | None:
    """The change from one period to the next, with the 95% interval of the difference."""
    return stats.difference(earlier.estimate(), later.estimate())


# -- Dashboards: KPI cards, trends, breakdowns and the responses behind a point -----------------
# Every read below is a fixed number of queries on KpiRollup (and the small dimension tables),
# whatever the number of responses; only the drill-down reads responses, one page at a time.

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
        return "overall" if self.kind == DimensionKind.OVERALL else f"{self.kind}:{self.id}"


def dimension_values() -> dict[str, list[tuple[int, str]]]:
    """Each dimension's values as (id, name), for the filters: four small queries."""
    from django.apps import apps

    models = {
        DimensionKind.TOUCHPOINT: apps.get_model("voc", "Touchpoint"),
        DimensionKind.CHANNEL: apps.get_model("voc", "Channel"),
        DimensionKind.SEGMENT: apps.get_model("voc", "Segment"),
        DimensionKind.BUSINESS_UNIT: apps.get_model("governance", "BusinessUnit"),
    }
    return {
        kind: list(model.objects.order_by("name").values_list("pk", "name"))
        for kind, model in models.items()
    }


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
    for reading in targets_with_status(scoped, on=on) if metrics else []:
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
    from .models import Response
    from .models.rollups import DIMENSION_COLUMN

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


def target_series(target: KpiTarget) -> Series:
    """The rollup series a target is read against: metric, granularity and scope."""
    return _series(target)


def _series_q(key: Series, **period) -> Q:
    metric_id, granularity, kind, dimension_id = key
    return Q(
        metric_id=metric_id,
        granularity=granularity,
        dimension_kind=kind,
        dimension_id=dimension_id,
        **period,
    )


def rollup_series(
    series: list[Series], *, since: dt.date, before: dt.date
) -> dict[Series, list[KpiRollup]]:
    """Each series' rollups for the periods starting on or after `since` and before `before`,
    oldest first: one query, whatever the number of series. A period with no rollup is
    simply missing (no data), never a zero."""
    result: dict[Series, list[KpiRollup]] = {key: [] for key in series}
    if not series:
        return result
    keys = {_series_q(key, period_start__gte=since, period_start__lt=before) for key in series}
    rows = (
        KpiRollup.objects.filter(reduce(or_, keys))
        .select_related("metric")
        .order_by("period_start")
    )
    for row in rows:
        key = (row.metric_id, row.granularity, row.dimension_kind, row.dimension_id)
        result[key].append(row)
    return result


def rollups_at(wanted) -> dict[tuple[Series, dt.date], KpiRollup]:
    """The rollup of each (series, period start) asked for, in one query; a period with no
    rollup is absent from the answer."""
    wanted = set(wanted)
    if not wanted:
        return {}
    keys = {_series_q(key, period_start=start) for key, start in wanted}
    return {
        (
            (row.metric_id, row.granularity, row.dimension_kind, row.dimension_id),
            row.period_start,
        ): row
        for row in KpiRollup.objects.filter(reduce(or_, keys)).select_related("metric")
    }
