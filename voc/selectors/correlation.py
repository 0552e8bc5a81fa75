"""Experience beside operational data: an experience metric (NPS, CSAT, CES...) and an
operational one (churn, handle time, repeat contacts) over the same periods, with Pearson's
and Spearman's correlation, their 95% intervals (Fisher's z) and the number of periods they
rest on. Under 8 periods the evidence is weak; under 3 it is refused, naming the field.

Both are read at the same scope: overall (the whole company's operational figures) or one
touchpoint (the figures entered at that touchpoint), so the pairs are the same periods AND the
same dimension. One query."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q

from .. import stats
from ..models import DimensionKind, KpiRollup, Metric, MetricKind


@dataclass(frozen=True)
class PairedPeriod:
    period_start: dt.date
    experience: float
    operational: float


@dataclass
class ExperienceBeside:
    experience: Metric
    operational: Metric
    granularity: str
    scope: str
    pairs: list[PairedPeriod]
    pearson: stats.Correlation
    spearman: stats.Correlation

    @property
    def n(self) -> int:
        return len(self.pairs)

    @property
    def weak(self) -> bool:
        return self.n < stats.WEAK_PAIRED

    @property
    def last_period(self) -> dt.date:
        return self.pairs[-1].period_start

    @property
    def named(self) -> list[tuple[str, stats.Correlation]]:
        return [("Pearson's r", self.pearson), ("Spearman's rho", self.spearman)]

    @property
    def sentence(self) -> str:
        """What the Pearson figure says, in words: its direction when its interval excludes
        zero, else that it cannot be told from none."""
        r = self.pearson
        if r.low is None or r.low <= 0 <= r.high:
            return (
                f"The interval includes 0: over these {self.n} periods the two cannot be told "
                "apart from unrelated."
            )
        direction = "rises" if r.value > 0 else "falls"
        return (
            f"When {self.operational.name} is higher, {self.experience.name} {direction} with "
            "it, and the interval excludes 0; that is an association, not proof of a cause."
        )


def experience_beside_operational(
    *,
    experience: Metric,
    operational: Metric,
    granularity: str = "month",
    touchpoint: object | None = None,
    periods: int = 24,
) -> ExperienceBeside:
    """The last `periods` periods in which both metrics have a value at the scope (overall, or
    `touchpoint`), paired, and their correlations. A refusal names its field: `experience`
    (an operational metric), `operational` (not one), `periods` (fewer than 3 paired periods,
    or a series that does not vary)."""
    if experience.kind == MetricKind.OPERATIONAL:
        raise ValidationError(
            {"experience": f"{experience.name} is operational: choose an experience metric."}
        )
    if operational.kind != MetricKind.OPERATIONAL:
        raise ValidationError(
            {"operational": f"{operational.name} is not operational: choose churn, handle "
             "time, repeat contacts or another operational figure."}
        )  # fmt: skip
    scope = (
        Q(dimension_kind=DimensionKind.TOUCHPOINT, dimension_id=touchpoint.pk)
        if touchpoint is not None
        else Q(dimension_kind=DimensionKind.OVERALL)
    )
    rows = KpiRollup.objects.filter(
        scope,
        metric__in=[experience, operational],
        granularity=granularity,
        score__isnull=False,
    ).values_list("metric_id", "period_start", "score")
    values: dict[int, dict[dt.date, float]] = {experience.pk: {}, operational.pk: {}}
    for metric_id, period, score in rows:
        values[metric_id][period] = score
    both = sorted(set(values[experience.pk]) & set(values[operational.pk]))[-periods:]
    pairs = [PairedPeriod(p, values[experience.pk][p], values[operational.pk][p]) for p in both]
    where = f" at {touchpoint}" if touchpoint is not None else ""
    if len(pairs) < stats.MIN_PAIRED:
        counted = f"{len(pairs)} {granularity} period" + (" has" if len(pairs) == 1 else "s have")
        raise ValidationError(
            {
                "periods": f"Only {counted} both {experience.name} and {operational.name}"
                f"{where}: a correlation needs at least {stats.MIN_PAIRED}. Enter more "
                f"{operational.name} figures{where} or choose another granularity or scope."
            }
        )
    found = stats.correlations([p.experience for p in pairs], [p.operational for p in pairs])
    if found is None:
        raise ValidationError(
            {
                "periods": f"{experience.name} or {operational.name} has the same value in "
                f"each of these {len(pairs)} periods: there is nothing to correlate."
            }
        )
    return ExperienceBeside(
        experience=experience,
        operational=operational,
        granularity=granularity,
        scope=str(touchpoint) if touchpoint is not None else "overall",
        pairs=pairs,
        pearson=found[0],
        spearman=found[1],
    )
