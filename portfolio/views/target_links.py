"""The KPI targets an initiative moves: htmx swaps the section in place; a plain request gets
the full page (the form page on a refusal, a redirect on success)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from cxgov.pages import get_scoped_or_404, require, submit, swaps

from .. import permissions as rules
from .. import selectors, services
from ..forms import TargetLinkForm
from ..models import Initiative, TargetLink
from .initiatives import _form_page, _get_initiative, _link_form


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
