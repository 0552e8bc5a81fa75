"""Experience beside operational data: an experience metric and an operational figure over the
same periods, both series in one chart, with their correlations. Every role reads it (figures)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cxgov.charts import AxisSeries, two_axis_chart
from cxgov.forms import add_service_error
from cxgov.pages import require_role

from .. import selectors
from ..forms import CorrelationForm


def _chart(found) -> str:
    """Both series in one chart over their paired periods, each against its own axis."""
    experience, operational = found.experience, found.operational
    return two_axis_chart(
        [p.period_start.strftime("%b %y") for p in found.pairs],
        AxisSeries(_named(experience), [p.experience for p in found.pairs]),
        AxisSeries(_named(operational), [p.operational for p in found.pairs], "{:g}"),
        title=f"{experience.name} beside {operational.name}, {found.scope}, by period",
    )


def _named(metric) -> str:
    return f"{metric.name} ({metric.unit})" if metric.unit else metric.name


@require_GET
def correlation(request: HttpRequest) -> HttpResponse:
    require_role(request)
    form = CorrelationForm.from_query(request.GET)
    context: dict = {"form": form}
    if not form.is_valid():
        return render(request, "voc/correlation.html", context, status=400)
    try:
        found = selectors.experience_beside_operational(**form.cleaned_data)
    except ValidationError as refusal:
        # Valid choices the data cannot answer yet: the page says why, on the field.
        add_service_error(form, refusal)
        return render(request, "voc/correlation.html", context)
    context |= {"found": found, "chart": _chart(found)}
    return render(request, "voc/correlation.html", context)
