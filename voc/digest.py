"""What the voice of the customer puts in a person's digest: the KPI changes outside the noise
(the nightly alerts' own test: the change's 95% interval excludes zero), and the person's own
closed-loop cases past their service level."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.urls import reverse

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

from .models import Alert, AlertKind, ClosedLoopCase

# Those who follow the KPIs and act on them.
KPI_READERS = frozenset({Role.ADMIN, Role.CORE_TEAM, Role.EXECUTIVE, Role.STEERING_COMMITTEE})


def kpi_changes(*, users: Sequence[Any], since: dt.datetime) -> dict[int, list]:
    """The KPI changes outside the noise raised since `since`, newest period first: the same
    for every reader (KPIs are open to every role). One query."""
    raised = (
        Alert.objects.filter(kind=AlertKind.OUTSIDE_NOISE, raised_at__gte=since)
        .select_related("metric")
        .order_by("-period_start", "metric__name", "pk")
    )
    alerts = first_few(
        list(raised),
        lambda alert: DigestItem(text=alert.message, link=alert.get_absolute_url()),
        more_link=reverse("voc:index"),
    )
    return {user.pk: alerts for user in users} if alerts else {}


def overdue_cases(*, users: Sequence[Any], since: dt.datetime) -> dict[int, list]:
    """Each person's own open closed-loop cases past their service level (due date), longest
    overdue first. One query."""
    on = today()
    cases = (
        ClosedLoopCase.objects.overdue(on)
        .filter(owner__in=[user.pk for user in users])
        .select_related("metric", "touchpoint")
        .order_by("owner_id", "due_on", "pk")
    )
    listed = reverse("voc:case-list")
    return {
        person: first_few(
            rows,
            lambda case: DigestItem(
                text=f"Case {case.pk}: a {case.metric} response"
                + (f" at {case.touchpoint}" if case.touchpoint_id else ""),
                link=case.get_absolute_url(),
                note=f"due {case.due_on:%-d %b %Y}, {days(on - case.due_on)} past",
            ),
            more_link=listed,
        )
        for person, rows in by_person(cases, lambda case: case.owner_id).items()
    }


register_digest_section(
    DigestSection(
        key="voc.kpi-changes",
        title="KPI changes outside the noise",
        roles=KPI_READERS,
        items=kpi_changes,
    )
)
register_digest_section(
    DigestSection(
        key="voc.overdue-cases",
        title="Your cases past their service level",
        # Those who may own a case: anyone who acts (a viewer only reads).
        roles=frozenset(Role) - {Role.VIEWER},
        items=overdue_cases,
    )
)
