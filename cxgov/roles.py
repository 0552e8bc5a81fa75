"""The roles of cxgov. Each is a Django group of the same name, created by a data migration."""

from django.db import models


class Role(models.TextChoices):
    ADMIN = "Admin", "Admin"
    CORE_TEAM = "Core team", "Core CX team"
    EXECUTIVE = "Executive", "Executive sponsor"
    STEERING_COMMITTEE = "Steering committee", "Steering committee"
    WORKING_GROUP_MEMBER = "Working-group member", "Working-group member"
    VIEWER = "Viewer", "Viewer"


# The order decides which home a person with several roles lands on.
ROLE_PRIORITY: tuple[Role, ...] = (
    Role.ADMIN,
    Role.CORE_TEAM,
    Role.EXECUTIVE,
    Role.STEERING_COMMITTEE,
    Role.WORKING_GROUP_MEMBER,
    Role.VIEWER,
)

# Who configures the program: bodies, RACI, charters, metric definitions.
CONFIGURERS: tuple[Role, ...] = (Role.ADMIN, Role.CORE_TEAM)
