"""What governance puts in a person's digest: their action items past due."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import BooleanField, ExpressionWrapper, Q
from django.utils import timezone

from cxgov.dates import today
from cxgov.digest import DigestSection, register_digest_section
from cxgov.roles import Role

from .models import ActionItem

# A digest names the worst few; the person's home lists them all.
OVERDUE_ACTIONS_SHOWN = 20


def overdue_action_items(*, user: Any, since: dt.datetime) -> list[ActionItem]:
    """The person's own open action items past their due date, oldest due first. Each is
    marked `newly_overdue` when it fell due since `since` (the last digest): the rest were
    overdue then too and are repeated, since they still are. One query."""
    since_day = timezone.localdate(since)
    return list(
        ActionItem.objects.filter(owner=user)
        .overdue(today())
        .annotate(
            newly_overdue=ExpressionWrapper(Q(due_on__gte=since_day), output_field=BooleanField())
        )
        .select_related("body")
        .order_by("due_on", "pk")[:OVERDUE_ACTIONS_SHOWN]
    )


register_digest_section(
    DigestSection(
        key="governance.overdue-actions",
        title="Your overdue action items",
        # Anyone who holds a role may own an action item from a meeting.
        roles=frozenset(Role),
        items=overdue_action_items,
    )
)
