"""Pages for what the program agreed: charters and their review, the CX mission, success
statements and department objectives. Thin doors onto governance.services.charters and
governance.selectors.charters: each asks the rule, calls one service, and shows a refusal next
to the field at fault with nothing saved."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cxgov.pages import REFUSALS, get_scoped_or_404, refusal_message, require, require_role, submit

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


@require_http_methods(["GET", "POST"])
def charter_draft(request: HttpRequest, pk: int) -> HttpResponse:
    """Start the next version of a body's charter, from the newest version's text."""
    body = get_scoped_or_404(GovernanceBody.objects.all(), request.user, pk=pk)
    require(rules.can_draft_charter, request, body)
    charter = Charter.objects.filter(body=body).first()
    latest = charter.versions.first() if charter else None
    if latest is not None and latest.status in (CharterStatus.DRAFT, CharterStatus.IN_REVIEW):
        messages.info(request, f"{latest} is {latest.get_status_display().lower()} already.")
        return redirect(latest)
    form = CharterVersionForm(request.POST or None, version=latest)
    version = submit(
        request,
        form,
        lambda data: services.charter_version_draft(by=request.user, body=body, **data),
    )
    if version is not None:
        messages.success(request, f"{version} was saved as a draft. Submit it when it is ready.")
        return redirect(version)
    context = {
        "form": form,
        "body": body,
        "charter": charter,
        "title": f"Draft the charter of {body}",
        "submit": "Save draft",
    }
    return render(request, "governance/charter_version_form.html", context)


@require_http_methods(["GET", "POST"])
def charter_version_edit(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    version = _get_version(request, pk, number)
    require(rules.can_draft_charter, request, version)
    if version.status != CharterStatus.DRAFT and request.method == "GET":
        messages.error(
            request,
            f"{version} is {version.get_status_display().lower()}; only a draft can be edited.",
        )
        return redirect(version)
    form = CharterVersionForm(request.POST or None, version=version)
    saved = submit(
        request,
        form,
        lambda data: services.charter_version_update(version=version, by=request.user, data=data),
        refresh=version,
    )
    if saved is not None:
        messages.success(request, f"{version} was saved.")
        return redirect(version)
    context = {
        "form": form,
        "body": version.charter.body,
        "charter": version.charter,
        "version": version,
        "title": f"Edit {version}",
        "submit": "Save draft",
    }
    return render(request, "governance/charter_version_form.html", context)


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


@require_http_methods(["GET", "POST"])
def charter_version_reject(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    version = _get_version(request, pk, number)
    require(rules.can_approve_charter_version, request, version)
    form = RejectForm(request.POST or None)
    rejected = submit(
        request,
        form,
        lambda data: services.charter_version_reject(
            version=version, by=request.user, comment=data["comment"]
        ),
        refresh=version,
    )
    if rejected is not None:
        messages.success(request, f"{version} was sent back to draft with your comment.")
        return redirect(version.charter)
    context = {
        "version": version,
        "charter": version.charter,
        "form": form,
        "title": f"Reject {version}",
        "submit": "Reject with this comment",
    }
    return render(request, "governance/charter_reject.html", context)


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


@require_http_methods(["GET", "POST"])
def mission_create(request: HttpRequest) -> HttpResponse:
    require(rules.can_change_mission, request)
    current = MissionStatement.objects.filter(status=MissionStatus.PUBLISHED).first()
    form = MissionForm(request.POST or None, mission=current)
    drafted = submit(request, form, lambda data: services.mission_draft(by=request.user, **data))
    if drafted is not None:
        messages.success(request, f"{drafted} was saved as a draft. Publish it when agreed.")
        return redirect(drafted)
    context = {"form": form, "title": "Draft the CX mission", "submit": "Save draft"}
    return render(request, "governance/mission_form.html", context)


@require_http_methods(["GET", "POST"])
def mission_edit(request: HttpRequest, number: int) -> HttpResponse:
    statement = _get_mission(request, number)
    require(rules.can_change_mission, request)
    form = MissionForm(request.POST or None, mission=statement)
    saved = submit(
        request,
        form,
        lambda data: services.mission_update(mission=statement, by=request.user, data=data),
        refresh=statement,
    )
    if saved is not None:
        messages.success(request, f"{statement} was saved.")
        return redirect(saved)
    context = {"form": form, "mission": statement, "title": f"Edit {statement}", "submit": "Save"}
    return render(request, "governance/mission_form.html", context)


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


def _get_statement(request: HttpRequest, pk: int) -> SuccessStatement:
    return get_scoped_or_404(
        SuccessStatement.objects.select_related("business_unit"), request.user, pk=pk
    )


@require_GET
def success_statement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    statement = _get_statement(request, pk)
    page = selectors.success_statement_page(statement=statement)
    return render(request, "governance/success_statement_detail.html", {"page": page})


@require_http_methods(["GET", "POST"])
def success_statement_create(request: HttpRequest) -> HttpResponse:
    require(rules.can_change_success_statements, request)
    form = SuccessStatementForm(request.POST or None)
    statement = submit(
        request,
        form,
        lambda data: services.success_statement_create(by=request.user, **data),
    )
    if statement is not None:
        messages.success(request, f"{statement} was created.")
        return redirect("governance:success-statement-detail", statement.pk)
    context = {"form": form, "title": "New success statement", "submit": "Create statement"}
    return render(request, "governance/success_statement_form.html", context)


@require_http_methods(["GET", "POST"])
def success_statement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    statement = _get_statement(request, pk)
    require(rules.can_change_success_statements, request)
    form = SuccessStatementForm(request.POST or None, statement=statement)
    saved = submit(
        request,
        form,
        lambda data: services.success_statement_update(
            success_statement=statement, by=request.user, data=data
        ),
        refresh=statement,
    )
    if saved is not None:
        messages.success(request, f"{statement} was saved.")
        return redirect("governance:success-statement-detail", statement.pk)
    context = {
        "form": form,
        "statement": statement,
        "title": f"Edit {statement}",
        "submit": "Save changes",
    }
    return render(request, "governance/success_statement_form.html", context)


@require_GET
def objective_list(request: HttpRequest) -> HttpResponse:
    require_role(request)
    objectives = selectors.objectives_for_list(user=request.user)
    return render(request, "governance/objective_list.html", {"objectives": objectives})


@require_http_methods(["GET", "POST"])
def objective_create(request: HttpRequest) -> HttpResponse:
    require(rules.can_change_success_statements, request)
    form = ObjectiveForm(request.POST or None)
    objective = submit(
        request, form, lambda data: services.objective_create(by=request.user, **data)
    )
    if objective is not None:
        messages.success(request, "The objective was added.")
        return redirect("governance:objective-list")
    context = {"form": form, "title": "New department objective", "submit": "Add objective"}
    return render(request, "governance/objective_form.html", context)


@require_http_methods(["GET", "POST"])
def objective_edit(request: HttpRequest, pk: int) -> HttpResponse:
    objective = get_scoped_or_404(
        DepartmentObjective.objects.select_related("business_unit", "owner"),
        request.user,
        pk=pk,
    )
    require(rules.can_change_success_statements, request)
    form = ObjectiveForm(request.POST or None, objective=objective)
    saved = submit(
        request,
        form,
        lambda data: services.objective_update(objective=objective, by=request.user, data=data),
        refresh=objective,
    )
    if saved is not None:
        messages.success(request, "The objective was saved.")
        return redirect("governance:objective-list")
    context = {
        "form": form,
        "objective": objective,
        "title": "Edit department objective",
        "submit": "Save changes",
    }
    return render(request, "governance/objective_form.html", context)
