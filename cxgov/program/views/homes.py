"""The role-aware homes: each role lands on the page that answers its first question."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cxgov.caching import cached_page
from cxgov.permissions import primary_role
from cxgov.program.homes import home_for
from cxgov.roles import Role

# Each role's home heading.
HEADINGS = {
    Role.ADMIN: "Administration",
    Role.CORE_TEAM: "Core CX team dashboard",
    Role.EXECUTIVE: "Executive summary",
    Role.STEERING_COMMITTEE: "Steering committee",
    Role.WORKING_GROUP_MEMBER: "My working groups",
    Role.VIEWER: "CX program overview",
}


@cached_page
def home(request: HttpRequest) -> HttpResponse:
    """Each role lands on its own home; a user with no role is told whom to ask."""
    role = primary_role(request.user)
    home = home_for(user=request.user, role=role)
    context = {
        "role": role,
        "heading": HEADINGS.get(role, "Welcome"),
        "home": home,
        "panels": [f"program/home/_{section}.html" for section in home.sections],
        **home.data,
    }
    return render(request, "program/home/index.html", context)
