"""One initiative's pages: proposing it, its detail page, editing it and posting a status update.

The helpers here (`_get_initiative`, `_form_page`, `_link_form`) are shared by the pages of
the things an initiative holds (milestones, risks, target links)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from cxgov.dates import today
from cxgov.pages import require, submit
from cxgov.permissions import can_configure
from governance.models import GovernanceBody, Tier

from .. import permissions as rules
from .. import selectors, services
from ..forms import InitiativeForm, StatusUpdateForm, TargetLinkForm
from ..models import Initiative

# Helpers


def _get_initiative(request: HttpRequest, pk: int) -> Initiative:
    return selectors.initiative_for_page(user=request.user, pk=pk)


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
