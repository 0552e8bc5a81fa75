"""Governance pages: thin doors onto governance.services and governance.selectors.

Every page needs a cxgov role and reads through the models' `for_user` scope (out of scope is
a 404). A change asks the rule in governance.permissions (403 with the rule's message) and
then one service; a refusal is shown next to the field at fault and nothing is saved. Where
htmx asks for a swap, a view answers with the partial; otherwise with the full page or a
redirect.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import reswap, retarget

from cxgov.forms import add_service_error
from cxgov.pages import (
    REFUSALS,
    get_scoped_or_404,
    refusal_message,
    require,
    require_role,
    submit,
    swaps,
)
from cxgov.people import people_visible_to, person_name

from .. import permissions as rules
from .. import selectors, services
from ..forms import (
    ActivityForm,
    BodyFilterForm,
    BodyForm,
    BusinessUnitForm,
    DisbandForm,
    MaturityAssessmentForm,
    MembershipEditForm,
    MembershipForm,
    RaciCellForm,
    RaciPersonForm,
)
from ..models import (
    STEERING_MIN_BUSINESS_UNITS,
    Activity,
    BusinessUnit,
    GovernanceBody,
    MaturityAssessment,
    Membership,
)

# Overview, organization chart, people


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    require_role(request)
    context = {
        "overview": selectors.governance_overview(user=request.user),
        **selectors.governance_index_counts(),
    }
    return render(request, "governance/index.html", context)


@require_GET
def organization(request: HttpRequest) -> HttpResponse:
    require_role(request)
    context = {
        "tiers": selectors.organization_chart(),
        "members_shown": selectors.ORG_CHART_MEMBERS_SHOWN,
    }
    return render(request, "governance/organization.html", context)


@require_GET
@vary_on_headers("HX-Request")
def body_members(request: HttpRequest, pk: int) -> HttpResponse:
    """All the people serving on a body, for the organization chart's "show all" (htmx)."""
    body = _get_body(request, pk)
    if not swaps(request):
        return redirect(f"{body.get_absolute_url()}#members")
    members = selectors.body_members_serving(body=body)
    return render(request, "governance/_org_members.html", {"body": body, "members": members})


@require_GET
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = _get_person(request, pk)
    context = {
        "profile": selectors.person_profile(person=person),
        "threshold": settings.CXGOV_RACI_OVERLOAD_THRESHOLD,
    }
    return render(request, "governance/person_detail.html", context)


def _get_person(request: HttpRequest, pk: int):
    return get_scoped_or_404(people_visible_to(request.user), request.user, pk=pk)


# Bodies


def _get_body(request: HttpRequest, pk: int) -> GovernanceBody:
    return get_scoped_or_404(GovernanceBody.objects.select_related("parent"), request.user, pk=pk)


@require_GET
@vary_on_headers("HX-Request")
def body_list(request: HttpRequest) -> HttpResponse:
    require_role(request)
    filters = BodyFilterForm(request.GET or None)
    tier, disbanded = "", False
    if filters.is_valid():
        tier, disbanded = filters.cleaned_data["tier"], filters.cleaned_data["disbanded"]
    bodies = selectors.bodies_for_list(user=request.user, tier=tier, include_disbanded=disbanded)
    context = {"filters": filters, "bodies": bodies, "tier": tier, "disbanded": disbanded}
    template = "governance/_body_table.html" if swaps(request) else "governance/body_list.html"
    return render(request, template, context)


def _body_context(request: HttpRequest, body: GovernanceBody, **extra: Any) -> dict[str, Any]:
    can_manage = rules.can_manage_body(request.user, body)
    context = {
        "detail": selectors.body_detail(body=body),
        "body": body,
        "can_manage": can_manage,
        "can_disband": rules.can_disband_body(request.user, body),
        "member_form": MembershipForm() if can_manage and body.is_active else None,
        "charter_summary": selectors.body_charter_summary(body=body),
        "meetings": selectors.body_meetings(body=body, user=request.user),
    }
    context.update(extra)
    return context


@require_GET
def body_detail(request: HttpRequest, pk: int) -> HttpResponse:
    body = _get_body(request, pk)
    return render(request, "governance/body_detail.html", _body_context(request, body))


def _body_form_context(form, **extra: Any) -> dict[str, Any]:
    return {"form": form, "tier_guide": selectors.tier_guide(), **extra}


