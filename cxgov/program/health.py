"""Governance health across the program: every registered signal (each app measures its own)
for the whole program and for each active body the person may see. The signals are read once
for all bodies, so the page's query count does not grow with the organization."""

from __future__ import annotations

from typing import Any

from cxgov.health import HealthBoard, health_board
from governance.models import GovernanceBody


def governance_health(*, user: Any) -> HealthBoard:
    """The program's card and one card per active body `user` may see, by name."""
    bodies = GovernanceBody.objects.for_user(user).active().order_by("name", "pk")
    return health_board(bodies=bodies)
