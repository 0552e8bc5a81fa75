"""What the portfolio puts in a person's digest: the initiatives they own that are still open,
each with its health, worst first, and a word where it has gone quiet."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db.models import Case, IntegerField, Value, When
from django.urls import reverse

from cxgov.digest import DigestItem, DigestSection, by_person, first_few, register_digest_section
from cxgov.roles import Role

from .models import HEALTH_RANK, OPEN_STATUSES, Initiative


def owned_initiatives(*, users: Sequence[Any], since: dt.datetime) -> dict[int, list]:
    """Each person's own open initiatives (whatever their status, a proposal too: the owner
    sees it), red first, then amber, green and not reported yet; each noted with its health,
    its status and, when in progress with no recent update, that it is stale. One query."""
    rank = Case(
        *(When(health=health, then=Value(-r)) for health, r in HEALTH_RANK.items()),
        output_field=IntegerField(),
    )
    initiatives = (
        Initiative.objects.filter(owner__in=[user.pk for user in users], status__in=OPEN_STATUSES)
        .annotate(health_rank=rank)
        .order_by("owner_id", "health_rank", "title", "pk")
    )
    listed = reverse("portfolio:index")
    return {
        person: first_few(
            rows,
            lambda initiative: DigestItem(
                text=initiative.title,
                link=initiative.get_absolute_url(),
                note=", ".join(
                    part
                    for part in (
                        f"health {initiative.get_health_display().lower()}"
                        if initiative.health
                        else "no health reported yet",
                        initiative.get_status_display().lower(),
                        "no status update lately" if initiative.is_stale else "",
                    )
                    if part
                ),
            ),
            more_link=listed,
        )
        for person, rows in by_person(initiatives, lambda i: i.owner_id).items()
    }


register_digest_section(
    DigestSection(
        key="portfolio.initiatives",
        title="Your initiatives and their health",
        # Those who may own an initiative: anyone who acts (a viewer only reads).
        roles=frozenset(Role) - {Role.VIEWER},
        items=owned_initiatives,
    )
)
