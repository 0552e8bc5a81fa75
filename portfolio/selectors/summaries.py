"""Headline counts and short lists: the portfolio pages' numbers and what the program's home
pages read (awaiting decision, health by status, troubled and in-progress initiatives,
escalated risks)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from .. import permissions as rules
from ..models import OPEN_STATUSES, Health, Initiative, Risk, Status, stale_q
from .initiatives import with_stale_flag, worst_health_first


def escalated_risks(*, user: Any) -> QuerySet:
    """Escalated risks awaiting the steering committee (for its next meeting)."""
    return (
        Risk.objects.for_user(user)
        .awaiting_steering()
        .select_related("initiative", "owner", "escalated_by")
        .order_by("escalated_on", "pk")
    )


def portfolio_counts(*, user: Any) -> dict[str, int]:
    """Headline numbers for the portfolio pages. One query."""
    visible = Initiative.objects.for_user(user)
    return visible.aggregate(
        total=Count("pk"),
        open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        red=Count("pk", filter=Q(health=Health.RED, status__in=OPEN_STATUSES)),
        stale=Count("pk", filter=stale_q()),
        needs_help=Count("pk", filter=Q(needs_help=True)),
    )


# What the program's home pages read


def initiatives_awaiting_decision(*, user: Any) -> list[Initiative]:
    """Proposed initiatives `user` may approve (the decision rights name them). Two queries at
    most, whatever the number of initiatives."""
    if not rules.can_approve_initiative(user):
        return []
    return list(
        Initiative.objects.for_user(user)
        .filter(status=Status.PROPOSED)
        .for_lists()
        .order_by("start_date", "pk")
    )


def status_health_counts(*, user: Any) -> dict[str, dict[str, int]]:
    """Open and closed initiatives counted by status and by health: {status: {health: n}}.
    One query."""
    counts: dict[str, dict[str, int]] = {s: {} for s in Status.values}
    rows = (
        Initiative.objects.for_user(user)
        .values("status", "health")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        counts[row["status"]][row["health"] or ""] = row["n"]
    return counts


def troubled_initiatives(*, user: Any, limit: int = 10) -> list[Initiative]:
    """Open initiatives in red or amber, red first, the longest without an update first."""
    return list(
        with_stale_flag(
            worst_health_first(
                Initiative.objects.for_user(user)
                .filter(status__in=OPEN_STATUSES, health__in=[Health.RED, Health.AMBER])
                .for_lists()
            )
        )[:limit]
    )


def initiatives_in_progress(*, user: Any, limit: int = 10) -> list[Initiative]:
    return list(
        with_stale_flag(
            Initiative.objects.for_user(user)
            .filter(status=Status.IN_PROGRESS)
            .for_lists()
            .order_by("target_date", "pk")
        )[:limit]
    )
