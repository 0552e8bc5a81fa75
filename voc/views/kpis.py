"""KPI pages: the dashboard's cards and a metric's trend and breakdown.

Both read rollups only (voc.selectors), in a number of queries that does not grow with the
responses.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from cxgov import charts
from cxgov.caching import cached_page
from cxgov.pages import require_role, swaps

from .. import permissions as rules
from .. import selectors
from ..forms import BreakdownForm, KpiFilterForm
from ..models import KpiRollup, Metric
from ..models.targets import TARGET_STATUS_RULE
from ..templatetags.voc_kpi import format_value

# -- Dashboard ------------------------------------------------------------------------------------


def _filters(request: HttpRequest, form_class=KpiFilterForm):
    data = request.GET.copy()
    data.setdefault("granularity", "month")
    form = form_class(data, dimensions=selectors.dimension_values())
    valid = form.is_valid()
    if valid:  # the form shows the range it used, defaults included
        data["start"] = form.cleaned_data["start"].isoformat()
        data["end"] = form.cleaned_data["end"].isoformat()
    return form, valid


def _query(data: dict[str, Any], **extra: Any) -> str:
    """The filters as a query string, for links that keep them (drill-down, metric pages)."""
    params = {
        "granularity": data["granularity"],
        "start": data["start"].isoformat(),
        "end": data["end"].isoformat(),
        "scope": data["scope"].key,
        **extra,
    }
    return urlencode({k: v for k, v in params.items() if v not in (None, "")})


def _card(series: selectors.KpiSeries, query: str) -> dict[str, Any]:
    metric = series.metric
    values = [r.value if r else None for r in series.readings]
    return {
        "series": series,
        "metric": metric,
        "latest": series.latest,
        "spark": charts.sparkline(
            values,
            title=f"{metric.name}, {len(values)} {series.granularity}s",
            description=", ".join(
                f"{selectors.period_label(s, series.granularity)}: {format_value(metric, v)}"
                for s, v in zip(series.starts, values, strict=True)
            ),
        ),
        "href": reverse("voc:metric", kwargs={"code": metric.code}) + f"?{query}",
    }


@cached_page
@require_GET
@vary_on_headers("HX-Request")
def dashboard(request: HttpRequest) -> HttpResponse:
    """KPI cards for every active metric: the latest period's value with its interval and n,
    target status, and a sparkline of the periods asked for; above them, the open alerts."""
    require_role(request)
    form, valid = _filters(request)
    if not swaps(request):  # the filters swap the cards only; the alerts stay
        alerts, total = selectors.open_alerts()
        context_alerts = {"alerts": alerts, "alerts_total": total}
    else:
        context_alerts = {}
    context: dict[str, Any] = {
        "form": form,
        "errors": form.error_list(),
        "may_import": rules.can_import_responses(request.user),
        "status_rule": TARGET_STATUS_RULE,
        **context_alerts,
    }
    if valid:
        data = form.cleaned_data
        metrics = list(Metric.objects.filter(is_active=True).order_by("name"))
        series = selectors.kpi_series(
            metrics=metrics,
            granularity=data["granularity"],
            first=data["start"],
            last=data["end"],
            scope=data["scope"],
        )
        query = _query(data)
        context.update(
            cards=[_card(s, query) for s in series],
            scope=data["scope"],
            filters=data,
            has_data=any(s.latest for s in series) or KpiRollup.objects.exists(),
        )
    template = "voc/_cards.html" if swaps(request) else "voc/dashboard.html"
    return render(request, template, context, status=200 if valid else 400)


# -- A metric: trend and breakdown ----------------------------------------------------------------


def trend(metric, series: selectors.KpiSeries, query_for) -> str:
    """The metric's trend chart: value, 95% interval band, target path; points link to their
    responses."""
    points = [
        charts.TrendPoint(
            label=_short_label(s, series.granularity),
            value=r.value if r else None,
            low=r.low if r else None,
            high=r.high if r else None,
            marked=bool(r and r.small_sample),
            expected=series.expected(s),
            href=query_for(s) if r and not r.entered else "",
            note=f"n = {r.n}" if r and not r.entered else "",
        )
        for s, r in zip(series.starts, series.readings, strict=True)
    ]
    target = series.target
    title = f"{metric.name} by {series.granularity}, {series.scope.name.lower()}"
    if target:
        goal = target.target
        title += f", with the path to {goal.target_value:g} by {goal.target_date:%b %Y}"
    floor, ceiling = metric.value_range()
    return charts.trend_chart(
        points, floor=floor, ceiling=ceiling, title=title, value_format="{:.1f}"
    )


def _short_label(start, granularity: str) -> str:
    if granularity == "month":
        return f"{start:%b %y}"
    if granularity == "quarter":
        return selectors.period_label(start, granularity)
    return f"{start.day} {start:%b}"


@cached_page
@require_GET
@vary_on_headers("HX-Request")
def metric_detail(request: HttpRequest, code: str) -> HttpResponse:
    """A metric's trend (value, interval band, target path) and a breakdown of its latest
    period by one dimension, from rollups only."""
    require_role(request)
    metric = get_object_or_404(Metric.objects.select_related("explains"), code=code)
    form, valid = _filters(request, BreakdownForm)
    context: dict[str, Any] = {
        "metric": metric,
        "form": form,
        "errors": form.error_list(),
        "may_import": rules.can_import_responses(request.user),
        "status_rule": TARGET_STATUS_RULE,
    }
    if not swaps(request):  # the filters swap the results only; the figures beside stay
        # The operational figures that help explain this metric, their latest periods.
        context["figures"] = selectors.operational_figures(
            explaining=metric, periods=3, whole_company_only=True
        )
    if valid:
        data = form.cleaned_data
        series = selectors.kpi_series(
            metrics=[metric],
            granularity=data["granularity"],
            first=data["start"],
            last=data["end"],
            scope=data["scope"],
        )[0]
        responses = reverse("voc:responses", kwargs={"code": metric.code})

        def drill(start, scope=data["scope"]) -> str:
            return f"{responses}?" + urlencode(
                {
                    "granularity": data["granularity"],
                    "period": start.isoformat(),
                    "scope": scope.key,
                }  # fmt: skip
            )

        latest = series.latest
        kind = data["breakdown"]
        breakdown = []
        if latest is not None and not latest.entered:
            names = form.dimensions[kind]
            breakdown = [
                {
                    "row": row,
                    "href": drill(latest.period, selectors.Scope(kind, row.dimension_id, row.name))
                    if row.reading
                    else "",
                }
                for row in selectors.kpi_breakdown(
                    metric=metric,
                    granularity=data["granularity"],
                    period=latest.period,
                    kind=kind,
                    names=names,
                )
            ]
        context.update(
            series=series,
            chart=trend(metric, series, drill),
            latest=latest,
            latest_href=drill(latest.period) if latest and not latest.entered else "",
            breakdown=breakdown,
            breakdown_label=dict(BreakdownForm.base_fields["breakdown"].choices)[kind],
            rows=[
                {
                    "start": s,
                    "label": selectors.period_label(s, series.granularity),
                    "reading": r,
                    "expected": series.expected(s),
                    "href": drill(s) if r and not r.entered else "",
                }
                for s, r in zip(series.starts, series.readings, strict=True)
            ],
            filters=data,
        )
    template = "voc/_metric_results.html" if swaps(request) else "voc/metric.html"
    return render(request, template, context, status=200 if valid else 400)
