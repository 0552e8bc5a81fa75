"""KPI targets read against their rollups: each target's status (TARGET_STATUS_RULE), its
projection to the target date (voc.projection), and the one sentence that reconciles the two.

The status says where the KPI is today against the straight path from the baseline; the
projection says where the trend of its last periods is heading by the target date. They can
disagree (behind the path but rising fast, or ahead of it but flattening), so every page that
shows both shows `TargetOutlook.sentence` beside them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import Q

from cxgov.dates import today as cxgov_today
from cxgov.numbers import fixed

from ..models import Direction, Granularity, KpiRollup, KpiTarget
from ..models.targets import TargetStatus
from ..periods import period_end, period_number, period_start
from ..projection import WINDOW, Projection, chance_text, project
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
    outlook: TargetOutlook | None = field(default=None)  # with_outlook=True only

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


def targets_with_status(
    targets, *, on: dt.date | None = None, with_outlook: bool = False
) -> list[TargetReading]:
    """Each target with its status and its scope's name: three queries, plus one per kind of
    scope present (touchpoints, channels...), whatever the number of targets; with
    `with_outlook`, one more for every target's last periods and its TargetOutlook."""
    on = on or cxgov_today()
    targets = list(targets.select_related("metric", "success_statement"))
    series = [target_series(t) for t in targets]
    readings = latest_two(series, on=on)
    names = scope_names({(t.dimension_kind, t.dimension_id) for t in targets})
    windows = target_windows(targets, on=on, periods=WINDOW) if with_outlook else {}
    out = []
    for target, key in zip(targets, series, strict=True):
        latest, previous = readings[key]
        status, expected = target_status(target, latest)
        previous_status, _ = target_status(target, previous)
        scope = names[(target.dimension_kind, target.dimension_id)]
        outlook = target_outlook(target, windows.get(key, [])) if with_outlook else None
        out.append(
            TargetReading(
                target, status, latest, previous, expected, previous_status, scope, outlook
            )
        )
    return out


# -- The projection, and the sentence that reconciles it with the status ---------------------


def _periods_back(start: dt.date, granularity: str, count: int) -> dt.date:
    for _ in range(count):
        start = period_start(start - dt.timedelta(days=1), granularity)
    return start


def target_windows(
    targets: list[KpiTarget], *, on: dt.date, periods: int
) -> dict[Series, list[KpiRollup]]:
    """Each target's series: its completed periods with a value, oldest first, reaching
    `periods` back from the period holding `on` (which is not complete yet). One query for
    all targets."""
    if not targets:
        return {}
    keys = {}
    for t in targets:
        current = period_start(on, t.granularity)
        keys[target_series(t)] = (_periods_back(current, t.granularity, periods), current)
    query = reduce(
        or_,
        (
            Q(
                metric_id=m,
                granularity=g,
                dimension_kind=k,
                dimension_id=i,
                period_start__gte=first,
                period_start__lt=current,
            )
            for (m, g, k, i), (first, current) in keys.items()
        ),
    )
    rows: dict[Series, list[KpiRollup]] = {key: [] for key in keys}
    for row in (
        KpiRollup.objects.filter(query, score__isnull=False)
        .select_related("metric")
        .order_by("period_start")
    ):
        rows[(row.metric_id, row.granularity, row.dimension_kind, row.dimension_id)].append(row)
    return rows


@dataclass(frozen=True)
class TargetOutlook:
    status: TargetStatus
    expected: float | None  # what the straight path expects in the latest period
    projection: Projection
    sentence: str  # today's position and the trend's projection, reconciled

    @property
    def disagree(self) -> bool:
        """The status and the chance point different ways (on track but under an even
        chance, or behind the path with an even chance or better)."""
        p = self.projection.probability
        if p is None or self.status == TargetStatus.NO_DATA:
            return False
        return (self.status == TargetStatus.ON_TRACK) != (p >= 0.5)

    def as_json(self) -> dict:
        return {
            "status": self.status.value,
            "expected": self.expected,
            "projection": self.projection.as_json(),
            "sentence": self.sentence,
            "disagree": self.disagree,
        }


