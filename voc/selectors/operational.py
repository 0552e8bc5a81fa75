"""Operational figures (churn, handle time, repeat contacts): each operational metric with its
latest entered periods, for their page and beside the experience metric each explains."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F, Window
from django.db.models.functions import RowNumber

from ..models import Metric, MetricKind, OperationalValue

# Periods shown per figure (a year of months and then some).
FIGURE_PERIODS = 15


@dataclass
class Figure:
    metric: Metric
    values: list[OperationalValue]  # newest period first, at most FIGURE_PERIODS

    @property
    def latest(self) -> OperationalValue | None:
        return self.values[0] if self.values else None


def operational_figures(
    *,
    explaining: Metric | None = None,
    periods: int = FIGURE_PERIODS,
    whole_company_only: bool = False,
) -> list[Figure]:
    """Every active operational metric (or those explaining `explaining`) with its latest
    `periods` entered values, newest first, the whole company's before the touchpoints' of
    the same period (or the whole company's only). Two queries, whatever the number of
    values."""
    metrics = Metric.objects.filter(kind=MetricKind.OPERATIONAL, is_active=True)
    if explaining is not None:
        metrics = metrics.filter(explains=explaining)
    metrics = list(metrics.select_related("explains").order_by("name"))
    entered = OperationalValue.objects.filter(metric__in=metrics)
    if whole_company_only:
        entered = entered.filter(touchpoint__isnull=True)
    newest_first = [
        F("period_start").desc(),
        F("granularity").asc(),
        F("touchpoint__name").asc(nulls_first=True),
    ]
    ranked = (
        entered.select_related("entered_by", "touchpoint")
        .annotate(rank=Window(RowNumber(), partition_by=[F("metric_id")], order_by=newest_first))
        .filter(rank__lte=periods)
        .order_by("metric_id", *newest_first)
    )
    values: dict[int, list[OperationalValue]] = {m.pk: [] for m in metrics}
    for value in ranked:
        values[value.metric_id].append(value)
    return [Figure(metric=m, values=values[m.pk]) for m in metrics]