@require_http_methods(["GET", "POST"])
def body_create(request: HttpRequest) -> HttpResponse:
    require(rules.can_create_body, request)
    # Links such as "create one under it" preset the tier or the parent.
    preset = {name: request.GET[name] for name in ("tier", "parent") if request.GET.get(name)}
    form = BodyForm(request.POST or None, initial=preset)
    body = submit(request, form, lambda data: services.body_create(by=request.user, **data))
    if body is not None:
        messages.success(request, f"{body} was created. Add its members next.")
        return redirect(body)
    context = _body_form_context(form, title="New governing body", submit="Create body")
    return render(request, "governance/body_form.html", context)


@require_http_methods(["GET", "POST"])
def body_edit(request: HttpRequest, pk: int) -> HttpResponse:
    body = _get_body(request, pk)
    require(rules.can_manage_body, request, body)
    form = BodyForm(request.POST or None, body=body, can_move=rules.can_move_body(request.user))
    saved = submit(
        request,
        form,
        lambda data: services.body_update(body=body, by=request.user, data=data),
        refresh=body,
    )
    if saved is not None:
        messages.success(request, f"{body} was saved.")
        return redirect(body)
    context = _body_form_context(form, body=body, title=f"Edit {body}", submit="Save changes")
    return render(request, "governance/body_form.html", context)


@require_http_methods(["GET", "POST"])
def body_disband(request: HttpRequest, pk: int) -> HttpResponse:
    body = _get_body(request, pk)
    require(rules.can_disband_body, request, body)
    form = DisbandForm(request.POST or None)
    disbanded = submit(
        request,
        form,
        lambda data: services.body_disband(body=body, by=request.user, on=data["disbanded_on"]),
        refresh=body,
    )
    if disbanded is not None:
        messages.success(request, f"{body} was disbanded; its history is kept.")
        return redirect(body)
    detail = selectors.body_detail(body=body)
    return render(request, "governance/body_disband.html", {"form": form, "detail": detail})


# Memberships


def _get_membership(request: HttpRequest, pk: int) -> Membership:
    return get_scoped_or_404(
        Membership.objects.select_related("body", "person", "business_unit"), request.user, pk=pk
    )


@require_POST
def membership_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a member; htmx swaps the members section (table and form) in place."""
    body = _get_body(request, pk)
    require(rules.can_manage_body, request, body)
    form = MembershipForm(request.POST)
    added = None
    if form.is_valid():
        try:
            added = services.membership_create(by=request.user, body=body, **form.cleaned_data)
        except REFUSALS as refusal:
            add_service_error(form, refusal)
    if added is not None:
        notice = f"{person_name(added.person)} joined as {added.get_role_display().lower()}."
        if not swaps(request):
            messages.success(request, notice)
            return redirect(body)
        context = _body_context(request, body, notice=notice)
    else:
        context = _body_context(request, body, member_form=form)
    template = "governance/_members.html" if swaps(request) else "governance/body_detail.html"
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
def membership_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a seat: role, business unit, dates, hours. Handing a lead's seat to someone
    else moves the right to manage the body with it (the service decides)."""
    membership = _get_membership(request, pk)
    body = membership.body
    require(rules.can_manage_body, request, body)
    form = MembershipEditForm(request.POST or None, membership=membership)
    saved = submit(
        request,
        form,
        lambda data: services.membership_update(membership=membership, by=request.user, data=data),
        refresh=membership,
    )
    if saved is not None:
        messages.success(request, f"{person_name(saved.person)}'s membership was saved.")
        return redirect(f"{body.get_absolute_url()}#members")
    context = {
        "form": form,
        "membership": membership,
        "body": body,
        "title": f"Edit {person_name(membership.person)}'s membership of {body}",
        "submit": "Save membership",
    }
    return render(request, "governance/membership_form.html", context)


@require_POST
def membership_end(request: HttpRequest, pk: int) -> HttpResponse:
    """End a membership today; htmx swaps the member's row."""
    membership = _get_membership(request, pk)
    body = membership.body
    require(rules.can_manage_body, request, body)
    error = None
    try:
        services.membership_end(membership=membership, by=request.user)
    except REFUSALS as refusal:
        error = refusal_message(refusal)
        membership.refresh_from_db()
    if not swaps(request):
        if error:
            messages.error(request, error)
        return redirect(body)
    context = {"membership": membership, "can_manage": True, "row_error": error}
    return render(request, "governance/_member_row.html", context)


# RACI matrix


def _raci_context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    editable = rules.can_edit_raci(request.user)
    context = {
        "matrix": selectors.raci_matrix(),
        "editable": editable,
        "person_form": RaciPersonForm() if editable else None,
    }
    context.update(extra)
    return context


