"""Governance pages: thin doors onto governance.services and governance.selectors.

Every page needs a cxgov role; changes need the role or object permission the service asks
for. A service's refusal is shown next to the field at fault and nothing is saved. Where htmx
asks for a swap (_swaps), a view answers with the partial; otherwise with the full page or a
redirect.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import reswap, retarget

from cxgov.charts import Band, line_chart
from cxgov.permissions import can_change, can_configure, user_roles

from . import maturity, selectors, services
from .forms import (
    ActivityForm,
    BodyFilterForm,
    BodyForm,
    BusinessUnitForm,
    DisbandForm,
    MaturityAssessmentForm,
    MembershipForm,
    RaciCellForm,
    RaciPersonForm,
    add_service_error,
)
from .models import (
    Activity,
    ActivityKind,
    BusinessUnit,
    GovernanceBody,
    MaturityAssessment,
    MaturityLevel,
    Membership,
    person_name,
)
from .services import MANAGE_BODY, GovernanceError

User = get_user_model()

REFUSALS = (ValidationError, GovernanceError)


def _submit(request: HttpRequest, form, save: Callable[[dict], Any], *, refresh=None) -> Any:
    """On a valid POST, run the service `save(cleaned_data)` and return what it saved.

    A refusal is put on the form next to its field and None returned: nothing was saved, and
    `refresh` (the object being edited) is reloaded so the page does not show refused input.
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return save(form.cleaned_data)
    except REFUSALS as refusal:
        add_service_error(form, refusal)
        if refresh is not None:
            refresh.refresh_from_db()
        return None


def _swaps(request: HttpRequest) -> bool:
    """htmx asks for a partial to swap in; a history restore needs the whole page."""
    return bool(request.htmx) and not request.htmx.history_restore_request


def _require_role(request: HttpRequest) -> None:
    if not user_roles(request.user):
        raise PermissionDenied("Your account has no cxgov role yet.")


def _require_configurer(request: HttpRequest) -> None:
    if not can_configure(request.user):
        raise PermissionDenied("Only admins and the core CX team can do this.")


def _can_manage(request: HttpRequest, body: GovernanceBody) -> bool:
    return can_change(request.user, body, perm=MANAGE_BODY)


# Overview, organization chart, people


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    _require_role(request)
    context = {
        "overview": selectors.governance_overview(user=request.user),
        **selectors.governance_index_counts(),
    }
    return render(request, "governance/index.html", context)


@require_GET
def organization(request: HttpRequest) -> HttpResponse:
    _require_role(request)
    return render(
        request, "governance/organization.html", {"tiers": selectors.organization_chart()}
    )


@require_GET
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_role(request)
    person = get_object_or_404(User, pk=pk)
    profile = selectors.person_profile(person=person)
    context = {
        "profile": profile,
        "past_memberships": [m for m in profile.memberships if not m.is_active],
        "threshold": settings.CXGOV_RACI_OVERLOAD_THRESHOLD,
    }
    return render(request, "governance/person_detail.html", context)


# Bodies


@require_GET
@vary_on_headers("HX-Request")
def body_list(request: HttpRequest) -> HttpResponse:
    _require_role(request)
    filters = BodyFilterForm(request.GET or None)
    tier, disbanded = "", False
    if filters.is_valid():
        tier, disbanded = filters.cleaned_data["tier"], filters.cleaned_data["disbanded"]
    bodies = selectors.bodies_for_list(tier=tier, include_disbanded=disbanded)
    context = {"filters": filters, "bodies": bodies, "tier": tier, "disbanded": disbanded}
    template = "governance/_body_table.html" if _swaps(request) else "governance/body_list.html"
    return render(request, template, context)


def _body_context(request: HttpRequest, body: GovernanceBody, **extra: Any) -> dict[str, Any]:
    can_manage = _can_manage(request, body)
    context = {
        "detail": selectors.body_detail(body=body),
        "body": body,
        "can_manage": can_manage,
        "member_form": MembershipForm() if can_manage and body.is_active else None,
    }
    context.update(extra)
    return context


def _get_body(pk: int) -> GovernanceBody:
    return get_object_or_404(GovernanceBody.objects.select_related("parent"), pk=pk)


@require_GET
def body_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_role(request)
    body = _get_body(pk)
    return render(request, "governance/body_detail.html", _body_context(request, body))


