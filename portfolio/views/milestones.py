"""Milestone pages: adding one to an initiative and marking it done."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from cxgov.pages import REFUSALS, get_scoped_or_404, refusal_message, require

from .. import permissions as rules
from .. import services
from ..forms import MilestoneForm, MilestoneMarkForm
from ..models import Milestone
from .initiatives import _FormPage, _OnInitiative


class MilestoneCreate(_OnInitiative, _FormPage):
    form_class = MilestoneForm
    title, submit_label = "New milestone for {object}", "Add milestone"
    lead = (
        "Due between {object.start_date:%-d %b %Y} and {object.target_date:%-d %b %Y}, "
        "the initiative's dates."
    )
    success_message = "Milestone “{saved}” added."
    section = "milestones"

    def save(self, data: dict[str, Any]) -> Milestone:
        return services.milestone_create(by=self.request.user, initiative=self.object, **data)


def _get_milestone(request: HttpRequest, pk: int) -> Milestone:
    return get_scoped_or_404(
        Milestone.objects.select_related("initiative__working_group"), request.user, pk=pk
    )


@require_POST
def milestone_mark(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = _get_milestone(request, pk)
    require(rules.can_edit_initiative, request, milestone.initiative)
    form = MilestoneMarkForm(request.POST)
    form.is_valid()
    done = form.cleaned_data.get("done", False)
    try:
        services.milestone_mark(milestone=milestone, by=request.user, done=done)
        messages.success(request, f"“{milestone}” is {'done' if done else 'open again'}.")
    except REFUSALS as refusal:
        messages.error(request, refusal_message(refusal))
    return redirect(f"{milestone.initiative.get_absolute_url()}#milestones")
