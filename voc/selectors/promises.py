"""The promise check: each CX promise beside the measured reality, the promise's metric at its
touchpoint in the last complete period with its 95% interval, held against the KPI target for
that metric at that touchpoint by the one status rule every target page uses
(voc.selectors.target_status, TARGET_STATUS_RULE):

- kept: the value is on or beyond the target's path;
- short, within the noise: the value falls short but the interval still reaches the path;
- contradicted: the whole interval falls short of the path (reality contradicts the promise
  outside the noise); only these are flagged to the core team and in the steering pack;
- too little data: no response in the period, or fewer than the minimum sample: not judged;
- no target: nothing says what keeping it means; the reality is shown all the same.

Three queries, whatever the number of promises."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.conf import settings
from django.db.models import Q

from cxgov.dates import today as cxgov_today
from cxgov.numbers import fixed

from ..models import DimensionKind, Granularity, KpiRollup, KpiTarget, Promise, PromiseVerdict
from ..models.targets import TargetStatus
from ..periods import period_start
from .rollups import rollups_at
from .targets import target_status

VERDICT_OF_STATUS = {
    TargetStatus.ON_TRACK: PromiseVerdict.KEPT,
    TargetStatus.AT_RISK: PromiseVerdict.WITHIN_NOISE,
    TargetStatus.OFF_TRACK: PromiseVerdict.CONTRADICTED,
}


@dataclass(frozen=True)
class PromiseReading:
    promise: Promise
    target: KpiTarget | None
    granularity: str
    period_start: dt.date
    rollup: KpiRollup | None
    verdict: PromiseVerdict
    expected: float | None  # what the target's path expects in the period

    @property
    def contradicted(self) -> bool:
        return self.verdict == PromiseVerdict.CONTRADICTED

    @property
    def value(self) -> float | None:
        return None if self.rollup is None else self.rollup.score

    @property
    def period_label(self) -> str:
        if self.granularity == Granularity.MONTH:
            return f"{self.period_start:%B %Y}"
        if self.granularity == Granularity.QUARTER:
            return f"Q{(self.period_start.month - 1) // 3 + 1} {self.period_start.year}"
        if self.granularity == Granularity.WEEK:
            return f"the week of {self.period_start:%-d %b %Y}"
        return f"{self.period_start:%-d %b %Y}"

    @property
    def occasion(self) -> str:
        """What the core team's notice is about: this promise in this period (once each)."""
        return f"promise:{self.promise.pk}:{self.granularity}:{self.period_start.isoformat()}"

    @property
    def sentence(self) -> str:
        """The verdict as the pages, the pack and the notice say it."""
        metric, where = self.promise.metric, self.promise.touchpoint
        rollup, period = self.rollup, self.period_label
        if rollup is None or rollup.score is None:
            return (
                f"Too little data: no {metric.name} response at {where} in {period}, so "
                "the promise cannot be checked."
            )
        value = _number(rollup.score)
        interval = (
            f" (95% interval {_number(rollup.low)} to {_number(rollup.high)}, n = {rollup.n})"
            if rollup.low is not None and rollup.high is not None
            else f" (n = {rollup.n})"
        )
        measured = f"{metric.name} at {where} was {value} in {period}{interval}"
        if self.verdict == PromiseVerdict.TOO_LITTLE_DATA:
            return (
                f"Too little data: {measured}; fewer than the "
                f"{settings.CXGOV_VOC_MIN_SAMPLE} responses a judgement needs, so it is not "
                "judged."
            )
        if self.verdict == PromiseVerdict.NO_TARGET:
            return (
                f"{measured}. No KPI target for {metric.name} at {where} says what keeping "
                "it means: set one on a success statement to check it."
            )
        path = f"the {_number(self.expected)} the target's path expects"
        if self.verdict == PromiseVerdict.KEPT:
            return f"Kept: {measured}, on or beyond {path}."
        if self.verdict == PromiseVerdict.WITHIN_NOISE:
            return (
                f"Not contradicted: {measured} falls short of {path}, but the interval "
                "still reaches it: the gap may be noise."
            )
        return (
            f"Contradicted: {measured}; the whole interval falls short of {path}, outside "
            "the noise."
        )


def _number(value: float | None) -> str:
    return "—" if value is None else fixed(value)


def last_complete_period(granularity: str, *, on: dt.date) -> dt.date:
    """The start of the last period that ended before `on`'s period began."""
    return period_start(period_start(on, granularity) - dt.timedelta(days=1), granularity)


def _target_for(targets: list[KpiTarget], *, on: dt.date) -> KpiTarget | None:
    """Of the targets for one metric at one touchpoint (several success statements may set
    one), the one due soonest and not yet past; else the one that ended last."""
    if not targets:
        return None
    ahead = [t for t in targets if t.target_date >= on]
    if ahead:
        return min(ahead, key=lambda t: (t.target_date, t.pk))
    return max(targets, key=lambda t: (t.target_date, t.pk))


def promise_readings(promises, *, on: dt.date | None = None) -> list[PromiseReading]:
    """Each promise (a queryset, in its order) with its reality and verdict. Three queries."""
    on = on or cxgov_today()
    promises = list(promises.select_related("metric", "touchpoint"))
    if not promises:
        return []
    pairs = {(p.metric_id, p.touchpoint_id) for p in promises}
    found: dict[tuple[int, int], list[KpiTarget]] = {}
    query = reduce(or_, (Q(metric_id=m, dimension_id=t) for m, t in pairs))
    targets = KpiTarget.objects.filter(query, dimension_kind=DimensionKind.TOUCHPOINT)
    for target in targets.select_related("metric"):
        found.setdefault((target.metric_id, target.dimension_id), []).append(target)
    chosen = {}
    wanted = set()
    for p in promises:
        target = _target_for(found.get((p.metric_id, p.touchpoint_id), []), on=on)
        granularity = target.granularity if target else Granularity.MONTH
        start = last_complete_period(granularity, on=on)
        key = (p.metric_id, granularity, DimensionKind.TOUCHPOINT.value, p.touchpoint_id)
        chosen[p.pk] = (target, granularity, start, key)
        wanted.add((key, start))
    rollups = rollups_at(wanted)
    readings = []
    for p in promises:
        target, granularity, start, key = chosen[p.pk]
        rollup = rollups.get((key, start))
        expected = None
        if rollup is None or rollup.score is None or rollup.small_sample:
            verdict = PromiseVerdict.TOO_LITTLE_DATA
        elif target is None:
            verdict = PromiseVerdict.NO_TARGET
        else:
            status, expected = target_status(target, rollup)
            verdict = VERDICT_OF_STATUS[status]
        readings.append(
            PromiseReading(
                promise=p,
                target=target,
                granularity=granularity,
                period_start=start,
                rollup=rollup,
                verdict=verdict,
                expected=expected,
            )
        )
    return readings


def promise_board(*, on: dt.date | None = None, active_only: bool = False) -> list[PromiseReading]:
    """Every promise (active ones first), as the promises page, the pack and the check read
    them. Three queries."""
    promises = Promise.objects.order_by("-is_active", "statement", "pk")
    if active_only:
        promises = promises.filter(is_active=True)
    return promise_readings(promises, on=on)
