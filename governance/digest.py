"""What governance puts in a person's digest: their action items (overdue, and open), the
decisions made in the bodies whose meetings they may see, and the items of the standards
library they own that are due for review."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db.models import BooleanField, ExpressionWrapper, Q
from django.urls import reverse
from django.utils import timezone

from cxgov.dates import today
from cxgov.digest import (
    DigestItem,
    DigestSection,
    by_person,
    days,
    first_few,
    register_digest_section,
)
from cxgov.roles import Role

from . import permissions as rules
from .models import ActionItem, Decision, Membership, Standard
from .models.standards import REVIEW_NOTICE_DAYS


def _pks(users: Sequence[Any]) -> list[int]:
    return [user.pk for user in users]


def overdue_action_items(*, users: Sequence[Any], since: dt.datetime) -> dict[int, list]:
    """Each person's own open action items past their due date, oldest due first; those that
    fell due since `since` (the last digest's period) are marked new, the rest were overdue
    then too and are repeated, since they still are. One query."""
    since_day = timezone.localdate(since)
    on = today()
    items = (
        ActionItem.objects.filter(owner__in=_pks(users))
        .overdue(on)
        .annotate(
            newly_overdue=ExpressionWrapper(Q(due_on__gte=since_day), output_field=BooleanField())
        )
        .select_related("body")
        .order_by("owner_id", "due_on", "pk")
    )
    listed = reverse("governance:action-item-list")
    return {
        person: first_few(
            rows,
            lambda item: DigestItem(
                text=f"{item.title} ({item.body.name})",
                link=item.body.get_absolute_url(),
                note=f"due {item.due_on:%-d %b %Y}, {days(on - item.due_on)} late"
                + (", newly overdue" if item.newly_overdue else ""),
            ),
            more_link=listed,
        )
        for person, rows in by_person(items, lambda item: item.owner_id).items()
    }


def open_action_items(*, users: Sequence[Any], since: dt.datetime) -> dict[int, list]:
    """Each person's own open action items not yet due, soonest due first. One query."""
    items = (
        ActionItem.objects.filter(owner__in=_pks(users), due_on__gte=today())
        .open()
        .select_related("body")
        .order_by("owner_id", "due_on", "pk")
    )
    listed = reverse("governance:action-item-list")
    return {
        person: first_few(
            rows,
            lambda item: DigestItem(
                text=f"{item.title} ({item.body.name})",
                link=item.body.get_absolute_url(),
                note=f"due {item.due_on:%-d %b %Y}",
            ),
            more_link=listed,
        )
        for person, rows in by_person(items, lambda item: item.owner_id).items()
    }


def decisions_made(*, users: Sequence[Any], since: dt.datetime) -> dict[int, list]:
    """The decisions recorded on or after `since`'s day in the bodies whose meetings each
    person may see (every body for those the rule lets see all meetings, else the bodies they
    sit in: the scope of `Decision.objects.for_user`), newest first. Two queries."""
    decisions = list(
        Decision.objects.filter(decided_on__gte=timezone.localdate(since))
        .select_related("body")
        .order_by("-decided_on", "-pk")
    )
    if not decisions:
        return {}
    seats = Membership.objects.filter(person__in=_pks(users)).values_list("person_id", "body_id")
    bodies: dict[int, set[int]] = {}
    for person, body in seats:
        bodies.setdefault(person, set()).add(body)
    decision_log = reverse("governance:decision-log")
    found = {}
    for user in users:
        sees_all = rules.can_see_all_meetings(user)
        own = bodies.get(user.pk, set())
        visible = [d for d in decisions if sees_all or d.body_id in own]
        found[user.pk] = first_few(
            visible,
            lambda decision: DigestItem(
                text=f"{decision.body.name}: {decision.text}",
                link=decision_log,
                note=f"{decision.decided_on:%-d %b %Y}",
            ),
            more_link=decision_log,
        )
    return found


def standards_due_for_review(*, users: Sequence[Any], since: dt.datetime) -> dict[int, list]:
    """Each person's own items of the standards library whose review date has passed or
    comes within REVIEW_NOTICE_DAYS, the longest overdue first. Said every period until the
    owner reviews it (sets a new date), as it is still due. One query."""
    on = today()
    due = (
        Standard.objects.filter(owner__in=_pks(users))
        .review_due(on, within=REVIEW_NOTICE_DAYS)
        .order_by("owner_id", "review_on", "title", "pk")
    )
    library = reverse("governance:standard-list")
    return {
        person: first_few(
            rows,
            lambda standard: DigestItem(
                text=f"{standard.title} ({standard.get_kind_display().lower()})",
                link=standard.get_absolute_url(),
                note=_review_note(standard.review_on, on),
            ),
            more_link=library,
        )
        for person, rows in by_person(due, lambda standard: standard.owner_id).items()
    }


def _review_note(review_on: dt.date, on: dt.date) -> str:
    if review_on < on:
        return f"review was due {review_on:%-d %b %Y}, {days(on - review_on)} ago"
    if review_on == on:
        return "review due today"
    return f"review due {review_on:%-d %b %Y}, in {days(review_on - on)}"


# Anyone who holds a role may own an action item from a meeting.
register_digest_section(
    DigestSection(
        key="governance.overdue-actions",
        title="Your overdue action items",
        roles=frozenset(Role),
        items=overdue_action_items,
    )
)
register_digest_section(
    DigestSection(
        key="governance.open-actions",
        title="Your open action items",
        roles=frozenset(Role),
        items=open_action_items,
    )
)
register_digest_section(
    DigestSection(
        key="governance.decisions",
        title="Decisions made",
        roles=frozenset(Role),
        items=decisions_made,
    )
)
# Anyone the core team names may own an item of the library.
register_digest_section(
    DigestSection(
        key="governance.standards-review",
        title="Your standards due for review",
        roles=frozenset(Role),
        items=standards_due_for_review,
    )
)