_PERIOD_NAMES = {
    Granularity.DAY: ("day", "days"),
    Granularity.WEEK: ("week", "weeks"),
    Granularity.MONTH: ("month", "months"),
    Granularity.QUARTER: ("quarter", "quarters"),
}


def target_outlook(target: KpiTarget, series: list[KpiRollup]) -> TargetOutlook:
    """Status and projection of `target` from its series (completed periods with a value,
    oldest first; the last WINDOW used), with the sentence that puts them side by side:
    where the latest value stands against the straight path today, and where the trend
    reaches by the target date."""
    latest = series[-1] if series else None
    status, expected = target_status(target, latest)
    higher = target.metric.direction == Direction.HIGHER
    shown = series[-WINDOW:]
    projection = project(
        [(period_number(r.period_start, r.granularity), r.score) for r in shown],
        target_x=period_number(target.target_date, target.granularity),
        target=target.target_value,
        higher_is_better=higher,
    )
    if latest is None or expected is None:
        return TargetOutlook(status, expected, projection, "No period of this target has data yet.")
    value = latest.score
    ahead = value >= expected if higher else value <= expected
    if value == expected:
        position = f"on the {fixed(expected)} the straight path expects"
    else:
        position = (
            f"{'ahead of' if ahead else 'behind'} the {fixed(expected)} the straight path expects"
        )
    noise = " (within the noise of its 95% interval)" if status == TargetStatus.AT_RISK else ""
    today = (
        f"{status.label} today: {fixed(value)} in {latest.period_start:%b %Y} is {position}{noise}"
    )
    if projection.probability is None:
        return TargetOutlook(
            status, expected, projection, f"{today}; no projection: {projection.reason}."
        )
    reaches = (
        projection.projected >= target.target_value
        if higher
        else projection.projected <= target.target_value
    )
    one, many = _PERIOD_NAMES.get(target.granularity, ("period", "periods"))
    chance = chance_text(projection.probability)
    outlook = TargetOutlook(status, expected, projection, "")
    joint = "but" if outlook.disagree else "and"
    trend = (
        f"the trend of the last {projection.periods} {many if projection.periods != 1 else one} "
        f"reaches {fixed(projection.projected)} by {target.target_date:%b %Y}, "
        f"{'past' if reaches else 'short of'} the target of {target.target_value:g}: "
        f"a chance of {chance} of reaching it"
    )
    return TargetOutlook(status, expected, projection, f"{today}, {joint} {trend}.")


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


# The fields a target's history gives back when it is read as it stood on a past date.
_AS_OF_FIELDS = (
    "granularity",
    "baseline_value",
    "baseline_period_start",
    "target_value",
    "target_date",
)


def targets_as_of(targets: list[KpiTarget], at: dt.datetime) -> list[KpiTarget]:
    """The targets as they stood at `at`, from their audit history: the values of each one's
    last change by then; a target first recorded after `at` is left out; one with no history
    at all (loaded in bulk) is kept as it is. One query."""
    if not targets:
        return []
    then: dict[int, object | None] = {}
    for row in KpiTarget.history.filter(id__in=[t.pk for t in targets]).order_by(
        "id", "history_date", "history_id"
    ):
        if row.history_date <= at:
            then[row.id] = row if row.history_type != "-" else None
        else:
            then.setdefault(row.id, None)  # first recorded after `at`: not there yet
    kept = []
    for target in targets:
        if target.pk not in then:
            kept.append(target)
            continue
        row = then[target.pk]
        if row is None:
            continue
        changed = [f for f in _AS_OF_FIELDS if getattr(row, f) != getattr(target, f)]
        for name in changed:
            setattr(target, name, getattr(row, name))
        if {"granularity", "baseline_period_start"} & set(changed):
            target.__dict__.pop("measured_baseline", None)  # read again for the old period
        kept.append(target)
    return kept
