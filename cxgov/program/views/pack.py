"""The KPI pack of a meeting, on screen and for print."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cxgov.pages import get_scoped_or_404
from cxgov.program.pack.page import pack_page
from governance.models import Meeting


def _meeting(request: HttpRequest, pk: int) -> Meeting:
    """The meeting if the user may see its body's meetings, else 404."""
    return get_scoped_or_404(Meeting.objects.select_related("body"), request.user, pk=pk)


@require_GET
def meeting_pack(request: HttpRequest, pk: int) -> HttpResponse:
    """The pack: stored when the meeting has opened (frozen once it closed), else a preview."""
    page = pack_page(meeting=_meeting(request, pk), user=request.user)
    return render(request, "program/pack/index.html", {"page": page, "meeting": page.meeting})


@require_GET
def meeting_pack_print(request: HttpRequest, pk: int) -> HttpResponse:
    """The same pack on paper: charts as SVG, each section on a page of its own."""
    page = pack_page(meeting=_meeting(request, pk), user=request.user)
    return render(request, "program/pack/print.html", {"page": page, "meeting": page.meeting})
