"""How realistic a KPI target is: the change it asks per period, beside the largest change its
series has shown between two consecutive periods of the same length in its history, and the
responses per period needed to tell that change from noise (voc.stats, 80% power, 5%
significance). A target asking more than history ever gave is a stretch: said with the
numbers, never refused.

Read from the rollups (completed periods only), one query for any number of targets.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import reduce
from itertools import pairwise
from operator import or_

from cxgov.dates import today as cxgov_today
from cxgov.numbers import fixed

from .. import stats
from ..models import Direction, KpiRollup, KpiTarget
from ..periods import period_number, period_start
from ..stats import Estimator
from ..templatetags.voc_kpi import format_value
from .rollups import Series, _series_q

_PERIOD = {"day": ("day", "days"), "week": ("week", "weeks"), "month": ("month", "months")}
_PERIOD["quarter"] = ("quarter", "quarters")

# The rollup columns a realism reading needs: the score and what the spread is computed from.
_COLUMNS = ("period_start", "score", "n", "promoters", "detractors", "total", "total_squares")


@dataclass(frozen=True)
class Point:
    """One completed period of a series, as the rollups keep it."""

    period_start: dt.date
    score: float
    n: int = 0
    promoters: int = 0
    detractors: int = 0
    total: float = 0.0
    total_squares: float = 0.0


@dataclass(frozen=True)
class TargetRealism:
    periods: int  # from the baseline's period to the target date's period (at least 1)
    asked: float  # the better-way change asked per period (<= 0: nothing left to ask)
    largest: float | None  # the largest better-way change between consecutive periods
    largest_from: dt.date | None  # the earlier period of that change
    pairs: int  # consecutive periods with a value in the history
    sample_size: int | None  # responses per period to tell `asked` from noise
    latest_n: int | None  # responses in the latest completed period
    stretch: bool
    sentence: str

    def as_json(self) -> dict:
        return {
            "periods": self.periods,
            "asked_per_period": self.asked,
            "largest_change": self.largest,
            "largest_change_from": self.largest_from,
            "history_pairs": self.pairs,
            "sample_size_per_period": self.sample_size,
            "latest_n": self.latest_n,
            "stretch": self.stretch,
            "sentence": self.sentence,
        }


def pooled_variance(points: list[Point], estimator: Estimator) -> float | None:
    """The per-response variance within periods, pooled over the history (each period's sum
    of squared deviations over the sum of its n - 1), in the KPI's units squared: NPS in
    points, from its +1/0/-1 score. None without a period of two responses or more."""
    deviations, freedom = 0.0, 0
    for p in points:
        if p.n < 2:
            continue
        if estimator == Estimator.NPS:
            total, squares = p.promoters - p.detractors, p.promoters + p.detractors
        else:
            total, squares = p.total, p.total_squares
        deviations += max(0.0, squares - total * total / p.n)
        freedom += p.n - 1
    if not freedom:
        return None
    variance = deviations / freedom
    return variance * 100 * 100 if estimator == Estimator.NPS else variance


def largest_change(
    points: list[Point], granularity: str, *, higher: bool
) -> tuple[float | None, dt.date | None, int]:
    """The largest better-way change between two consecutive periods (a gap in the data
    breaks the pair: a change over two periods is not a change over one), the earlier
    period of it, and how many consecutive pairs there were."""
    best, best_from, pairs = None, None, 0
    for earlier, later in pairwise(points):
        if (
            period_number(later.period_start, granularity)
            - period_number(earlier.period_start, granularity)
            != 1
        ):
            continue
        pairs += 1
        change = later.score - earlier.score if higher else earlier.score - later.score
        if best is None or change > best:
            best, best_from = change, earlier.period_start
    return best, best_from, pairs


def _sample_size(target: KpiTarget, asked: float, points: list[Point]) -> int | None:
    estimator = target.metric.estimator
    if asked <= 0 or estimator == Estimator.VALUE:
        return None  # nothing to detect, or an entered figure with no sampling
    if estimator == Estimator.SHARE:
        higher = target.metric.direction == Direction.HIGHER
        start = target.baseline / 100
        end = start + (asked if higher else -asked) / 100
        if not (0 <= start <= 1 and 0 <= end <= 1):
            return None
        return stats.sample_size_two_proportions(start, end)
    variance = pooled_variance(points, estimator)
    if not variance:
        return None
    return stats.sample_size_two_means(asked, variance)


def target_realism(target: KpiTarget, points: list[Point]) -> TargetRealism:
    """The realism of `target` from its series' completed periods with a value, oldest first."""
    granularity = target.granularity
    one, many = _PERIOD.get(granularity, ("period", "periods"))
    periods = max(
        1,
        period_number(target.target_date, granularity)
        - period_number(target.baseline_period_start, granularity),
    )
    higher = target.metric.direction == Direction.HIGHER
    baseline = target.baseline
    signed = (target.target_value - baseline) / periods
    asked = signed if higher else -signed
    largest, largest_from, pairs = largest_change(points, granularity, higher=higher)
    sample_size = _sample_size(target, asked, points)
    latest_n = points[-1].n if points else None
    stretch = asked > 0 and largest is not None and asked > largest

    def value(x: float) -> str:
        return format_value(target.metric, x)

    def amount(x: float) -> str:
        # A share's change is in percentage points: "+0.7%" would read as a relative change.
        if target.metric.estimator == Estimator.SHARE:
            return f"{fixed(abs(x))} points"
        return value(abs(x)).lstrip("+")

    def change(x: float) -> str:
        way = ("+" if x >= 0 else "−") if higher else ("−" if x >= 0 else "+")
        return f"{way}{amount(x)}"

    span = f"{periods} {one if periods == 1 else many}"
    if asked <= 0:
        sentence = (
            f"The baseline {value(baseline)} already meets the target {value(target.target_value)}:"
            " it asks no further change."
        )
        return TargetRealism(
            periods, asked, largest, largest_from, pairs, None, latest_n, False, sentence
        )
    parts = [
        f"It asks {change(asked)} a {one} for {span} "
        f"(from {value(baseline)} to {value(target.target_value)})."
    ]
    if largest is None:
        parts.append(f"The history has no two consecutive {many} with a value to compare with.")
    else:
        when = f"{largest_from:%b %Y}" if granularity in ("month", "quarter") else f"{largest_from}"
        pair_text = f"{pairs} pair{'s' if pairs != 1 else ''} of consecutive {many}"
        if stretch:
            parts.append(
                f"A stretch: the largest change from one {one} to the next in {pair_text} "
                f"was {change(largest)} (from {when})."
            )
        else:
            parts.append(
                f"History has given as much: the largest change from one {one} to the next in "
                f"{pair_text} was {change(largest)} (from {when})."
            )
    if sample_size is not None:
        latest = f"; the latest {one} had {latest_n:,}" if latest_n is not None else ""
        parts.append(
            f"Telling a change of {amount(asked)} from noise between two {many} takes "
            f"{sample_size:,} responses a {one} (80% power, 5% significance){latest}."
        )
    elif target.metric.estimator != Estimator.VALUE:
        parts.append(
            "No sample size yet: the history has no period with two responses or more to "
            "measure the spread from."
        )
    return TargetRealism(
        periods,
        asked,
        largest,
        largest_from,
        pairs,
        sample_size,
        latest_n,
        stretch,
        " ".join(parts),
    )


def targets_realism(
    targets: list[KpiTarget], *, on: dt.date | None = None
) -> dict[int, TargetRealism]:
    """Each target's realism by id, from its series' completed periods before `on`: one
    query, whatever the number of targets."""
    if not targets:
        return {}
    on = on or cxgov_today()

    def key(t: KpiTarget) -> Series:
        return (t.metric_id, t.granularity, t.dimension_kind, t.dimension_id)

    wanted = {key(t): period_start(on, t.granularity) for t in targets}
    query = reduce(or_, (_series_q(k, period_start__lt=current) for k, current in wanted.items()))
    history: dict[Series, list[Point]] = {k: [] for k in wanted}
    rows = (
        KpiRollup.objects.filter(query, score__isnull=False)
        .order_by("period_start")
        .values_list("metric_id", "granularity", "dimension_kind", "dimension_id", *_COLUMNS)
    )
    for row in rows:
        history[row[:4]].append(Point(*row[4:]))
    return {t.pk: target_realism(t, history[key(t)]) for t in targets}