@require_http_methods(["GET", "POST"])
def body_create(request: HttpRequest) -> HttpResponse:
    _require_configurer(request)
    # Links such as "create one under it" preset the tier or the parent.
    preset = {name: request.GET[name] for name in ("tier", "parent") if request.GET.get(name)}
    form = BodyForm(request.POST or None, initial=preset)
    body = _submit(request, form, lambda data: services.body_create(by=request.user, **data))
    if body is not None:
        messages.success(request, f"{body} was created. Add its members next.")
        return redirect(body)
    return render(
        request,
        "governance/body_form.html",
        {"form": form, "title": "New governing body", "submit": "Create body"},
    )


@require_http_methods(["GET", "POST"])
def body_edit(request: HttpRequest, pk: int) -> HttpResponse:
    body = _get_body(pk)
    if not _can_manage(request, body):
        raise PermissionDenied(
            f"Only admins, the core CX team and the leads of {body} can edit it."
        )
    can_move = can_configure(request.user)
    form = BodyForm(request.POST or None, body=body, can_move=can_move)
    saved = _submit(
        request,
        form,
        lambda data: services.body_update(body=body, by=request.user, **data),
        refresh=body,
    )
    if saved is not None:
        messages.success(request, f"{body} was saved.")
        return redirect(body)
    return render(
        request,
        "governance/body_form.html",
        {"form": form, "body": body, "title": f"Edit {body}", "submit": "Save changes"},
    )


