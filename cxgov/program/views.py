"""Role-aware homes: each role lands on the page that answers its first question."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cxgov.permissions import primary_role
from cxgov.roles import Role

from .selectors import home_context

# Each role's home: its heading and the partial with that role's panels.
HOMES = {
    Role.ADMIN: ("Administration", "cxgov/home/_admin.html"),
    Role.CORE_TEAM: ("Core CX team dashboard", "cxgov/home/_core_team.html"),
    Role.EXECUTIVE: ("Executive summary", "cxgov/home/_executive.html"),
    Role.STEERING_COMMITTEE: ("Steering committee", "cxgov/home/_steering_committee.html"),
    Role.WORKING_GROUP_MEMBER: ("My working groups", "cxgov/home/_working_group_member.html"),
    Role.VIEWER: ("CX program overview", "cxgov/home/_viewer.html"),
}


def home(request: HttpRequest) -> HttpResponse:
    """Each role lands on its own home; a user with no role is told whom to ask."""
    role = primary_role(request.user)
    heading, panels = HOMES.get(role, ("Welcome", "cxgov/home/_no_role.html"))
    context = {"role": role, "heading": heading, "panels": panels, **home_context(request.user)}
    return render(request, "cxgov/home.html", context)
