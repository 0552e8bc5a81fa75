"""The authorization table's machinery: personas, the world they act in, and the rows' shape.

Each app owns `tests/<app>/authz.py` with `build(world)` (adds its objects) and `ROUTES` (a
`Route` per URL name, with a `Check` per method and the status each persona must get).
`tests/test_authorization.py` runs every check as every persona and fails when a route in the
URL conf has no row, so a new page or API action cannot arrive unguarded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from cxgov.roles import Role

# Who asks. "wg_member" sits on the Onboarding working group, "wg_other" on Complaints, "lead"
# leads Onboarding; "steering" chairs the steering committee; "sponsor" is the executive sponsor.
PERSONAS = (
    "anonymous",
    "no_role",
    "viewer",
    "wg_member",
    "wg_other",
    "lead",
    "steering",
    "sponsor",
    "core",
    "admin",
)
ROLES = {
    "viewer": Role.VIEWER,
    "wg_member": Role.WORKING_GROUP_MEMBER,
    "wg_other": Role.WORKING_GROUP_MEMBER,
    "lead": Role.WORKING_GROUP_MEMBER,
    "steering": Role.STEERING_COMMITTEE,
    "sponsor": Role.EXECUTIVE,
    "core": Role.CORE_TEAM,
    "admin": Role.ADMIN,
}
START = dt.date(2026, 1, 1)


@dataclass
class World:
    users: dict[str, Any]
    objects: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Any:
        return self.objects[name]


def statuses(default: int, *, api: bool = False, **per_persona: int) -> dict[str, int]:
    """Every persona's expected status: `default` for those holding a role, a login redirect
    (pages) or 401 (API) for anonymous, 403 for an account without a role, then overrides."""
    expected = dict.fromkeys(PERSONAS, default)
    expected["anonymous"] = 401 if api else 302
    expected["no_role"] = 403
    expected.update(per_persona)
    unknown = set(per_persona) - set(PERSONAS)
    assert not unknown, f"unknown personas: {unknown}"
    return expected


def only(ok: int, *personas: str, api: bool = False, refused: int = 403) -> dict[str, int]:
    """`ok` for the named personas, `refused` for every other role."""
    return statuses(refused, api=api, **dict.fromkeys(personas, ok))


CONFIGURERS = ("core", "admin")


@dataclass
class Check:
    method: str
    expect: dict[str, int]
    data: Callable[[World], dict] | None = None
    htmx: bool = False
    note: str = ""


@dataclass
class Route:
    name: str
    kwargs: Callable[[World], dict] = lambda world: {}
    checks: list[Check] = field(default_factory=list)
    note: str = ""  # tells two rows of one route apart ("another group's body")
    # A change made before each check, inside the check's rolled-back transaction: the state a
    # row is about ("after the lead handed the seat over"), made through the real services.
    setup: Callable[[World], None] | None = None