@require_http_methods(["GET", "POST"])
def body_disband(request: HttpRequest, pk: int) -> HttpResponse:
    _require_configurer(request)
    body = _get_body(pk)
    form = DisbandForm(request.POST or None)
    disbanded = _submit(
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


@require_POST
def membership_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a member; htmx swaps the members section (table and form) in place."""
    body = _get_body(pk)
    if not _can_manage(request, body):
        raise PermissionDenied(
            f"Only admins, the core CX team and the leads of {body} add members."
        )
    form = MembershipForm(request.POST)
    added = None
    if form.is_valid():
        try:
            added = services.membership_create(by=request.user, body=body, **form.cleaned_data)
        except REFUSALS as refusal:
            add_service_error(form, refusal)
    if added is not None:
        notice = f"{person_name(added.person)} joined as {added.get_role_display().lower()}."
        if not _swaps(request):
            messages.success(request, notice)
            return redirect(body)
        context = _body_context(request, body, notice=notice)
    else:
        context = _body_context(request, body, member_form=form)
    template = "governance/_members.html" if _swaps(request) else "governance/body_detail.html"
    return render(request, template, context)


@require_POST
def membership_end(request: HttpRequest, pk: int) -> HttpResponse:
    """End a membership today; htmx swaps the member's row."""
    membership = get_object_or_404(
        Membership.objects.select_related("body", "person", "business_unit"), pk=pk
    )
    body = membership.body
    if not _can_manage(request, body):
        raise PermissionDenied(
            f"Only admins, the core CX team and the leads of {body} end memberships."
        )
    error = None
    try:
        services.membership_end(membership=membership, by=request.user)
    except REFUSALS as refusal:
        error = (
            refusal.message if isinstance(refusal, GovernanceError) else " ".join(refusal.messages)
        )
        membership.refresh_from_db()
    if not _swaps(request):
        if error:
            messages.error(request, error)
        return redirect(body)
    context = {"membership": membership, "can_manage": True, "row_error": error}
    return render(request, "governance/_member_row.html", context)


# RACI matrix


def _raci_context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    editable = can_configure(request.user)
    context = {
        "matrix": selectors.raci_matrix(),
        "editable": editable,
        "person_form": RaciPersonForm() if editable else None,
    }
    context.update(extra)
    return context


@require_GET
def raci(request: HttpRequest) -> HttpResponse:
    _require_role(request)
    return render(request, "governance/raci.html", _raci_context(request))


@require_POST
def raci_person_add(request: HttpRequest) -> HttpResponse:
    """Put a person on the matrix with a first letter; htmx swaps the whole board."""
    _require_configurer(request)
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
            if not _swaps(request):
                messages.success(request, notice)
                return redirect("governance:raci")
            form = RaciPersonForm()
    context = _raci_context(request, person_form=form, notice=notice)
    template = "governance/_raci_board.html" if _swaps(request) else "governance/raci.html"
    return render(request, template, context)


def _party(column: str) -> dict[str, Any]:
    """The body or person a matrix column key ("body-3", "person-7") names."""
    kind, _, pk = column.partition("-")
    if not pk.isdigit():
        raise Http404("No such column on the RACI matrix.")
    if kind == "body":
        return {"body": get_object_or_404(GovernanceBody, pk=pk)}
    if kind == "person":
        return {"person": get_object_or_404(User, pk=pk)}
    raise Http404("No such column on the RACI matrix.")


def _row(matrix: selectors.RaciMatrix, activity: Activity) -> selectors.MatrixRow:
    return next(row for row in matrix.rows if row.activity.pk == activity.pk)


@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def raci_cell(request: HttpRequest, activity_id: int, column: str) -> HttpResponse:
    """One cell of the matrix: GET opens its editor, POST sets its letter.

    htmx gets the activity's row back, so the row's gap marker follows the change; a refused
    letter comes back in the open editor with the reason. A person's change redraws the whole
    matrix instead, since their load (or whether they have a column at all) may have moved.
    """
    _require_configurer(request)
    activity = get_object_or_404(Activity, pk=activity_id)
    party = _party(column)
    form = RaciCellForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.raci_assign(
                by=request.user, activity=activity, letter=form.cleaned_data["letter"], **party
            )
        except REFUSALS as refusal:
            add_service_error(form, refusal)
        else:
            if not _swaps(request):
                messages.success(request, f"The RACI matrix was updated for {activity}.")
                return redirect(f"{reverse('governance:raci')}#raci-row-{activity.pk}")
            matrix = selectors.raci_matrix()
            if "person" in party:
                response = render(
                    request, "governance/_raci_matrix.html", {"matrix": matrix, "editable": True}
                )
                return reswap(retarget(response, "#raci-matrix"), "outerHTML")
            context = {"matrix": matrix, "row": _row(matrix, activity), "editable": True}
            return render(request, "governance/_raci_row.html", context)
    matrix = selectors.raci_matrix()
    row = _row(matrix, activity)
    letters = {c.key: letter for c, letter in row.cells}
    if column not in letters:
        raise Http404("This body or person has no column on the RACI matrix.")
    if request.method == "GET":
        form = RaciCellForm(initial={"letter": letters[column]})
    if not _swaps(request):
        label = next(c.label for c in matrix.columns if c.key == column)
        context = {"form": form, "activity": activity, "column": column, "label": label}
        return render(request, "governance/raci_cell.html", context)
    context = {
        "matrix": matrix,
        "row": row,
        "editable": True,
        "editing": column,
        "cell_form": form,
    }
    return render(request, "governance/_raci_row.html", context)


@require_GET
@vary_on_headers("HX-Request")
def raci_row(request: HttpRequest, activity_id: int) -> HttpResponse:
    """One row of the matrix as it stands (the editor's Cancel)."""
    _require_role(request)
    activity = get_object_or_404(Activity, pk=activity_id)
    if not _swaps(request):
        return redirect(f"{reverse('governance:raci')}#raci-row-{activity.pk}")
    matrix = selectors.raci_matrix()
    context = {
        "matrix": matrix,
        "row": _row(matrix, activity),
        "editable": can_configure(request.user),
    }
    return render(request, "governance/_raci_row.html", context)


# Activities and decision rights

ACTIVITY_GROUPS = {
    ActivityKind.JOB: "The core CX team's jobs",
    ActivityKind.CATEGORY: "Categories of its work",
    ActivityKind.DECISION: "Decisions",
    ActivityKind.CUSTOM: "Other activities",
}


@require_GET
def activity_list(request: HttpRequest) -> HttpResponse:
    _require_role(request)
    rights = selectors.decision_rights()
    groups = [
        (kind, heading, [r for r in rights if r.activity.kind == kind])
        for kind, heading in ACTIVITY_GROUPS.items()
    ]
    return render(request, "governance/activity_list.html", {"groups": groups})


@require_http_methods(["GET", "POST"])
def activity_create(request: HttpRequest) -> HttpResponse:
    _require_configurer(request)
    preset = {"kind": request.GET["kind"]} if request.GET.get("kind") else {}
    form = ActivityForm(request.POST or None, initial=preset)
    activity = _submit(
        request, form, lambda data: services.activity_create(by=request.user, **data)
    )
    if activity is not None:
        messages.success(request, f"{activity} was added; it now has a row on the RACI matrix.")
        return redirect("governance:activity-list")
    context = {"form": form, "title": "New activity", "submit": "Add activity"}
    return render(request, "governance/activity_form.html", context)


@require_http_methods(["GET", "POST"])
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_configurer(request)
    activity = get_object_or_404(Activity, pk=pk)
    form = ActivityForm(request.POST or None, activity=activity)
    saved = _submit(
        request,
        form,
        lambda data: services.activity_update(activity=activity, by=request.user, **data),
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
    _require_role(request)
    units = selectors.business_units_with_counts()
    return render(request, "governance/business_unit_list.html", {"units": units})


@require_http_methods(["GET", "POST"])
def business_unit_create(request: HttpRequest) -> HttpResponse:
    _require_configurer(request)
    form = BusinessUnitForm(request.POST or None)
    unit = _submit(
        request, form, lambda data: services.business_unit_create(by=request.user, **data)
    )
    if unit is not None:
        messages.success(request, f"{unit} was added.")
        return redirect("governance:business-unit-list")
    context = {"form": form, "title": "New business unit", "submit": "Add business unit"}
    return render(request, "governance/business_unit_form.html", context)


@require_http_methods(["GET", "POST"])
def business_unit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_configurer(request)
    unit = get_object_or_404(BusinessUnit, pk=pk)
    form = BusinessUnitForm(request.POST or None, business_unit=unit)
    saved = _submit(
        request,
        form,
        lambda data: services.business_unit_update(business_unit=unit, by=request.user, **data),
        refresh=unit,
    )
    if saved is not None:
        messages.success(request, f"{unit} was saved.")
        return redirect("governance:business-unit-list")
    context = {"form": form, "unit": unit, "title": f"Edit {unit}", "submit": "Save"}
    return render(request, "governance/business_unit_form.html", context)


# Maturity


LEVELS = list(MaturityLevel)
# Short names for the questions, where a table has no room for the whole statement.
QUESTION_TOPICS = {q.code: q.code.replace("_", " ").capitalize() for q in maturity.QUESTIONS}


def maturity_chart(points: list[selectors.TrendPoint]):
    return line_chart(
        [(f"{p.assessment.assessed_on:%b %Y}", p.assessment.score) for p in points],
        y_min=1,
        y_max=5,
        y_labels=[(level.value, f"{level.value} {level.label}") for level in LEVELS],
        bands=[
            Band(
                maturity.CENTRAL_GROUP_FROM,
                maturity.CENTRAL_GROUP_UNTIL,
                "A central CX group pays off",
            )
        ],
        title="CX maturity score over time",
        description=(
            "Mean score of each assessment on the five-level scale, oldest first: "
            + "; ".join(
                f"{p.assessment.assessed_on:%d %b %Y}: {p.assessment.score} "
                f"({p.assessment.get_level_display()})"
                for p in points
            )
            + "."
        ),
    )


@require_GET
def maturity_list(request: HttpRequest) -> HttpResponse:
    _require_role(request)
    points = selectors.maturity_trend()
    latest = points[-1].assessment if points else None
    for point in points:
        for move in point.moved:
            move["topic"] = QUESTION_TOPICS.get(move["code"], move["code"])
    context = {
        "points": list(reversed(points)),
        "latest": latest,
        "levels": LEVELS,
        "chart": maturity_chart(points) if points else None,
    }
    return render(request, "governance/maturity_list.html", context)


@require_http_methods(["GET", "POST"])
def maturity_create(request: HttpRequest) -> HttpResponse:
    _require_configurer(request)
    form = MaturityAssessmentForm(request.POST or None)
    assessment = _submit(
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
    return render(request, "governance/maturity_form.html", {"form": form, "levels": LEVELS})


@require_GET
def maturity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_role(request)
    assessment = get_object_or_404(MaturityAssessment.objects.select_related("assessed_by"), pk=pk)
    labels = dict(MaturityLevel.choices)
    answers = [
        {
            "question": question,
            "value": assessment.answers.get(question.code),
            "label": labels.get(assessment.answers.get(question.code), "—"),
        }
        for question in maturity.QUESTIONS
    ]
    context = {
        "assessment": assessment,
        "answers": answers,
        "levels": LEVELS,
        "stress_jobs": selectors.activities_by_code(assessment.stress_jobs),
    }
    return render(request, "governance/maturity_detail.html", context)
