"""The KPI pack of a meeting, on screen and for print, and the chair's buttons: rebuild the
pack before the meeting, store the pack of a meeting that took place without one."""

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from cxgov.caching import cached_page
from cxgov.pages import REFUSALS, get_scoped_or_404, refusal_message, require
from cxgov.program.pack.page import pack_page
from cxgov.program.services import kpi_pack_rebuild, kpi_pack_store_late
from governance.models import Meeting
from governance.permissions import can_run_meeting


def _meeting(request: HttpRequest, pk: int) -> Meeting:
    """The meeting if the user may see its body's meetings, else 404."""
    return get_scoped_or_404(Meeting.objects.select_related("body"), request.user, pk=pk)


@cached_page
@require_GET
def meeting_pack(request: HttpRequest, pk: int) -> HttpResponse:
    """The pack: live until the meeting opens, frozen from then (pack_mode)."""
    page = pack_page(meeting=_meeting(request, pk), user=request.user)
    return render(request, "program/pack/index.html", {"page": page, "meeting": page.meeting})


@require_GET
def meeting_pack_print(request: HttpRequest, pk: int) -> HttpResponse:
    """The same pack on paper: charts as SVG, sections flowing from page to page."""
    page = pack_page(meeting=_meeting(request, pk), user=request.user)
    return render(request, "program/pack/print.html", {"page": page, "meeting": page.meeting})


@require_POST
def meeting_pack_store(request: HttpRequest, pk: int) -> HttpResponse:
    """Store and freeze the late pack of a meeting that took place without one."""
    meeting = _meeting(request, pk)
    require(can_run_meeting, request, meeting)
    try:
        kpi_pack_store_late(meeting=meeting, by=request.user)
    except REFUSALS as refusal:
        messages.error(request, refusal_message(refusal))
    else:
        messages.success(request, "The pack is stored and frozen as of the meeting.")
    return redirect(reverse("program:meeting-pack", args=[meeting.pk]))


@require_POST
def meeting_pack_rebuild(request: HttpRequest, pk: int) -> HttpResponse:
    """Rebuild the live pack now and say when it was read and what it holds."""
    meeting = _meeting(request, pk)
    require(can_run_meeting, request, meeting)
    try:
        data = kpi_pack_rebuild(meeting=meeting, by=request.user)
    except REFUSALS as refusal:
        messages.error(request, refusal_message(refusal))
    else:
        messages.success(request, rebuilt_message(data))
    return redirect(reverse("program:meeting-pack", args=[meeting.pk]))


def rebuilt_message(data: dict) -> str:
    sections = data["sections"]
    read_at = timezone.localtime(dt.datetime.fromisoformat(data["as_of"]))
    kpis = len(sections["kpis"].get("items", []))
    decisions = sections["decisions"].get("total", len(sections["decisions"].get("items", [])))
    return (
        f"The pack was rebuilt from the data as it stood at {read_at:%H:%M}: "
        f"{kpis} KPI{pluralize(kpis)}, {decisions} decision{pluralize(decisions)} awaiting "
        "the body. It is read afresh until the meeting opens."
    )
