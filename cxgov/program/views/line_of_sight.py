"""The line of sight's pages: every KPI target with the initiatives meant to move it, and one
target with all of its links."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cxgov.caching import cached_page
from cxgov.pages import get_scoped_or_404, require_role
from cxgov.program import line_of_sight as sight
from voc.models import KpiTarget

LINKS_PAGE_SIZE = 50
TARGETS_PAGE_SIZE = 20


@cached_page
@require_GET
def line_of_sight(request: HttpRequest) -> HttpResponse:
    """Every KPI target with the initiatives meant to move it, its trend and the two flags."""
    require_role(request)
    targets = sight.line_of_sight_targets(user=request.user)
    page = Paginator(targets, TARGETS_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "sight": sight.line_of_sight(user=request.user, targets=page.object_list),
        "page": page,
    }
    return render(request, "program/line_of_sight/index.html", context)


@cached_page
@require_GET
def line_of_sight_target(request: HttpRequest, pk: int) -> HttpResponse:
    """One KPI target: its statement and objectives, trend, and every initiative linked to it
    (a page at a time) with expected against realized change once due."""
    target = get_scoped_or_404(
        KpiTarget.objects.select_related("metric", "success_statement"), request.user, pk=pk
    )
    links = sight.target_links_for_page(user=request.user, target=target)
    page = Paginator(links, LINKS_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "t": sight.target_sight(user=request.user, target=target, links=page.object_list),
        "page": page,
        "rule": sight.RULE,
    }
    return render(request, "program/line_of_sight/target.html", context)
