"""The key drivers page: for a metric, months and scope, which comment themes its detractors
mention more than everyone else, ranked, with each difference's 95% interval and n. Every role
reads it (figures, no comment); a theme links to its comments for those who may read them."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cxgov.pages import require_role

from .. import permissions as rules
from .. import selectors
from ..forms import DriverFilterForm


@require_GET
def driver_list(request: HttpRequest) -> HttpResponse:
    """The drivers of one metric (NPS unless asked), over the last 3 months with comments
    unless asked, overall or on one touchpoint."""
    require_role(request)
    form = DriverFilterForm.from_query(request.GET)
    context = {"form": form, "may_read_comments": rules.can_read_some_comments(request.user)}
    if not form.is_valid():
        return render(request, "voc/drivers.html", context, status=400)
    data = form.cleaned_data
    metric = data["metric"]
    last = data["until"] or selectors.latest_comment_month(metric)
    if last is not None:
        touchpoint = data["touchpoint"]
        context["table"] = selectors.key_drivers(
            metric=metric,
            first_month=selectors.months_back(last, data["months"]),
            last_month=last,
            touchpoint_id=touchpoint.pk if touchpoint else None,
        )
        context["scope"] = touchpoint.name if touchpoint else "all touchpoints"
    context["metric"] = metric
    return render(request, "voc/drivers.html", context)
