"""Pages for what the program agreed: charters and their review, the CX mission, success
statements and department objectives. Thin doors onto governance.services.charters and
governance.selectors.charters: each asks the rule, calls one service, and shows a refusal next
to the field at fault with nothing saved."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from cxgov.pages import (
    REFUSALS,
    EditView,
    get_scoped_or_404,
    refusal_message,
    require,
    require_role,
)

from .. import permissions as rules
from .. import selectors, services
from ..forms import (
    CharterVersionForm,
    MissionForm,
    ObjectiveForm,
    RejectForm,
    SuccessStatementForm,
)
from ..models import (
    MISSION_ANSWERS,
    Charter,
    CharterStatus,
    CharterVersion,
    DepartmentObjective,
    GovernanceBody,
    MissionStatement,
    MissionStatus,
    SuccessStatement,
)

# Charters


def _get_charter(request: HttpRequest, pk: int) -> Charter:
    return get_scoped_or_404(Charter.objects.select_related("body"), request.user, pk=pk)


def _get_version(request: HttpRequest, pk: int, number: int) -> CharterVersion:
    charter = _get_charter(request, pk)
    try:
        return selectors.charter_version(charter=charter, number=number)
    except CharterVersion.DoesNotExist:
        raise Http404(f"{charter} has no version {number}.") from None


@require_GET
def charter_list(request: HttpRequest) -> HttpResponse:
    require_role(request)
    rows = selectors.charters_overview(user=request.user)
    return render(request, "governance/charter_list.html", {"rows": rows})


@require_GET
def charter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    charter = _get_charter(request, pk)
    page = selectors.charter_page(charter=charter, user=request.user)
    context = {"page": page, "charter": charter, "reject_form": RejectForm()}
    return render(request, "governance/charter_detail.html", context)


@require_GET
def charter_version(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    version = _get_version(request, pk, number)
    charter = version.charter
    context = {
        "charter": charter,
        "version": version,
        "history": selectors.charter_version_history(version=version),
        "may_draft": rules.can_draft_charter(request.user, charter),
        "may_decide": version.status == CharterStatus.IN_REVIEW
        and rules.can_approve_charter_version(request.user, version),
        "reject_form": RejectForm(),
    }
    return render(request, "governance/charter_version.html", context)


@require_GET
def charter_print(request: HttpRequest, pk: int) -> HttpResponse:
    """The charter on paper: one version (the approved one unless ?version= names another),
    its six components and its success statements; no navigation."""
    charter = _get_charter(request, pk)
    page = selectors.charter_page(charter=charter, user=request.user)
    version = page.shown
    wanted = request.GET.get("version")
    if wanted:
        if not wanted.isdigit():
            raise Http404("The version is a whole number.")
        version = next((v for v in page.versions if v.number == int(wanted)), None)
        if version is None:
            raise Http404(f"{charter} has no version {wanted}.")
    return render(request, "governance/charter_print.html", {"page": page, "version": version})


@require_GET
def charter_diff(request: HttpRequest, pk: int) -> HttpResponse:
    """Two versions side by side, component by component (?left=1&right=2; by default the
    approved version against the one being worked on, else the two newest)."""
    charter = _get_charter(request, pk)
    numbers = list(charter.versions.order_by("number").values_list("number", flat=True))
    if len(numbers) < 2:
        messages.info(request, "A charter needs two versions to compare.")
        return redirect(charter)
    left, right = request.GET.get("left", ""), request.GET.get("right", "")
    if not (left.isdigit() and right.isdigit()):
        left, right = str(numbers[-2]), str(numbers[-1])
    if int(left) not in numbers or int(right) not in numbers:
        raise Http404("Choose two versions of this charter.")
    diff = selectors.charter_diff(charter=charter, left=int(left), right=int(right))
    context = {"charter": charter, "diff": diff, "numbers": numbers}
    return render(request, "governance/charter_diff.html", context)


class CharterDraft(EditView):
    """Start the next version of a body's charter, from the newest version's text."""

    queryset = GovernanceBody.objects.all()
    rule = rules.can_draft_charter
    form_class = CharterVersionForm
    template_name = "governance/charter_version_form.html"
    title, submit_label = "Draft the charter of {object}", "Save draft"
    success_message = "{saved} was saved as a draft. Submit it when it is ready."

    def precondition(self) -> HttpResponse | None:
        self.charter = Charter.objects.filter(body=self.object).first()
        self.latest = self.charter.versions.first() if self.charter else None
        latest = self.latest
        if latest is not None and latest.status in (CharterStatus.DRAFT, CharterStatus.IN_REVIEW):
            messages.info(
                self.request, f"{latest} is {latest.get_status_display().lower()} already."
            )
            return redirect(latest)
        return None

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"version": self.latest}

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        return super().get_context_data(body=self.object, charter=self.charter, **context)

    def save(self, data: dict[str, Any]) -> CharterVersion:
        return services.charter_version_draft(by=self.request.user, body=self.object, **data)


class _VersionPage(EditView):
    """A page about one version of a charter (its URL names the charter and the number)."""

    def get_object(self) -> CharterVersion:
        return _get_version(self.request, self.kwargs["pk"], self.kwargs["number"])

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        return super().get_context_data(version=self.object, charter=self.object.charter, **context)


class CharterVersionEdit(_VersionPage):
    rule = rules.can_draft_charter
    form_class = CharterVersionForm
    template_name = "governance/charter_version_form.html"
    title, submit_label = "Edit {object}", "Save draft"
    success_message = "{object} was saved."

    def precondition(self) -> HttpResponse | None:
        # Only the form is turned away; a POST to a version no longer a draft is the service's
        # to refuse, on the form.
        version = self.object
        if version.status != CharterStatus.DRAFT and self.request.method == "GET":
            status = version.get_status_display().lower()
            messages.error(self.request, f"{version} is {status}; only a draft can be edited.")
            return redirect(version)
        return None

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"version": self.object, "edits": True}

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        return super().get_context_data(body=self.object.charter.body, **context)

    def save(self, data: dict[str, Any]) -> CharterVersion:
        read = data.pop("version")
        return services.charter_version_update(
            version=self.object, by=self.request.user, data=data, version_read=read
        )


def _workflow(request: HttpRequest, version: CharterVersion, action, done: str) -> HttpResponse:
    """Run one workflow step; a refusal is a message on the version's page, nothing saved."""
    try:
        action()
    except REFUSALS as refusal:
        messages.error(request, refusal_message(refusal))
        return redirect(version)
    messages.success(request, done)
    return redirect(version.charter)


