"""Closed-loop pages: the case list, a case with its response, its transition and reassignment.
Thin doors onto voc.selectors.cases and voc.services.cases; a case outside the user's scope
(another owner's, for anyone but the core team) is a 404."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from cxgov.pages import require, require_role, submit, swaps
from cxgov.people import person_name

from .. import permissions as rules
from .. import selectors, services
from ..filters import CaseFilter, page_filters
from ..forms import CaseReassignForm, CaseTransitionForm
from ..models import CaseSettings, CaseStatus

PAGE_SIZE = 50


def _filter_errors(filterset) -> list[str]:
    """Each refused filter as "Label: message", so the page names the field at fault."""
    form = filterset.form

    def label(name: str) -> str:
        field = form.fields.get(name)
        return str(field.label) if field and field.label else name.replace("_", " ").capitalize()

    return [
        f"{label(name)}: {message}" for name, errors in form.errors.items() for message in errors
    ]


@require_GET
@vary_on_headers("HX-Request")
def case_list(request: HttpRequest) -> HttpResponse:
    """Cases the user sees (all for the core team, their own for anyone else), filtered by
    status, overdue, touchpoint, business unit and owner; paginated."""
    require_role(request)
    params = page_filters(request.GET)
    filterset = CaseFilter(
        data=params, queryset=selectors.cases_for_list(user=request.user), request=request
    )
    valid = filterset.is_valid()
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page")) if valid else None
    context = {
        "filters": filterset.form,
        "errors": _filter_errors(filterset),
        "page": page,
        "query": urlencode(list(params.lists()), doseq=True),
        "filtered": bool(params),
        "summary": selectors.case_summary(user=request.user),
        "settings": CaseSettings.current(),
    }
    template = "voc/cases/_results.html" if swaps(request) else "voc/cases/case_list.html"
    return render(request, template, context, status=200 if valid else 400)


def _page(request: HttpRequest, case, *, transition=None, reassign=None, status: int = 200):
    return render(
        request,
        "voc/cases/case_detail.html",
        {
            "case": case,
            "response": case.response,
            "transition_form": transition or CaseTransitionForm(case=case),
            "reassign_form": reassign or CaseReassignForm(initial={"owner": case.owner_id}),
            "may_work": rules.can_work_case(request.user, case),
            "may_reassign": rules.can_reassign_case(request.user, case),
            "may_read_comment": rules.can_read_case_comment(request.user, case),
            "history": case.history.select_related("history_user").order_by("-history_date")[:20],
        },
        status=status,
    )


@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_for_page(user=request.user, pk=pk)
    return _page(request, case)


@require_POST
def case_transition(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_for_page(user=request.user, pk=pk)
    require(rules.can_work_case, request, case)
    form = CaseTransitionForm(request.POST, case=case)
    moved = submit(
        request,
        form,
        lambda data: services.case_transition(
            case=case, to_status=data["to_status"], by=request.user, note=data["note"]
        ),
        refresh=case,
    )
    if moved is None:
        return _page(request, case, transition=form, status=400)
    messages.success(request, f"{case} is now {CaseStatus(case.status).label.lower()}.")
    return redirect(case.get_absolute_url())


@require_POST
def case_reassign(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_for_page(user=request.user, pk=pk)
    require(rules.can_reassign_case, request, case)
    form = CaseReassignForm(request.POST)
    moved = submit(
        request,
        form,
        lambda data: services.case_reassign(case=case, owner=data["owner"], by=request.user),
        refresh=case,
    )
    if moved is None:
        return _page(request, case, reassign=form, status=400)
    messages.success(request, f"{case} is now followed up by {person_name(case.owner)}.")
    return redirect(case.get_absolute_url())
