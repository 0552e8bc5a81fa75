"""Strategic priority pages: the list, and setting them (configuration roles)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cxgov.dates import today
from cxgov.pages import require_role

from .. import permissions as rules
from .. import services
from ..forms import PriorityForm
from ..models import OPEN_STATUSES, StrategicPriority
from .initiatives import _FormPage

# Strategic priorities


@require_GET
def priority_list(request: HttpRequest) -> HttpResponse:
    require_role(request)
    from django.db.models import Count, Q

    priorities = StrategicPriority.objects.for_user(request.user).annotate(
        open_count=Count("initiatives", filter=Q(initiatives__status__in=OPEN_STATUSES))
    )
    return render(request, "portfolio/priority_list.html", {"priorities": priorities})


class _PriorityPage(_FormPage):
    rule = rules.can_set_priorities
    form_class = PriorityForm
    success_url = "portfolio:priority-list"


class PriorityCreate(_PriorityPage):
    title, submit_label = "New strategic priority", "Add"
    success_message = "Priority “{saved}” added."

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"initial": {"period": str(today().year)}}

    def save(self, data: dict[str, Any]) -> StrategicPriority:
        return services.priority_create(by=self.request.user, **data)


class PriorityEdit(_PriorityPage):
    queryset = StrategicPriority.objects.all()
    title, submit_label = "Edit “{object}”", "Save"
    success_message = "Priority “{object}” saved."

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"priority": self.object}

    def save(self, data: dict[str, Any]) -> StrategicPriority:
        return services.priority_update(priority=self.object, by=self.request.user, data=data)
