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
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import reswap, retarget

from cxgov.caching import cached_page
from cxgov.forms import add_service_error
from cxgov.pages import (
    REFUSALS,
    EditView,
    get_scoped_or_404,
    refusal_message,
    require,
    require_role,
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
    MembershipEndForm,
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
    Tier,
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


@cached_page
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


BODIES = GovernanceBody.objects.select_related("parent")


def _get_body(request: HttpRequest, pk: int) -> GovernanceBody:
    return get_scoped_or_404(BODIES.all(), request.user, pk=pk)


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
        "commitments": selectors.group_commitments(body=body)
        if body.tier == Tier.WORKING_GROUP
        else None,
    }
    context.update(extra)
    return context


@require_GET
def body_detail(request: HttpRequest, pk: int) -> HttpResponse:
    body = _get_body(request, pk)
    return render(request, "governance/body_detail.html", _body_context(request, body))


class BodyCreate(EditView):
    rule = rules.can_create_body
    form_class = BodyForm
    template_name = "governance/body_form.html"
    title, submit_label = "New governing body", "Create body"
    success_message = "{saved} was created. Add its members next."

    def get_form_kwargs(self) -> dict[str, Any]:
        # Links such as "create one under it" preset the tier or the parent.
        get = self.request.GET
        return {"initial": {name: get[name] for name in ("tier", "parent") if get.get(name)}}

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        return super().get_context_data(tier_guide=selectors.tier_guide(), **context)

    def save(self, data: dict[str, Any]) -> GovernanceBody:
        return services.body_create(by=self.request.user, **data)


class BodyEdit(EditView):
    queryset = BODIES
    rule = rules.can_manage_body
    form_class = BodyForm
    template_name = "governance/body_form.html"
    title, submit_label = "Edit {object}", "Save changes"
    success_message = "{object} was saved."

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"body": self.object, "can_move": rules.can_move_body(self.request.user)}

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        return super().get_context_data(
            body=self.object, tier_guide=selectors.tier_guide(), **context
        )

    def save(self, data: dict[str, Any]) -> GovernanceBody:
        return services.body_update(body=self.object, by=self.request.user, data=data)


class BodyDisband(EditView):
    queryset = BODIES
    rule = rules.can_disband_body
    form_class = DisbandForm
    template_name = "governance/body_disband.html"
    success_message = "{object} was disbanded; its history is kept."

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        return {"detail": selectors.body_detail(body=self.object), **context}

    def save(self, data: dict[str, Any]) -> GovernanceBody:
        return services.body_disband(
            body=self.object, by=self.request.user, on=data["disbanded_on"]
        )


# Memberships


MEMBERSHIPS = Membership.objects.select_related("body", "person", "business_unit")


def _get_membership(request: HttpRequest, pk: int) -> Membership:
    return get_scoped_or_404(MEMBERSHIPS, request.user, pk=pk)


class MembershipCreate(EditView):
    """Add a member from the body's page; htmx swaps the members section (table and form)."""

    http_method_names = ["post"]
    queryset = BODIES
    rule = rules.can_manage_body
    form_class = MembershipForm
    template_name = "governance/body_detail.html"
    partial_template_name = "governance/_members.html"

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        return _body_context(self.request, self.object, member_form=context["form"])

    def get_partial_context(self, **context: Any) -> dict[str, Any]:
        if "form" in context:
            context["member_form"] = context.pop("form")
        return _body_context(self.request, self.object, **context)

    def get_success_message(self, saved: Membership) -> str:
        return f"{person_name(saved.person)} joined as {saved.get_role_display().lower()}."

    def get_success_url(self, saved: Membership) -> str:
        return self.object.get_absolute_url()

    def save(self, data: dict[str, Any]) -> Membership:
        return services.membership_create(by=self.request.user, body=self.object, **data)


class MembershipEdit(EditView):
    """Change a seat: role, business unit, dates, hours. Handing a lead's seat to someone
    else moves the right to manage the body with it (the service decides)."""

    queryset = MEMBERSHIPS
    rule = rules.can_manage_body
    form_class = MembershipEditForm
    template_name = "governance/membership_form.html"
    submit_label = "Save membership"

    def rule_object(self) -> GovernanceBody:
        return self.object.body

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"membership": self.object}

    def get_title(self) -> str:
        membership = self.object
        return f"Edit {person_name(membership.person)}'s membership of {membership.body}"

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        return super().get_context_data(membership=self.object, body=self.object.body, **context)

    def get_success_message(self, saved: Membership) -> str:
        return f"{person_name(saved.person)}'s membership was saved."

    def get_success_url(self, saved: Membership) -> str:
        return f"{self.object.body.get_absolute_url()}#members"

    def save(self, data: dict[str, Any]) -> Membership:
        read = data.pop("version")
        return services.membership_update(
            membership=self.object, by=self.request.user, data=data, version_read=read
        )


