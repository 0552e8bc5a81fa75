"""Closed-loop pages: the case list, a case with its response, its transition and reassignment.
Thin doors onto voc.selectors.cases and voc.services.cases; a case outside the user's scope
(another owner's, for anyone but the core team) is a 404."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from cxgov.caching import cached_page
from cxgov.history import history_entries
from cxgov.pages import EditView, filter_errors, page_filters, require_role, swaps
from cxgov.people import person_name

from .. import permissions as rules
from .. import selectors, services
from ..filters import CaseFilter
from ..forms import CaseReassignForm, CaseTransitionForm
from ..models import CaseSettings, CaseStatus

PAGE_SIZE = 50


@cached_page
@require_GET
@vary_on_headers("HX-Request")
def case_list(request: HttpRequest) -> HttpResponse:
    """Cases the user sees (all for the core team, their own for anyone else), filtered by
    status, overdue, touchpoint, business unit and owner; paginated."""
    require_role(request)
    params = page_filters(request.GET, CaseFilter)
    filterset = CaseFilter(
        data=params, queryset=selectors.cases_for_list(user=request.user), request=request
    )
    valid = filterset.is_valid()
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page")) if valid else None
    context = {
        "filters": filterset.form,
        "errors": filter_errors(filterset),
        "page": page,
        "query": urlencode(list(params.lists()), doseq=True),
        "filtered": bool(params),
        "summary": selectors.case_summary(user=request.user),
        "settings": CaseSettings.current(),
    }
    template = "voc/cases/_results.html" if swaps(request) else "voc/cases/case_list.html"
    return render(request, template, context, status=200 if valid else 400)


def _case_context(request: HttpRequest, case, **forms: Any) -> dict[str, Any]:
    config = CaseSettings.current()
    return {
        "case": case,
        "settings": config,
        # The last day of its second service level: after it, the steering committee's pack.
        "second_service_level_ends": config.due_on(case.due_on),
        "response": case.response,
        "transition_form": forms.get("transition_form") or CaseTransitionForm(case=case),
        "reassign_form": forms.get("reassign_form")
        or CaseReassignForm(initial={"owner": case.owner_id, "version": case.version}),
        "may_work": rules.can_work_case(request.user, case),
        "may_reassign": rules.can_reassign_case(request.user, case),
        "may_read_comment": rules.can_read_case_comment(request.user, case),
        "history": history_entries(obj=case, related=("owner",)),
    }


@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_for_page(user=request.user, pk=pk)
    return render(request, "voc/cases/case_detail.html", _case_context(request, case))


class _CaseForm(EditView):
    """A form on the case's page: back to the page after the change, or the page with the
    refused form (400) and nothing saved."""

    http_method_names = ["post"]
    template_name = "voc/cases/case_detail.html"
    invalid_status = 400
    form_name: str  # the form's name in the case page's context

    def get_object(self) -> Any:
        return selectors.case_for_page(user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        return _case_context(self.request, self.object, **{self.form_name: context["form"]})

    def get_success_url(self, saved: Any) -> str:
        return self.object.get_absolute_url()


class CaseTransition(_CaseForm):
    rule = rules.can_work_case
    form_class = CaseTransitionForm
    form_name = "transition_form"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"case": self.object}

    def get_success_message(self, saved: Any) -> str:
        return f"{self.object} is now {CaseStatus(self.object.status).label.lower()}."

    def save(self, data: dict[str, Any]) -> Any:
        return services.case_transition(
            case=self.object,
            to_status=data["to_status"],
            by=self.request.user,
            note=data["note"],
            version_read=data["version"],
        )


class CaseReassign(_CaseForm):
    rule = rules.can_reassign_case
    form_class = CaseReassignForm
    form_name = "reassign_form"

    def get_success_message(self, saved: Any) -> str:
        return f"{self.object} is now followed up by {person_name(self.object.owner)}."

    def save(self, data: dict[str, Any]) -> Any:
        return services.case_reassign(
            case=self.object,
            owner=data["owner"],
            by=self.request.user,
            version_read=data["version"],
        )
