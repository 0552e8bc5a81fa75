"""Portfolio pages: thin doors onto portfolio.services and portfolio.selectors.

Every page needs a cxgov role and reads through `Initiative.objects.for_user` (a proposal
outside the user's scope is a 404, like one that does not exist). A change asks the rule in
portfolio.permissions (403 with its message where the initiative is visible) and then one
service; a refusal is shown next to the field at fault and nothing is saved.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from cxgov.dates import today
from cxgov.pages import (
    REFUSALS,
    get_scoped_or_404,
    refusal_message,
    require,
    require_role,
    submit,
    swaps,
)
from cxgov.permissions import can_configure
from governance.models import GovernanceBody, Tier

from . import permissions as rules
from . import selectors, services
from .filters import page_filters
from .forms import (
    EscalateForm,
    InitiativeForm,
    MilestoneForm,
    MilestoneMarkForm,
    PriorityForm,
    RiskForm,
    StatusUpdateForm,
    TargetLinkForm,
    TransitionForm,
)
from .models import (
    OPEN_STATUSES,
    Initiative,
    Milestone,
    Risk,
    Status,
    StrategicPriority,
    TargetLink,
)

PAGE_SIZE = 50


# Helpers


def _get_initiative(request: HttpRequest, pk: int) -> Initiative:
    return selectors.initiative_for_page(user=request.user, pk=pk)


def _filter_errors(filterset) -> list[str]:
    """Each refused filter as "Label: message", so the page names the field at fault."""
    form = filterset.form

    def label(name: str) -> str:
        field = form.fields.get(name)
        return str(field.label) if field and field.label else name.replace("_", " ").capitalize()

    return [
        f"{label(name)}: {message}" for name, errors in form.errors.items() for message in errors
    ]


def _filtered(request: HttpRequest):
    filterset = selectors.initiative_filterset(
        user=request.user, data=page_filters(request.GET), request=request
    )
    valid = filterset.is_valid()
    return filterset, valid


def _query_without(request: HttpRequest, *names: str) -> str:
    params = page_filters(request.GET)
    for name in names:
        params.pop(name, None)
    return urlencode(list(params.lists()), doseq=True)


# The list and its export


@require_GET
@vary_on_headers("HX-Request")
def initiative_list(request: HttpRequest) -> HttpResponse:
    require_role(request)
    filterset, valid = _filtered(request)
    page = None
    if valid:
        rows = selectors.with_stale_flag(filterset.qs).order_by("target_date", "pk")
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = _query_without(request, "page")
    context = {
        "filterset": filterset,
        "filters": filterset.form,
        "errors": _filter_errors(filterset),
        "page": page,
        "query": query,
        "counts": selectors.portfolio_counts(user=request.user),
    }
    template = "portfolio/_results.html" if swaps(request) else "portfolio/initiative_list.html"
    return render(request, template, context, status=200 if valid else 400)


@require_GET
def initiative_export(request: HttpRequest) -> HttpResponse:
    """Exactly the rows the list shows for the same filters, as CSV."""
    require_role(request)
    filterset, valid = _filtered(request)
    if not valid:
        context = {
            "filterset": filterset,
            "filters": filterset.form,
            "errors": ["Nothing was exported.", *_filter_errors(filterset)],
            "page": None,
            "query": "",
            "counts": selectors.portfolio_counts(user=request.user),
        }
        return render(request, "portfolio/initiative_list.html", context, status=400)
    response = StreamingHttpResponse(
        selectors.initiative_csv(filterset.qs), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="initiatives-{today():%Y-%m-%d}.csv"'
    return response


# The board


def _board_context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    return {"board": selectors.board(user=request.user), **extra}


@require_GET
def board(request: HttpRequest) -> HttpResponse:
    require_role(request)
    return render(request, "portfolio/board.html", _board_context(request))


@require_POST
def initiative_transition(request: HttpRequest, pk: int) -> HttpResponse:
    """Move an initiative along its workflow: from the board (htmx answers with the board as
    stored, the card in its new column or back in its old one with the reason), or from its
    page (redirect with a message)."""
    initiative = _get_initiative(request, pk)
    form = TransitionForm(request.POST)
    from_board = request.POST.get("from") == "board"
    if from_board and swaps(request):
        notice = error = ""
        try:
            if not form.is_valid():
                raise PermissionDenied(
                    " ".join(
                        f"{form[name].label}: {' '.join(e)}" for name, e in form.errors.items()
                    )
                )
            services.initiative_transition(
                initiative=initiative,
                to_status=form.cleaned_data["to_status"],
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
            notice = f"{initiative} is now {Status(form.cleaned_data['to_status']).label.lower()}."
        except (PermissionDenied, *REFUSALS) as refusal:
            error = f"{initiative} was not moved: {refusal_message(refusal)}"
        return render(
            request, "portfolio/_board.html", _board_context(request, notice=notice, error=error)
        )
    require(rules.can_move_initiative, request, initiative)
    if form.is_valid():
        try:
            services.initiative_transition(
                initiative=initiative,
                to_status=form.cleaned_data["to_status"],
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
            label = Status(form.cleaned_data["to_status"]).label.lower()
            messages.success(request, f"{initiative} is now {label}.")
        except REFUSALS as refusal:
            messages.error(request, f"{initiative} was not moved: {refusal_message(refusal)}")
    else:
        messages.error(request, "Choose a status to move to.")
    return redirect("portfolio:board" if from_board else initiative.get_absolute_url())


# Roadmap and alignment


@require_GET
def roadmap(request: HttpRequest) -> HttpResponse:
    require_role(request)
    filterset, valid = _filtered(request)
    chart = None
    if valid:
        rows = filterset.qs
        if not filterset.form.cleaned_data.get("status"):
            rows = rows.filter(status__in=OPEN_STATUSES)
        chart = selectors.roadmap(queryset=rows)
    context = {
        "filters": filterset.form,
        "errors": _filter_errors(filterset),
        "roadmap": chart,
        "limit": selectors.ROADMAP_LIMIT,
    }
    return render(request, "portfolio/roadmap.html", context, status=200 if valid else 400)


@require_GET
def alignment(request: HttpRequest) -> HttpResponse:
    require_role(request)
    heatmap = selectors.alignment_heatmap(user=request.user)
    return render(request, "portfolio/alignment.html", {"heatmap": heatmap})


# Lists for a member and for the core team


def _simple_list(request: HttpRequest, *, title: str, lead: str, rows: QuerySet, empty: str):
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"title": title, "lead": lead, "page": page, "empty": empty, "query": ""}
    return render(request, "portfolio/simple_list.html", context)


@require_GET
def my_initiatives(request: HttpRequest) -> HttpResponse:
    require_role(request)
    return _simple_list(
        request,
        title="My initiatives",
        lead="The open initiatives of the working groups you serve on, and those you own.",
        rows=selectors.my_initiatives(user=request.user),
        empty="You serve on no working group with open initiatives, and own none.",
    )


@require_GET
def needs_help(request: HttpRequest) -> HttpResponse:
    require_role(request)
    return _simple_list(
        request,
        title="Initiatives asking for help",
        lead="Teams that asked the core CX team to step in, worst health first.",
        rows=selectors.needs_help_list(user=request.user),
        empty="No initiative is asking for help.",
    )


@require_GET
def stale(request: HttpRequest) -> HttpResponse:
    require_role(request)
    from django.conf import settings

    days = settings.CXGOV_PORTFOLIO_STALE_DAYS
    return _simple_list(
        request,
        title="Stale initiatives",
        lead=f"In progress with no status update for more than {days} days, longest silent first.",
        rows=selectors.stale_list(user=request.user),
        empty="Every initiative in progress has reported recently.",
    )


# One initiative


def _groups_for(user, *, keep: GovernanceBody | None = None):
    """The working groups `user` may propose in (all, for configurers), plus one kept."""
    groups = GovernanceBody.objects.active().filter(tier=Tier.WORKING_GROUP)
    if not can_configure(user):
        groups = groups.filter(pk__in=rules.serving_groups(user))
    if keep is not None:
        groups = groups | GovernanceBody.objects.filter(pk=keep.pk)
    return groups.order_by("name").distinct()


@require_http_methods(["GET", "POST"])
def initiative_create(request: HttpRequest) -> HttpResponse:
    require(rules.can_propose_initiative, request)
    form = InitiativeForm(
        request.POST or None,
        groups=_groups_for(request.user),
        initial={"owner": request.user.pk, "start_date": today()},
    )
    created = submit(
        request, form, lambda data: services.initiative_propose(by=request.user, **data)
    )
    if created is not None:
        messages.success(request, f"{created} was proposed; the steering committee approves it.")
        return redirect(created)
    context = {"form": form, "title": "Propose an initiative", "submit": "Propose"}
    return render(request, "portfolio/initiative_form.html", context)


def _targets_for(user):
    from voc.models import KpiTarget

    return KpiTarget.objects.for_user(user)


def _link_form(request: HttpRequest, data=None) -> TargetLinkForm:
    return TargetLinkForm(data, targets=_targets_for(request.user))


@require_GET
def initiative_detail(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _get_initiative(request, pk)
    detail = selectors.initiative_detail(initiative=initiative, user=request.user)
    context = {"detail": detail, "i": initiative}
    if detail.can_edit:
        context["link_form"] = _link_form(request)
    return render(request, "portfolio/initiative_detail.html", context)


# The KPI targets an initiative moves: htmx swaps the section in place; a plain request gets
# the full page (the form page on a refusal, a redirect on success).


def _targets_section(request: HttpRequest, initiative: Initiative, **extra: Any) -> HttpResponse:
    context = {
        "i": initiative,
        "detail": {
            "target_links": selectors.target_link_rows(initiative=initiative),
            "can_edit": True,
        },
        "link_form": extra.pop("link_form", None) or _link_form(request),
        **extra,
    }
    return render(request, "portfolio/_target_links.html", context)


@require_http_methods(["GET", "POST"])
def target_link_create(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _get_initiative(request, pk)
    require(rules.can_edit_initiative, request, initiative)
    form = _link_form(request, request.POST or None)
    link = submit(
        request,
        form,
        lambda data: services.target_link_create(by=request.user, initiative=initiative, **data),
    )
    if link is not None:
        notice = (
            f"{initiative} is linked to {link.target.metric}: a "
            f"{link.get_direction_display().lower()} of {link.expected_change:g} expected."
        )
        if swaps(request):
            return _targets_section(request, initiative, notice=notice)
        messages.success(request, notice)
        return redirect(f"{initiative.get_absolute_url()}#targets")
    if request.method == "POST" and swaps(request):
        return _targets_section(request, initiative, link_form=form)
    return _form_page(
        request,
        form=form,
        title=f"Link {initiative} to a KPI target",
        submit_label="Link target",
        initiative=initiative,
        lead=f"The change it expects, in the metric's unit, and by when (not before it starts on "
        f"{initiative.start_date:%d %b %Y}).",
    )


def _get_link(request: HttpRequest, pk: int) -> TargetLink:
    return get_scoped_or_404(
        TargetLink.objects.select_related(
            "initiative__working_group", "target__metric", "target__success_statement"
        ),
        request.user,
        pk=pk,
    )


@require_http_methods(["GET", "POST"])
def target_link_edit(request: HttpRequest, pk: int) -> HttpResponse:
    link = _get_link(request, pk)
    initiative = link.initiative
    require(rules.can_edit_initiative, request, initiative)
    form = TargetLinkForm(request.POST or None, link=link)
    saved = submit(
        request,
        form,
        lambda data: services.target_link_update(link=link, by=request.user, data=data),
        refresh=link,
    )
    if saved is not None:
        notice = f"The link to {link.target.metric} was saved."
        if swaps(request):
            return _targets_section(request, initiative, notice=notice)
        messages.success(request, notice)
        return redirect(f"{initiative.get_absolute_url()}#targets")
    return _form_page(
        request,
        form=form,
        title=f"Edit the link from {initiative} to {link.target}",
        submit_label="Save link",
        initiative=initiative,
        lead=f"Target: {link.target} ({link.target.success_statement}).",
    )


@require_POST
def target_link_delete(request: HttpRequest, pk: int) -> HttpResponse:
    link = _get_link(request, pk)
    initiative = link.initiative
    require(rules.can_edit_initiative, request, initiative)
    services.target_link_delete(link=link, by=request.user)
    notice = f"{initiative} no longer claims to move {link.target}."
    if swaps(request):
        return _targets_section(request, initiative, notice=notice)
    messages.success(request, notice)
    return redirect(f"{initiative.get_absolute_url()}#targets")


@require_http_methods(["GET", "POST"])
def initiative_edit(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _get_initiative(request, pk)
    require(rules.can_edit_initiative, request, initiative)
    form = InitiativeForm(
        request.POST or None,
        groups=_groups_for(request.user, keep=initiative.working_group),
        initiative=initiative,
    )
    saved = submit(
        request,
        form,
        lambda data: services.initiative_update(initiative=initiative, by=request.user, data=data),
        refresh=initiative,
    )
    if saved is not None:
        messages.success(request, f"{initiative} was saved.")
        return redirect(initiative)
    context = {
        "form": form,
        "initiative": initiative,
        "title": f"Edit {initiative}",
        "submit": "Save changes",
    }
    return render(request, "portfolio/initiative_form.html", context)


def _form_page(request, *, form, title: str, submit_label: str, initiative, lead: str = ""):
    context = {
        "form": form,
        "title": title,
        "submit": submit_label,
        "initiative": initiative,
        "lead": lead,
    }
    return render(request, "portfolio/form_page.html", context)


@require_http_methods(["GET", "POST"])
def status_update_create(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _get_initiative(request, pk)
    require(rules.can_edit_initiative, request, initiative)
    form = StatusUpdateForm(request.POST or None, initiative=initiative)
    update = submit(
        request,
        form,
        lambda data: services.status_update_create(by=request.user, initiative=initiative, **data),
        refresh=initiative,
    )
    if update is not None:
        text = f"Status update posted: {update.get_health_display().lower()}."
        if form.cleaned_data.get("needs_help"):
            text += " The core CX team sees your request for help."
        messages.success(request, text)
        return redirect(initiative)
    return _form_page(
        request,
        form=form,
        title=f"Status update for {initiative}",
        submit_label="Post update",
        initiative=initiative,
        lead="The latest update sets the initiative's health and progress.",
    )


@require_http_methods(["GET", "POST"])
def milestone_create(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _get_initiative(request, pk)
    require(rules.can_edit_initiative, request, initiative)
    form = MilestoneForm(request.POST or None)
    milestone = submit(
        request,
        form,
        lambda data: services.milestone_create(by=request.user, initiative=initiative, **data),
    )
    if milestone is not None:
        messages.success(request, f"Milestone “{milestone}” added.")
        return redirect(f"{initiative.get_absolute_url()}#milestones")
    return _form_page(
        request,
        form=form,
        title=f"New milestone for {initiative}",
        submit_label="Add milestone",
        initiative=initiative,
        lead=f"Due between {initiative.start_date:%d %b %Y} and "
        f"{initiative.target_date:%d %b %Y}, the initiative's dates.",
    )


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


@require_http_methods(["GET", "POST"])
def risk_create(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _get_initiative(request, pk)
    require(rules.can_edit_initiative, request, initiative)
    form = RiskForm(request.POST or None, initial={"owner": request.user.pk})
    risk = submit(
        request,
        form,
        lambda data: services.risk_create(by=request.user, initiative=initiative, **data),
    )
    if risk is not None:
        messages.success(request, f"Risk “{risk}” raised.")
        return redirect(f"{initiative.get_absolute_url()}#risks")
    return _form_page(
        request,
        form=form,
        title=f"Raise a risk on {initiative}",
        submit_label="Raise risk",
        initiative=initiative,
    )


def _get_risk(request: HttpRequest, pk: int) -> Risk:
    return get_scoped_or_404(
        Risk.objects.select_related("initiative__working_group", "owner"), request.user, pk=pk
    )


@require_http_methods(["GET", "POST"])
def risk_edit(request: HttpRequest, pk: int) -> HttpResponse:
    risk = _get_risk(request, pk)
    require(rules.can_edit_initiative, request, risk.initiative)
    form = RiskForm(request.POST or None, risk=risk)
    saved = submit(
        request,
        form,
        lambda data: services.risk_update(risk=risk, by=request.user, data=data),
        refresh=risk,
    )
    if saved is not None:
        messages.success(request, f"Risk “{risk}” saved.")
        return redirect(f"{risk.initiative.get_absolute_url()}#risks")
    return _form_page(
        request,
        form=form,
        title=f"Edit risk “{risk}”",
        submit_label="Save risk",
        initiative=risk.initiative,
    )


@require_http_methods(["GET", "POST"])
def risk_escalate(request: HttpRequest, pk: int) -> HttpResponse:
    risk = _get_risk(request, pk)
    require(rules.can_edit_initiative, request, risk.initiative)
    form = EscalateForm(request.POST or None)
    escalated = submit(
        request,
        form,
        lambda data: services.risk_escalate(risk=risk, by=request.user, note=data["note"]),
        refresh=risk,
    )
    if escalated is not None:
        messages.success(request, f"“{risk}” goes to the steering committee's next meeting.")
        return redirect(f"{risk.initiative.get_absolute_url()}#risks")
    return _form_page(
        request,
        form=form,
        title=f"Escalate “{risk}” to the steering committee",
        submit_label="Escalate",
        initiative=risk.initiative,
        lead=f"Severity {risk.severity} (likelihood {risk.likelihood} × impact {risk.impact}).",
    )


# Strategic priorities


@require_GET
def priority_list(request: HttpRequest) -> HttpResponse:
    require_role(request)
    from django.db.models import Count, Q

    priorities = StrategicPriority.objects.for_user(request.user).annotate(
        open_count=Count("initiatives", filter=Q(initiatives__status__in=OPEN_STATUSES))
    )
    return render(request, "portfolio/priority_list.html", {"priorities": priorities})


@require_http_methods(["GET", "POST"])
def priority_create(request: HttpRequest) -> HttpResponse:
    require(rules.can_set_priorities, request)
    form = PriorityForm(request.POST or None, initial={"period": str(today().year)})
    created = submit(request, form, lambda data: services.priority_create(by=request.user, **data))
    if created is not None:
        messages.success(request, f"Priority “{created}” added.")
        return redirect("portfolio:priority-list")
    return _form_page(
        request, form=form, title="New strategic priority", submit_label="Add", initiative=None
    )


@require_http_methods(["GET", "POST"])
def priority_edit(request: HttpRequest, pk: int) -> HttpResponse:
    priority = get_scoped_or_404(StrategicPriority.objects.all(), request.user, pk=pk)
    require(rules.can_set_priorities, request, priority)
    form = PriorityForm(request.POST or None, priority=priority)
    saved = submit(
        request,
        form,
        lambda data: services.priority_update(priority=priority, by=request.user, data=data),
        refresh=priority,
    )
    if saved is not None:
        messages.success(request, f"Priority “{priority}” saved.")
        return redirect("portfolio:priority-list")
    return _form_page(
        request, form=form, title=f"Edit “{priority}”", submit_label="Save", initiative=None
    )
