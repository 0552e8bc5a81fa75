"""KPI targets read against their rollups: each target's status (TARGET_STATUS_RULE)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cxgov.dates import today as cxgov_today

from ..models import Direction, KpiRollup, KpiTarget
from ..models.targets import TargetStatus
from ..periods import period_end
from .dimensions import scope_names
from .rollups import Series, latest_two


@dataclass(frozen=True)
class TargetReading:
    target: KpiTarget
    status: TargetStatus
    latest: KpiRollup | None
    previous: KpiRollup | None
    expected: float | None
    previous_status: TargetStatus
    scope: str = "overall"  # the scope's name, as voc.models.scope_label gives it

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


def targets_with_status(targets, *, on: dt.date | None = None) -> list[TargetReading]:
    """Each target with its status and its scope's name: three queries, plus one per kind of
    scope present (touchpoints, channels...), whatever the number of targets."""
    on = on or cxgov_today()
    targets = list(targets.select_related("metric", "success_statement"))
    series = [target_series(t) for t in targets]
    readings = latest_two(series, on=on)
    names = scope_names({(t.dimension_kind, t.dimension_id) for t in targets})
    out = []
    for target, key in zip(targets, series, strict=True):
        latest, previous = readings[key]
        status, expected = target_status(target, latest)
        previous_status, _ = target_status(target, previous)
        scope = names[(target.dimension_kind, target.dimension_id)]
        out.append(
            TargetReading(target, status, latest, previous, expected, previous_status, scope)
        )
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


def target_series(target: KpiTarget) -> Series:
    """The rollup series a target is read against: metric, granularity and scope."""
    return (target.metric_id, target.granularity, target.dimension_kind, target.dimension_id)
