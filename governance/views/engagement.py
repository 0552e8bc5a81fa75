"""Leadership engagement pages: the quarter's engagement per leader against the sponsor's
targets, logging one, and setting a leader's target. Thin doors onto governance.services."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cxgov.dates import today
from cxgov.pages import EditView, require_role

from .. import permissions as rules
from .. import selectors, services
from ..forms import EngagementForm, EngagementTargetForm
from ..models import Engagement, EngagementTarget


@require_GET
def engagement(request: HttpRequest) -> HttpResponse:
    require_role(request)
    context = {
        "quarter": selectors.engagement_quarter(),
        "recent": selectors.recent_engagements(),
    }
    return render(request, "governance/engagement.html", context)


class EngagementLog(EditView):
    rule = rules.can_log_engagement
    form_class = EngagementForm
    template_name = "governance/engagement_form.html"
    title, submit_label = "Log a CX engagement", "Log it"
    success_message = "Logged: {saved}."
    success_url = "governance:engagement"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"initial": {"person": self.request.user.pk, "happened_on": today()}}

    def save(self, data: dict[str, Any]) -> Engagement:
        return services.engagement_log(by=self.request.user, **data)


class EngagementTargetSet(EditView):
    rule = rules.can_set_engagement_targets
    form_class = EngagementTargetForm
    template_name = "governance/engagement_form.html"
    title, submit_label = "Set a leader's engagement target", "Set the target"
    success_message = "Target set: {saved}."
    success_url = "governance:engagement"

    def save(self, data: dict[str, Any]) -> EngagementTarget:
        return services.engagement_target_set(by=self.request.user, **data)
