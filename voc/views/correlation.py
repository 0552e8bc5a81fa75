"""Experience beside operational data: an experience metric and an operational figure over the
same periods, both series charted, with their correlations. Every role reads it (figures)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cxgov.charts import line_chart, value_axis
from cxgov.forms import add_service_error
from cxgov.pages import require_role

from .. import selectors
from ..forms import CorrelationForm


def _chart(pairs, attr: str, metric) -> str:
    points = [(p.period_start.strftime("%b %y"), getattr(p, attr)) for p in pairs]
    values = [v for _, v in points]
    low, high, labels = value_axis(values)
    return line_chart(
        points,
        y_min=low,
        y_max=high,
        y_labels=labels,
        title=f"{metric.name} by period",
        description=f"{metric.name}, one value a period, oldest first.",
        width=640,
        height=200,
        value_format="{:.1f}",
    )


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
    context |= {
        "found": found,
        "experience_chart": _chart(found.pairs, "experience", found.experience),
        "operational_chart": _chart(found.pairs, "operational", found.operational),
    }
    return render(request, "voc/correlation.html", context)
