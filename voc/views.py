"""voc pages: the KPI dashboard, a metric's trend and breakdown, the responses behind a point,
and the CSV upload. Thin doors: parse the filters, ask a rule, call a selector or a service.

Every page but the drill-down reads rollups only (voc.selectors), in a number of queries that
does not grow with the responses; the drill-down reads one page of responses, and takes its
count from the rollup row behind the point instead of counting millions of rows.
"""

from __future__ import annotations

import math
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods
from django.views.decorators.vary import vary_on_headers

from cxgov import charts
from cxgov.exports import csv_lines
from cxgov.pages import REFUSALS, KnownCountPaginator, require, require_role, swaps

from . import importing, selectors, services
from . import permissions as rules
from .forms import BreakdownForm, KpiFilterForm, MappingForm, PointForm, UploadForm
from .models import ImportJob, ImportMappingPreference, ImportStatus, KpiRollup, Metric
from .models.targets import TARGET_STATUS_RULE
from .stats import Estimator
from .templatetags.voc_kpi import format_value

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


@require_GET
@vary_on_headers("HX-Request")
def dashboard(request: HttpRequest) -> HttpResponse:
    """KPI cards for every active metric: the latest period's value with its interval and n,
    target status, and a sparkline of the periods asked for."""
    require_role(request)
    form, valid = _filters(request)
    context: dict[str, Any] = {
        "form": form,
        "errors": form.error_list(),
        "may_import": rules.can_import_responses(request.user),
        "status_rule": TARGET_STATUS_RULE,
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


def _nice_step(span: float) -> float:
    raw = span / 5
    power = 10 ** math.floor(math.log10(raw))
    return next(step * power for step in (1, 2, 2.5, 5, 10) if step * power >= raw)


def _y_axis(metric, series: selectors.KpiSeries) -> tuple[float, float, list]:
    """A value axis around the data, its interval and the target path, in round steps, never
    beyond what the metric can take."""
    found = [
        v
        for r, s in zip(series.readings, series.starts, strict=True)
        for v in ((r.low, r.high, r.value) if r else ()) + (series.expected(s),)
        if v is not None
    ]
    bounds = {
        Estimator.NPS: (-100.0, 100.0),
        Estimator.SHARE: (0.0, 100.0),
        Estimator.MEAN: (metric.scale_min, metric.scale_max),
    }.get(metric.estimator, (None, None))
    if not found:
        lo, hi = bounds if bounds[0] is not None else (0.0, 1.0)
    else:
        lo, hi = min(found), max(found)
        if hi == lo:
            lo, hi = lo - 1, hi + 1
    step = _nice_step(hi - lo)
    lo, hi = math.floor(lo / step) * step, math.ceil(hi / step) * step
    if bounds[0] is not None:
        lo, hi = max(lo, bounds[0]), min(hi, bounds[1])
    ticks, tick = [], lo
    while tick <= hi + 1e-9:
        ticks.append((tick, f"{tick:g}"))
        tick += step
    return lo, hi, ticks


def trend(metric, series: selectors.KpiSeries, query_for) -> str:
    """The metric's trend chart: value, 95% interval band, target path; points link to their
    responses."""
    lo, hi, ticks = _y_axis(metric, series)
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
    return charts.trend_chart(
        points, y_min=lo, y_max=hi, y_labels=ticks, title=title, value_format="{:.1f}"
    )


def _short_label(start, granularity: str) -> str:
    if granularity == "month":
        return f"{start:%b %y}"
    if granularity == "quarter":
        return selectors.period_label(start, granularity)
    return f"{start.day} {start:%b}"


@require_GET
@vary_on_headers("HX-Request")
def metric_detail(request: HttpRequest, code: str) -> HttpResponse:
    """A metric's trend (value, interval band, target path) and a breakdown of its latest
    period by one dimension, from rollups only."""
    require_role(request)
    metric = get_object_or_404(Metric, code=code)
    form, valid = _filters(request, BreakdownForm)
    context: dict[str, Any] = {
        "metric": metric,
        "form": form,
        "errors": form.error_list(),
        "may_import": rules.can_import_responses(request.user),
        "status_rule": TARGET_STATUS_RULE,
    }
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


# -- Drill-down: the responses behind one point -------------------------------------------------

PAGE_SIZE = 50
EXPORT_COLUMNS = ["responded at", "score", "touchpoint", "channel", "segment", "business unit",
                  "external id"]  # fmt: skip


def _point(request: HttpRequest, code: str):
    require_role(request)
    metric = get_object_or_404(Metric, code=code)
    form = PointForm(request.GET, dimensions=selectors.dimension_values())
    return metric, form, form.is_valid()


def _may_read_some_comments(user) -> bool:
    """Whether the comment column is shown at all: the rule allows this person some comments
    (everyone's, or those of a touchpoint they own)."""
    return rules.can_read_comments(user) or (
        user.is_authenticated and user.owned_touchpoints.exists()
    )


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
            show_comments=_may_read_some_comments(request.user),
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
    comments = _may_read_some_comments(user)

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


# -- CSV upload: file, mapping and preview, then the import with its progress -----------------


@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    """Step 1: upload a CSV file. It is checked (size, UTF-8, header, rows) before it is kept;
    a refused file is named on the form and nothing is stored."""
    require(rules.can_import_responses, request)
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = services.import_job_stage(
                by=request.user,
                file=upload,
                original_name=upload.name,
                delimiter=form.cleaned_data["delimiter"],
            )
        except REFUSALS as refusal:
            form.add_error("file", getattr(refusal, "message", None) or str(refusal))
        else:
            return redirect("voc:import-map", pk=job.pk)
    context = {
        "form": form,
        "may_import": True,
        "jobs": ImportJob.objects.select_related("created_by")
        .exclude(status=ImportStatus.PENDING, mapping={})
        .order_by("-created_at")[:10],
    }
    return render(request, "voc/import.html", context, status=400 if form.errors else 200)


def _staged_job(request: HttpRequest, pk: int) -> ImportJob:
    require(rules.can_import_responses, request)
    return get_object_or_404(ImportJob.objects.visible_to(request.user), pk=pk)


@require_http_methods(["GET", "POST"])
def import_map(request: HttpRequest, pk: int) -> HttpResponse:
    """Step 2: map the file's columns to fields (starting from this person's last mapping),
    preview the first rows with each cell's problem, then run the import."""
    job = _staged_job(request, pk)
    if job.status != ImportStatus.PENDING or job.mapping:
        return redirect("voc:import-job", pk=job.pk)
    with job.file.open("rb") as source:
        header = importing.read_head(source, delimiter=job.delimiter or None).header
    remembered = ImportMappingPreference.objects.filter(user=request.user).first()
    initial = MappingForm.initial_for(header, remembered.mapping if remembered else {})
    if remembered and remembered.default_metric_id and "map_metric" not in initial:
        initial["default_metric"] = remembered.default_metric_id
    if request.method == "POST":
        form = MappingForm(request.POST, header=header)
    else:
        form = MappingForm(initial={"all_or_nothing": True, **initial}, header=header)
    shown = None
    status = 200
    if request.method == "POST" and form.is_valid():
        mapping, metric = form.mapping(), form.cleaned_data["default_metric"]
        if request.POST.get("action") == "run":
            try:
                job = services.import_job_start(
                    by=request.user, job=job, mapping=mapping, default_metric=metric,
                    all_or_nothing=form.cleaned_data["all_or_nothing"],
                )  # fmt: skip
            except REFUSALS as refusal:
                form.add_error(None, getattr(refusal, "message", None) or str(refusal))
            else:
                return redirect("voc:import-job", pk=job.pk)
        shown = _preview(job, form, mapping, metric)
    elif request.method == "GET":
        metric = Metric.objects.filter(pk=initial.get("default_metric")).first()
        mapping = {k[4:]: v for k, v in initial.items() if k.startswith("map_")}
        shown = _preview(job, form, mapping, metric, quiet=True)
    if form.errors:
        status = 400
    context = {"job": job, "form": form, "preview": shown, "may_import": True}
    return render(request, "voc/import_map.html", context, status=status)


def _preview(job, form, mapping, metric, *, quiet: bool = False):
    try:
        with job.file.open("rb") as source:
            return importing.preview(
                source, mapping=mapping, delimiter=job.delimiter or None, default_metric=metric
            )
    except importing.ImportRejected as refusal:
        if not quiet:
            form.add_error(None, refusal.message)
        return None


@require_GET
@vary_on_headers("HX-Request")
def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    """Step 3: the import's progress (htmx polls the partial every second until the job is
    finished: the finished partial no longer polls), then its result: inserted, skipped, and
    the problems naming row and column (the first 100, and the count)."""
    job = _staged_job(request, pk)
    context = {"job": job, "may_import": True}
    template = "voc/_import_progress.html" if swaps(request) else "voc/import_job.html"
    return render(request, template, context)
