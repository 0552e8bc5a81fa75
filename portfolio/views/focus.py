"""Focus pages: load against the limits, and the core team setting, changing and removing a
limit. Thin doors onto portfolio.selectors.focus_board and portfolio.services."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cxgov.pages import DeleteView, EditView, require_role

from .. import permissions as rules
from .. import selectors, services
from ..forms import FocusLimitForm
from ..models import FocusLimit

LIMITS = FocusLimit.objects.select_related("working_group", "business_unit", "owner")


@require_GET
def focus(request: HttpRequest) -> HttpResponse:
    require_role(request)
    return render(request, "portfolio/focus.html", {"focus": selectors.focus_board()})


class _FocusLimitPage(EditView):
    rule = rules.can_set_focus_limits
    form_class = FocusLimitForm
    template_name = "portfolio/focus_form.html"
    success_url = "portfolio:focus"


class FocusLimitCreate(_FocusLimitPage):
    title, submit_label = "Set a focus limit", "Set the limit"
    success_message = "The limit was set: {saved}."

    def get_object(self) -> None:
        return None

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"new": True}

    def save(self, data: dict[str, Any]) -> FocusLimit:
        return services.focus_limit_set(by=self.request.user, **data)


class FocusLimitEdit(_FocusLimitPage):
    queryset = LIMITS
    title, submit_label = "Change the limit for {object.subject_label}", "Save the limit"
    success_message = "The limit was changed: {saved}."

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"new": False, "initial": {"limit": self.object.limit, "note": self.object.note}}

    def save(self, data: dict[str, Any]) -> FocusLimit:
        return services.focus_limit_update(focus_limit=self.object, by=self.request.user, data=data)


class FocusLimitDelete(DeleteView):
    queryset = LIMITS
    rule = rules.can_set_focus_limits
    template_name = "portfolio/focus_delete.html"
    title = "Remove the limit for {object.subject_label}"
    success_message = "The limit for {object.subject_label} was removed."
    success_url = "portfolio:focus"

    def delete(self) -> None:
        services.focus_limit_delete(focus_limit=self.object, by=self.request.user)
