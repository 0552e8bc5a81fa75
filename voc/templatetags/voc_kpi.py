"""How a KPI value reads on a page: NPS in signed points, a share in percent, a mean with two
decimals, an operational figure in its unit."""

from __future__ import annotations

from django import template

from cxgov.numbers import fixed, signed
from voc.stats import Estimator

register = template.Library()


def format_value(metric, value: float | None) -> str:
    if value is None:
        return "—"
    estimator = metric.estimator
    if estimator == Estimator.NPS:
        return signed(value, minus="−")
    if estimator == Estimator.SHARE:
        return f"{fixed(value)}%"
    if estimator == Estimator.MEAN:
        return fixed(value, 2)
    return f"{value:g}{' ' + metric.unit if metric.unit else ''}"


@register.filter
def kpi(value: float | None, metric) -> str:
    """{{ reading.value|kpi:metric }}"""
    return format_value(metric, value)
