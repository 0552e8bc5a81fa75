"""What the program puts in a person's digest: the governance health score, its change since
the last monthly snapshot, and the weakest signal (the summary the homes and the pack show)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.urls import reverse

from cxgov.digest import DigestItem, DigestSection, register_digest_section
from cxgov.roles import Role

from .health import program_health_summary

# Those who steer the program by it.
HEALTH_READERS = frozenset({Role.ADMIN, Role.CORE_TEAM, Role.EXECUTIVE, Role.STEERING_COMMITTEE})


def health_change(*, users: Sequence[Any], since: dt.datetime) -> dict[int, list]:
    """The program's score now and its change since the latest snapshot of an earlier month,
    the same for every reader; nothing when no signal has data (there is no score). A fixed
    number of queries, whoever reads."""
    summary = program_health_summary()
    if summary.score is None:
        return {}
    if summary.change is None:
        change = "no earlier monthly snapshot to compare it with yet"
    elif summary.change == 0:
        change = f"unchanged since {summary.since:%B %Y}"
    else:
        direction = "up" if summary.change > 0 else "down"
        change = f"{direction} {summary.change_size} since {summary.since:%B %Y}"
    items = [
        DigestItem(
            text=f"Governance health is {summary.score} out of 100",
            link=reverse("program:health"),
            note=change,
        )
    ]
    if summary.weakest is not None:
        items.append(
            DigestItem(
                text=f"The weakest signal: {summary.weakest.title}",
                link=summary.weakest.records_url,
                note=f"{summary.weakest.percent}%",
            )
        )
    return {user.pk: items for user in users}


register_digest_section(
    DigestSection(
        key="program.health",
        title="Governance health",
        roles=HEALTH_READERS,
        items=health_change,
    )
)