@require_POST
def charter_version_submit(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    version = _get_version(request, pk, number)
    require(rules.can_draft_charter, request, version)
    return _workflow(
        request,
        version,
        lambda: services.charter_version_submit(version=version, by=request.user),
        f"{version} was submitted for review.",
    )


@require_POST
def charter_version_approve(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    version = _get_version(request, pk, number)
    require(rules.can_approve_charter_version, request, version)
    return _workflow(
        request,
        version,
        lambda: services.charter_version_approve(version=version, by=request.user),
        f"{version} was approved; the body's members are asked to acknowledge it.",
    )


class CharterVersionReject(_VersionPage):
    rule = rules.can_approve_charter_version
    form_class = RejectForm
    template_name = "governance/charter_reject.html"
    title, submit_label = "Reject {object}", "Reject with this comment"
    success_message = "{object} was sent back to draft with your comment."

    def get_success_url(self, saved: CharterVersion) -> str:
        return self.object.charter.get_absolute_url()

    def save(self, data: dict[str, Any]) -> CharterVersion:
        return services.charter_version_reject(
            version=self.object, by=self.request.user, comment=data["comment"]
        )


@require_POST
def charter_acknowledge(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    version = _get_version(request, pk, number)
    require(rules.can_acknowledge, request, version)
    try:
        services.acknowledge(by=request.user, document=version)
    except REFUSALS as refusal:
        messages.error(request, refusal_message(refusal))
    else:
        messages.success(request, f"Thank you: you acknowledged {version}.")
    return redirect(_next(request, version.charter.get_absolute_url()))


def _next(request: HttpRequest, default: str) -> str:
    """Back where the person acknowledged from (the home banner), if it is one of ours."""
    wanted = request.POST.get("next", "")
    return wanted if wanted.startswith("/") and not wanted.startswith("//") else default


# The CX mission


def _get_mission(request: HttpRequest, number: int) -> MissionStatement:
    return get_scoped_or_404(
        MissionStatement.objects.select_related("author", "published_by"),
        request.user,
        number=number,
    )


@require_GET
def mission(request: HttpRequest) -> HttpResponse:
    require_role(request)
    page = selectors.mission_page(user=request.user)
    return render(request, "governance/mission.html", {"page": page, "questions": MISSION_ANSWERS})


@require_GET
def mission_version(request: HttpRequest, number: int) -> HttpResponse:
    statement = _get_mission(request, number)
    context = {
        "mission": statement,
        "may_change": rules.can_change_mission(request.user),
    }
    return render(request, "governance/mission_version.html", context)


@require_GET
def mission_print(request: HttpRequest) -> HttpResponse:
    require_role(request)
    page = selectors.mission_page(user=request.user)
    return render(request, "governance/mission_print.html", {"page": page})


class MissionCreate(EditView):
    rule = rules.can_change_mission
    form_class = MissionForm
    template_name = "governance/mission_form.html"
    title, submit_label = "Draft the CX mission", "Save draft"
    success_message = "{saved} was saved as a draft. Publish it when agreed."

    def get_form_kwargs(self) -> dict[str, Any]:
        current = MissionStatement.objects.filter(status=MissionStatus.PUBLISHED).first()
        return {"mission": current}

    def save(self, data: dict[str, Any]) -> MissionStatement:
        return services.mission_draft(by=self.request.user, **data)


class MissionEdit(EditView):
    queryset = MissionStatement.objects.select_related("author", "published_by")
    rule = rules.can_change_mission
    form_class = MissionForm
    template_name = "governance/mission_form.html"
    title, submit_label = "Edit {object}", "Save"
    success_message = "{object} was saved."

    def rule_object(self) -> None:
        return None  # the rule is about the mission as a whole, not one version

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"mission": self.object}

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        return super().get_context_data(mission=self.object, **context)

    def save(self, data: dict[str, Any]) -> MissionStatement:
        return services.mission_update(mission=self.object, by=self.request.user, data=data)


@require_POST
def mission_publish(request: HttpRequest, number: int) -> HttpResponse:
    statement = _get_mission(request, number)
    require(rules.can_change_mission, request)
    try:
        services.mission_publish(mission=statement, by=request.user)
    except REFUSALS as refusal:
        messages.error(request, refusal_message(refusal))
        return redirect(statement)
    messages.success(
        request, f"{statement} is published: everyone serving in a body is asked to agree."
    )
    return redirect("governance:mission")


@require_POST
def mission_acknowledge(request: HttpRequest, number: int) -> HttpResponse:
    statement = _get_mission(request, number)
    require(rules.can_acknowledge, request, statement)
    try:
        services.acknowledge(by=request.user, document=statement)
    except REFUSALS as refusal:
        messages.error(request, refusal_message(refusal))
    else:
        messages.success(request, f"Thank you: you agreed to {statement}.")
    return redirect(_next(request, reverse("governance:mission")))


# Success statements and department objectives


@require_GET
def success_statement_list(request: HttpRequest) -> HttpResponse:
    require_role(request)
    statements = selectors.success_statements_for_list(user=request.user)
    return render(request, "governance/success_statement_list.html", {"statements": statements})


STATEMENTS = SuccessStatement.objects.select_related("business_unit")


def _get_statement(request: HttpRequest, pk: int) -> SuccessStatement:
    return get_scoped_or_404(STATEMENTS.all(), request.user, pk=pk)


@require_GET
def success_statement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    statement = _get_statement(request, pk)
    page = selectors.success_statement_page(statement=statement)
    return render(request, "governance/success_statement_detail.html", {"page": page})


class _SuccessStatementPage(EditView):
    rule = rules.can_change_success_statements
    form_class = SuccessStatementForm
    template_name = "governance/success_statement_form.html"

    def rule_object(self) -> None:
        return None  # one rule for every statement

    def get_success_url(self, saved: SuccessStatement) -> str:
        return reverse("governance:success-statement-detail", args=[saved.pk])


class SuccessStatementCreate(_SuccessStatementPage):
    title, submit_label = "New success statement", "Create statement"
    success_message = "{saved} was created."

    def save(self, data: dict[str, Any]) -> SuccessStatement:
        return services.success_statement_create(by=self.request.user, **data)


class SuccessStatementEdit(_SuccessStatementPage):
    queryset = STATEMENTS
    title, submit_label = "Edit {object}", "Save changes"
    success_message = "{object} was saved."

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"statement": self.object}

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        return super().get_context_data(statement=self.object, **context)

    def save(self, data: dict[str, Any]) -> SuccessStatement:
        return services.success_statement_update(
            success_statement=self.object, by=self.request.user, data=data
        )


@require_GET
def objective_list(request: HttpRequest) -> HttpResponse:
    require_role(request)
    objectives = selectors.objectives_for_list(user=request.user)
    return render(request, "governance/objective_list.html", {"objectives": objectives})


class _ObjectivePage(EditView):
    rule = rules.can_change_success_statements
    form_class = ObjectiveForm
    template_name = "governance/objective_form.html"
    success_url = "governance:objective-list"

    def rule_object(self) -> None:
        return None  # one rule for every objective


class ObjectiveCreate(_ObjectivePage):
    title, submit_label = "New department objective", "Add objective"
    success_message = "The objective was added."

    def save(self, data: dict[str, Any]) -> DepartmentObjective:
        return services.objective_create(by=self.request.user, **data)


class ObjectiveEdit(_ObjectivePage):
    queryset = DepartmentObjective.objects.select_related("business_unit", "owner")
    title, submit_label = "Edit department objective", "Save changes"
    success_message = "The objective was saved."

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"objective": self.object}

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        return super().get_context_data(objective=self.object, **context)

    def save(self, data: dict[str, Any]) -> DepartmentObjective:
        return services.objective_update(objective=self.object, by=self.request.user, data=data)