@require_GET
def raci(request: HttpRequest) -> HttpResponse:
    require_role(request)
    return render(request, "governance/raci.html", _raci_context(request))


@require_POST
def raci_person_add(request: HttpRequest) -> HttpResponse:
    """Put a person on the matrix with a first letter; htmx swaps the whole board."""
    require(rules.can_edit_raci, request)
    form = RaciPersonForm(request.POST)
    notice = None
    if form.is_valid():
        try:
            services.raci_assign(by=request.user, **form.cleaned_data)
        except REFUSALS as refusal:
            add_service_error(form, refusal)
        else:
            data = form.cleaned_data
            notice = (
                f"{person_name(data['person'])} is now {data['letter']} for {data['activity']}."
            )
            if not swaps(request):
                messages.success(request, notice)
                return redirect("governance:raci")
            form = RaciPersonForm()
    context = _raci_context(request, person_form=form, notice=notice)
    template = "governance/_raci_board.html" if swaps(request) else "governance/raci.html"
    return render(request, template, context)


def _party(request: HttpRequest, column: str) -> dict[str, Any]:
    """The body or person a matrix column key ("body-3", "person-7") names."""
    kind, _, pk = column.partition("-")
    if not pk.isdigit():
        raise Http404("No such column on the RACI matrix.")
    if kind == "body":
        return {"body": _get_body(request, int(pk))}
    if kind == "person":
        return {"person": _get_person(request, int(pk))}
    raise Http404("No such column on the RACI matrix.")


def _get_activity(request: HttpRequest, pk: int) -> Activity:
    return get_scoped_or_404(Activity.objects.all(), request.user, pk=pk)


@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def raci_cell(request: HttpRequest, activity_id: int, column: str) -> HttpResponse:
    """One cell of the matrix: GET opens its editor, POST sets its letter.

    htmx gets the activity's row back, so the row's gap marker follows the change; a refused
    letter comes back in the open editor with the reason. A person's change redraws the whole
    matrix instead, since their load (or whether they have a column at all) may have moved.
    """
    require(rules.can_edit_raci, request)
    activity = _get_activity(request, activity_id)
    party = _party(request, column)
    form = RaciCellForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.raci_assign(
                by=request.user, activity=activity, letter=form.cleaned_data["letter"], **party
            )
        except REFUSALS as refusal:
            add_service_error(form, refusal)
        else:
            if not swaps(request):
                messages.success(request, f"The RACI matrix was updated for {activity}.")
                return redirect(f"{reverse('governance:raci')}#raci-row-{activity.pk}")
            if "person" in party:
                response = render(
                    request,
                    "governance/_raci_matrix.html",
                    {"matrix": selectors.raci_matrix(), "editable": True},
                )
                return reswap(retarget(response, "#raci-matrix"), "outerHTML")
            row = selectors.raci_matrix_row(activity=activity)
            return render(request, "governance/_raci_row.html", {"row": row, "editable": True})
    row = selectors.raci_matrix_row(activity=activity)
    letters = {c.key: letter for c, letter in row.cells}
    if column not in letters:
        raise Http404("This body or person has no column on the RACI matrix.")
    if request.method == "GET":
        form = RaciCellForm(initial={"letter": letters[column]})
    if not swaps(request):
        label = next(c.label for c, _letter in row.cells if c.key == column)
        context = {"form": form, "activity": activity, "column": column, "label": label}
        return render(request, "governance/raci_cell.html", context)
    context = {"row": row, "editable": True, "editing": column, "cell_form": form}
    return render(request, "governance/_raci_row.html", context)


@require_GET
@vary_on_headers("HX-Request")
def raci_row(request: HttpRequest, activity_id: int) -> HttpResponse:
    """One row of the matrix as it stands (the editor's Cancel)."""
    require_role(request)
    activity = _get_activity(request, activity_id)
    if not swaps(request):
        return redirect(f"{reverse('governance:raci')}#raci-row-{activity.pk}")
    context = {
        "row": selectors.raci_matrix_row(activity=activity),
        "editable": rules.can_edit_raci(request.user),
    }
    return render(request, "governance/_raci_row.html", context)


# Activities and decision rights


@require_GET
def activity_list(request: HttpRequest) -> HttpResponse:
    require_role(request)
    context = {
        "groups": selectors.activity_groups(),
        "can_change": rules.can_change_activities(request.user),
    }
    return render(request, "governance/activity_list.html", context)


