"""The program's pages: role-aware homes (each role lands on the page that answers its first
question), the line of sight from each KPI target to the initiatives meant to move it, and the
KPI pack of a meeting, on screen and for print."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cxgov.pages import get_scoped_or_404, require_role
from cxgov.permissions import primary_role
from cxgov.roles import Role
from governance.models import Meeting
from voc.models import KpiTarget

from . import line_of_sight as sight
from .pack import pack_page
from .selectors import home_for

LINKS_PAGE_SIZE = 50
TARGETS_PAGE_SIZE = 20

# Each role's home heading.
HEADINGS = {
    Role.ADMIN: "Administration",
    Role.CORE_TEAM: "Core CX team dashboard",
    Role.EXECUTIVE: "Executive summary",
    Role.STEERING_COMMITTEE: "Steering committee",
    Role.WORKING_GROUP_MEMBER: "My working groups",
    Role.VIEWER: "CX program overview",
}


def home(request: HttpRequest) -> HttpResponse:
    """Each role lands on its own home; a user with no role is told whom to ask."""
    role = primary_role(request.user)
    home = home_for(user=request.user, role=role)
    context = {
        "role": role,
        "heading": HEADINGS.get(role, "Welcome"),
        "home": home,
        "panels": [f"cxgov/home/_{section}.html" for section in home.sections],
        **home.data,
    }
    return render(request, "cxgov/home.html", context)


@require_GET
def line_of_sight(request: HttpRequest) -> HttpResponse:
    """Every KPI target with the initiatives meant to move it, its trend and the two flags."""
    require_role(request)
    targets = sight.line_of_sight_targets(user=request.user)
    page = Paginator(targets, TARGETS_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "sight": sight.line_of_sight(user=request.user, targets=page.object_list),
        "page": page,
    }
    return render(request, "cxgov/line_of_sight/index.html", context)


@require_GET
def line_of_sight_target(request: HttpRequest, pk: int) -> HttpResponse:
    """One KPI target: its statement and objectives, trend, and every initiative linked to it
    (a page at a time) with expected against realized change once due."""
    target = get_scoped_or_404(
        KpiTarget.objects.select_related("metric", "success_statement"), request.user, pk=pk
    )
    links = sight.target_links_for_page(user=request.user, target=target)
    page = Paginator(links, LINKS_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "t": sight.target_sight(user=request.user, target=target, links=page.object_list),
        "page": page,
        "rule": sight.RULE,
    }
    return render(request, "cxgov/line_of_sight/target.html", context)


# The KPI pack of a meeting


def _meeting(request: HttpRequest, pk: int) -> Meeting:
    """The meeting if the user may see its body's meetings, else 404."""
    return get_scoped_or_404(Meeting.objects.select_related("body"), request.user, pk=pk)


@require_GET
def meeting_pack(request: HttpRequest, pk: int) -> HttpResponse:
    """The pack: stored when the meeting has opened (frozen once it closed), else a preview."""
    page = pack_page(meeting=_meeting(request, pk), user=request.user)
    return render(request, "program/pack.html", {"page": page, "meeting": page.meeting})


@require_GET
def meeting_pack_print(request: HttpRequest, pk: int) -> HttpResponse:
    """The same pack on paper: charts as SVG, each section on a page of its own."""
    page = pack_page(meeting=_meeting(request, pk), user=request.user)
    return render(request, "program/pack_print.html", {"page": page, "meeting": page.meeting})
