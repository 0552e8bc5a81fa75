"""The responses behind a point of a KPI chart, as a page and as a CSV export.

The drill-down reads one page of responses, and takes its count from the rollup row behind
the point instead of counting millions of rows.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from cxgov.exports import csv_lines
from cxgov.pages import KnownCountPaginator, require_role, swaps

from .. import permissions as rules
from .. import selectors
from ..forms import PointForm
from ..models import Metric

# -- Drill-down: the responses behind one point -------------------------------------------------

PAGE_SIZE = 50
EXPORT_COLUMNS = ["responded at", "score", "touchpoint", "channel", "segment", "business unit",
                  "external id"]  # fmt: skip


def _point(request: HttpRequest, code: str):
    require_role(request)
    metric = get_object_or_404(Metric, code=code)
    form = PointForm(request.GET, dimensions=selectors.dimension_values())
    return metric, form, form.is_valid()


@require_GET
@vary_on_headers("HX-Request")
def point_responses(request: HttpRequest, code: str) -> HttpResponse:
    """The responses behind one point of a chart (metric, period, scope), newest first, a page
    at a time. The page count comes from the rollup row's n: no count(*) over the table.
    Comments only where voc.read_comments allows them."""
    metric, form, valid = _point(request, code)
    context: dict[str, Any] = {"metric": metric, "form": form, "errors": form.error_list()}
    if valid:
        data = form.cleaned_data
        point = {
            "metric": metric, "granularity": data["granularity"], "period": data["period"],
            "scope": data["scope"],
        }  # fmt: skip
        rollup = selectors.kpi_point(**point)
        paginator = KnownCountPaginator(
            selectors.point_responses(**point), PAGE_SIZE, count=rollup.n if rollup else 0
        )
        page = paginator.get_page(request.GET.get("page"))
        page.object_list = list(page.object_list)
        for response in page.object_list:
            response.comment_visible = rules.can_read_comments(request.user, response.touchpoint)
        query = urlencode(
            {
                "granularity": data["granularity"],
                "period": data["period"].isoformat(),
                "scope": data["scope"].key,
            }  # fmt: skip
        )
        context.update(
            page=page,
            reading=selectors.Reading(rollup, data["granularity"]) if rollup else None,
            label=selectors.period_label(data["period"], data["granularity"]),
            scope=data["scope"],
            query=query,
            show_comments=rules.can_read_some_comments(request.user),
            back=reverse("voc:metric", kwargs={"code": metric.code})
            + "?"
            + urlencode({"granularity": data["granularity"], "scope": data["scope"].key}),
        )
    template = "voc/_responses.html" if swaps(request) else "voc/responses.html"
    return render(request, template, context, status=200 if valid else 400)


@require_GET
def point_responses_export(request: HttpRequest, code: str) -> HttpResponse:
    """The drill-down's rows as CSV, streamed; every cell escaped so a spreadsheet never runs
    one as a formula (a comment starting with '=' stays text)."""
    metric, form, valid = _point(request, code)
    if not valid:
        context = {"metric": metric, "form": form,
                   "errors": ["Nothing was exported.", *form.error_list()]}  # fmt: skip
        return render(request, "voc/responses.html", context, status=400)
    data = form.cleaned_data
    rows = selectors.point_responses(
        metric=metric, granularity=data["granularity"], period=data["period"],
        scope=data["scope"],
    ).iterator(chunk_size=2000)  # fmt: skip
    user = request.user
    comments = rules.can_read_some_comments(user)

    def line(r) -> list:
        cells = [
            r.responded_at.isoformat(), f"{r.score:g}",
            r.touchpoint.code if r.touchpoint else "", r.channel.code if r.channel else "",
            r.segment.code if r.segment else "", r.business_unit.code if r.business_unit else "",
            r.external_id,
        ]  # fmt: skip
        if comments:
            cells.append(r.comment if rules.can_read_comments(user, r.touchpoint) else "")
        return cells

    header = EXPORT_COLUMNS + (["comment"] if comments else [])
    response = StreamingHttpResponse(
        csv_lines(header, (line(r) for r in rows)), content_type="text/csv; charset=utf-8"
    )
    name = f"{metric.code}-{data['granularity']}-{data['period']:%Y-%m-%d}-{data['scope'].key}"
    response["Content-Disposition"] = f'attachment; filename="{name.replace(":", "-")}.csv"'
    return response