@require_http_methods(["GET", "POST"])
def activity_create(request: HttpRequest) -> HttpResponse:
    require(rules.can_change_activities, request)
    preset = {"kind": request.GET["kind"]} if request.GET.get("kind") else {}
    form = ActivityForm(request.POST or None, initial=preset)
    activity = submit(request, form, lambda data: services.activity_create(by=request.user, **data))
    if activity is not None:
        messages.success(request, f"{activity} was added; it now has a row on the RACI matrix.")
        return redirect("governance:activity-list")
    context = {"form": form, "title": "New activity", "submit": "Add activity"}
    return render(request, "governance/activity_form.html", context)


@require_http_methods(["GET", "POST"])
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _get_activity(request, pk)
    require(rules.can_change_activities, request, activity)
    form = ActivityForm(request.POST or None, activity=activity)
    saved = submit(
        request,
        form,
        lambda data: services.activity_update(activity=activity, by=request.user, data=data),
        refresh=activity,
    )
    if saved is not None:
        messages.success(request, f"{activity} was saved.")
        return redirect("governance:activity-list")
    context = {"form": form, "activity": activity, "title": f"Edit {activity}", "submit": "Save"}
    return render(request, "governance/activity_form.html", context)


# Business units


@require_GET
def business_unit_list(request: HttpRequest) -> HttpResponse:
    require_role(request)
    context = {
        "units": selectors.business_units_with_counts(user=request.user),
        "steering_min_units": STEERING_MIN_BUSINESS_UNITS,
    }
    return render(request, "governance/business_unit_list.html", context)


def _business_unit_form_context(form, **extra: Any) -> dict[str, Any]:
    return {"form": form, "steering_min_units": STEERING_MIN_BUSINESS_UNITS, **extra}


@require_http_methods(["GET", "POST"])
def business_unit_create(request: HttpRequest) -> HttpResponse:
    require(rules.can_change_business_units, request)
    form = BusinessUnitForm(request.POST or None)
    unit = submit(
        request, form, lambda data: services.business_unit_create(by=request.user, **data)
    )
    if unit is not None:
        messages.success(request, f"{unit} was added.")
        return redirect("governance:business-unit-list")
    context = _business_unit_form_context(
        form, title="New business unit", submit="Add business unit"
    )
    return render(request, "governance/business_unit_form.html", context)


@require_http_methods(["GET", "POST"])
def business_unit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_scoped_or_404(BusinessUnit.objects.all(), request.user, pk=pk)
    require(rules.can_change_business_units, request, unit)
    form = BusinessUnitForm(request.POST or None, business_unit=unit)
    saved = submit(
        request,
        form,
        lambda data: services.business_unit_update(business_unit=unit, by=request.user, data=data),
        refresh=unit,
    )
    if saved is not None:
        messages.success(request, f"{unit} was saved.")
        return redirect("governance:business-unit-list")
    context = _business_unit_form_context(form, unit=unit, title=f"Edit {unit}", submit="Save")
    return render(request, "governance/business_unit_form.html", context)


# Maturity


@require_GET
def maturity_list(request: HttpRequest) -> HttpResponse:
    require_role(request)
    overview = selectors.maturity_overview()
    context = {
        "points": overview.points,
        "latest": overview.latest,
        "chart": overview.chart,
        "levels": selectors.LEVELS,
        "can_record": rules.can_record_maturity(request.user),
    }
    return render(request, "governance/maturity_list.html", context)


@require_http_methods(["GET", "POST"])
def maturity_create(request: HttpRequest) -> HttpResponse:
    require(rules.can_record_maturity, request)
    form = MaturityAssessmentForm(request.POST or None)
    assessment = submit(
        request,
        form,
        lambda data: services.maturity_assessment_create(
            by=request.user,
            answers=form.answers(),
            assessed_on=data["assessed_on"],
            notes=data["notes"],
        ),
    )
    if assessment is not None:
        messages.success(
            request, f"Assessed at {assessment.score}: {assessment.get_level_display()}."
        )
        return redirect(assessment)
    context = {"form": form, "levels": selectors.LEVELS}
    return render(request, "governance/maturity_form.html", context)


@require_GET
def maturity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_scoped_or_404(
        MaturityAssessment.objects.select_related("assessed_by"), request.user, pk=pk
    )
    context = {
        "assessment": assessment,
        "answers": selectors.maturity_answers(assessment=assessment),
        "levels": selectors.LEVELS,
        "stress_jobs": selectors.activities_by_code(assessment.stress_jobs),
    }
    return render(request, "governance/maturity_detail.html", context)