@require_POST
def membership_end(request: HttpRequest, pk: int) -> HttpResponse:
    """End a membership today; htmx swaps the member's row."""
    membership = _get_membership(request, pk)
    body = membership.body
    require(rules.can_manage_body, request, body)
    error = None
    form = MembershipEndForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors)
        services.membership_end(
            membership=membership, by=request.user, version_read=form.cleaned_data["version"]
        )
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


@cached_page
@require_GET
def raci(request: HttpRequest) -> HttpResponse:
    require_role(request)
    return render(request, "governance/raci.html", _raci_context(request))


class RaciPersonAdd(EditView):
    """Put a person on the matrix with a first letter; htmx swaps the whole board."""

    http_method_names = ["post"]
    rule = rules.can_edit_raci
    form_class = RaciPersonForm
    template_name = "governance/raci.html"
    partial_template_name = "governance/_raci_board.html"
    success_url = "governance:raci"

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        return _raci_context(self.request, person_form=context["form"])

    def get_partial_context(self, **context: Any) -> dict[str, Any]:
        if "form" in context:
            context["person_form"] = context.pop("form")
        return _raci_context(self.request, **context)

    def get_success_message(self, saved: Any) -> str:
        data = self.form.cleaned_data
        return f"{person_name(data['person'])} is now {data['letter']} for {data['activity']}."

    def save(self, data: dict[str, Any]) -> Any:
        return services.raci_assign(by=self.request.user, **data)


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


# Not an EditView: one URL is both the cell's editor and its save, and answers with the row or
# the whole matrix depending on whose column it is.
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


class ActivityCreate(EditView):
    rule = rules.can_change_activities
    form_class = ActivityForm
    template_name = "governance/activity_form.html"
    title, submit_label = "New activity", "Add activity"
    success_message = "{saved} was added; it now has a row on the RACI matrix."
    success_url = "governance:activity-list"

    def get_form_kwargs(self) -> dict[str, Any]:
        kind = self.request.GET.get("kind")
        return {"initial": {"kind": kind} if kind else {}}

    def save(self, data: dict[str, Any]) -> Activity:
        return services.activity_create(by=self.request.user, **data)


class ActivityEdit(EditView):
    queryset = Activity.objects.all()
    rule = rules.can_change_activities
    form_class = ActivityForm
    template_name = "governance/activity_form.html"
    title, submit_label = "Edit {object}", "Save"
    success_message = "{object} was saved."
    success_url = "governance:activity-list"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"activity": self.object}

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        return super().get_context_data(activity=self.object, **context)

    def save(self, data: dict[str, Any]) -> Activity:
        return services.activity_update(activity=self.object, by=self.request.user, data=data)


# Business units


@require_GET
def business_unit_list(request: HttpRequest) -> HttpResponse:
    require_role(request)
    context = {
        "units": selectors.business_units_with_counts(user=request.user),
        "steering_min_units": STEERING_MIN_BUSINESS_UNITS,
    }
    return render(request, "governance/business_unit_list.html", context)


class _BusinessUnitPage(EditView):
    rule = rules.can_change_business_units
    form_class = BusinessUnitForm
    template_name = "governance/business_unit_form.html"
    success_url = "governance:business-unit-list"

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        return super().get_context_data(steering_min_units=STEERING_MIN_BUSINESS_UNITS, **context)


class BusinessUnitCreate(_BusinessUnitPage):
    title, submit_label = "New business unit", "Add business unit"
    success_message = "{saved} was added."

    def save(self, data: dict[str, Any]) -> BusinessUnit:
        return services.business_unit_create(by=self.request.user, **data)


class BusinessUnitEdit(_BusinessUnitPage):
    queryset = BusinessUnit.objects.all()
    title, submit_label = "Edit {object}", "Save"
    success_message = "{object} was saved."

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"business_unit": self.object}

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        return super().get_context_data(unit=self.object, **context)

    def save(self, data: dict[str, Any]) -> BusinessUnit:
        return services.business_unit_update(
            business_unit=self.object, by=self.request.user, data=data
        )


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


class MaturityCreate(EditView):
    rule = rules.can_record_maturity
    form_class = MaturityAssessmentForm
    template_name = "governance/maturity_form.html"

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        return {"levels": selectors.LEVELS, **context}

    def get_success_message(self, saved: MaturityAssessment) -> str:
        return f"Assessed at {saved.score}: {saved.get_level_display()}."

    def save(self, data: dict[str, Any]) -> MaturityAssessment:
        return services.maturity_assessment_create(
            by=self.request.user,
            answers=self.form.answers(),
            assessed_on=data["assessed_on"],
            notes=data["notes"],
        )


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
