"""The portfolio board, and moving an initiative along its workflow (from the board or its page)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from cxgov.caching import cached_page
from cxgov.pages import REFUSALS, refusal_message, require, require_role, swaps

from .. import permissions as rules
from .. import selectors, services
from ..forms import TransitionForm
from ..models import Status
from .initiatives import _get_initiative

# The board


def _board_context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    return {"board": selectors.board(user=request.user), **extra}


@cached_page
@require_GET
def board(request: HttpRequest) -> HttpResponse:
    require_role(request)
    context = _board_context(request, focus=selectors.focus_board())
    return render(request, "portfolio/board.html", context)


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
                version_read=form.cleaned_data["version"],
                focus_reason=form.cleaned_data["focus_reason"],
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
                version_read=form.cleaned_data["version"],
                focus_reason=form.cleaned_data["focus_reason"],
            )
            label = Status(form.cleaned_data["to_status"]).label.lower()
            messages.success(request, f"{initiative} is now {label}.")
        except REFUSALS as refusal:
            messages.error(request, f"{initiative} was not moved: {refusal_message(refusal)}")
    else:
        messages.error(request, "Choose a status to move to.")
    return redirect("portfolio:board" if from_board else initiative.get_absolute_url())
