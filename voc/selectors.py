"""voc reads that pages, the API and the nightly checks share. They read rollups, never raw
responses, in a number of queries that does not grow with the data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Max, Q

from cxgov.dates import today as cxgov_today

from . import stats
from .models import DimensionKind, Direction, KpiRollup, KpiTarget
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
