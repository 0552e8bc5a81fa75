"""Portfolio lists: the filtered list and its CSV export, the roadmap and alignment heatmap, and
the short lists for a member and for the core team."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from cxgov.caching import cached_page
from cxgov.dates import today
from cxgov.pages import filter_errors, page_filters, require_role, swaps

from .. import selectors
from ..filters import InitiativeFilter
from ..models import OPEN_STATUSES

PAGE_SIZE = 50


def _filtered(request: HttpRequest):
    filterset = selectors.initiative_filterset(
        user=request.user, data=page_filters(request.GET, InitiativeFilter), request=request
    )
    valid = filterset.is_valid()
    return filterset, valid


def _query_without(request: HttpRequest, *names: str) -> str:
    params = page_filters(request.GET, InitiativeFilter)
    for name in names:
        params.pop(name, None)
    return urlencode(list(params.lists()), doseq=True)


# The list and its export


@cached_page
@require_GET
@vary_on_headers("HX-Request")
def initiative_list(request: HttpRequest) -> HttpResponse:
    require_role(request)
    filterset, valid = _filtered(request)
    page = None
    if valid:
        rows = selectors.with_stale_flag(filterset.qs).order_by("target_date", "pk")
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = _query_without(request, "page")
    context = {
        "filterset": filterset,
        "filters": filterset.form,
        "errors": filter_errors(filterset),
        "page": page,
        "query": query,
        "counts": selectors.portfolio_counts(user=request.user),
    }
    if not swaps(request):
        context["focus"] = selectors.focus_board()
    template = "portfolio/_results.html" if swaps(request) else "portfolio/initiative_list.html"
    return render(request, template, context, status=200 if valid else 400)


@require_GET
def initiative_export(request: HttpRequest) -> HttpResponse:
    """Exactly the rows the list shows for the same filters, as CSV."""
    require_role(request)
    filterset, valid = _filtered(request)
    if not valid:
        context = {
            "filterset": filterset,
            "filters": filterset.form,
            "errors": ["Nothing was exported.", *filter_errors(filterset)],
            "page": None,
            "query": "",
            "counts": selectors.portfolio_counts(user=request.user),
        }
        return render(request, "portfolio/initiative_list.html", context, status=400)
    response = StreamingHttpResponse(
        selectors.initiative_csv(filterset.qs), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="initiatives-{today():%Y-%m-%d}.csv"'
    return response


# Roadmap and alignment


@cached_page
@require_GET
def roadmap(request: HttpRequest) -> HttpResponse:
    require_role(request)
    filterset, valid = _filtered(request)
    chart = None
    if valid:
        rows = filterset.qs
        if not filterset.form.cleaned_data.get("status"):
            rows = rows.filter(status__in=OPEN_STATUSES)
        chart = selectors.roadmap(queryset=rows)
    context = {
        "filters": filterset.form,
        "errors": filter_errors(filterset),
        "roadmap": chart,
        "limit": selectors.ROADMAP_LIMIT,
    }
    return render(request, "portfolio/roadmap.html", context, status=200 if valid else 400)


@require_GET
def alignment(request: HttpRequest) -> HttpResponse:
    require_role(request)
    heatmap = selectors.alignment_heatmap(user=request.user)
    return render(request, "portfolio/alignment.html", {"heatmap": heatmap})


# Lists for a member and for the core team


def _simple_list(request: HttpRequest, *, title: str, lead: str, rows: QuerySet, empty: str):
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"title": title, "lead": lead, "page": page, "empty": empty, "query": ""}
    return render(request, "portfolio/simple_list.html", context)


@require_GET
def my_initiatives(request: HttpRequest) -> HttpResponse:
    require_role(request)
    return _simple_list(
        request,
        title="My initiatives",
        lead="The open initiatives of the working groups you serve on, and those you own.",
        rows=selectors.my_initiatives(user=request.user),
        empty="You serve on no working group with open initiatives, and own none.",
    )


@require_GET
def needs_help(request: HttpRequest) -> HttpResponse:
    require_role(request)
    return _simple_list(
        request,
        title="Initiatives asking for help",
        lead="Teams that asked the core CX team to step in, worst health first.",
        rows=selectors.needs_help_list(user=request.user),
        empty="No initiative is asking for help.",
    )


@require_GET
def stale(request: HttpRequest) -> HttpResponse:
    require_role(request)
    from django.conf import settings

    days = settings.CXGOV_PORTFOLIO_STALE_DAYS
    return _simple_list(
        request,
        title="Stale initiatives",
        lead=f"In progress with no status update for more than {days} days, longest silent first.",
        rows=selectors.stale_list(user=request.user),
        empty="Every initiative in progress has reported recently.",
    )
