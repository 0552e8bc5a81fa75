"""Strategic priority pages: the list, and setting them (configuration roles)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from cxgov.dates import today
from cxgov.pages import get_scoped_or_404, require, require_role, submit

from .. import permissions as rules
from .. import services
from ..forms import PriorityForm
from ..models import OPEN_STATUSES, StrategicPriority
from .initiatives import _form_page

# Strategic priorities


@require_GET
def priority_list(request: HttpRequest) -> HttpResponse:
    require_role(request)
    from django.db.models import Count, Q

    priorities = StrategicPriority.objects.for_user(request.user).annotate(
        open_count=Count("initiatives", filter=Q(initiatives__status__in=OPEN_STATUSES))
    )
    return render(request, "portfolio/priority_list.html", {"priorities": priorities})


@require_http_methods(["GET", "POST"])
def priority_create(request: HttpRequest) -> HttpResponse:
    require(rules.can_set_priorities, request)
    form = PriorityForm(request.POST or None, initial={"period": str(today().year)})
    created = submit(request, form, lambda data: services.priority_create(by=request.user, **data))
    if created is not None:
        messages.success(request, f"Priority “{created}” added.")
        return redirect("portfolio:priority-list")
    return _form_page(
        request, form=form, title="New strategic priority", submit_label="Add", initiative=None
    )


@require_http_methods(["GET", "POST"])
def priority_edit(request: HttpRequest, pk: int) -> HttpResponse:
    priority = get_scoped_or_404(StrategicPriority.objects.all(), request.user, pk=pk)
    require(rules.can_set_priorities, request, priority)
    form = PriorityForm(request.POST or None, priority=priority)
    saved = submit(
        request,
        form,
        lambda data: services.priority_update(priority=priority, by=request.user, data=data),
        refresh=priority,
    )
    if saved is not None:
        messages.success(request, f"Priority “{priority}” saved.")
        return redirect("portfolio:priority-list")
    return _form_page(
        request, form=form, title=f"Edit “{priority}”", submit_label="Save", initiative=None
    )
