"""Risk pages: recording, editing and escalating an initiative's risks."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from cxgov.pages import get_scoped_or_404, require, submit

from .. import permissions as rules
from .. import services
from ..forms import EscalateForm, RiskForm
from ..models import Risk
from .initiatives import _form_page, _get_initiative


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
