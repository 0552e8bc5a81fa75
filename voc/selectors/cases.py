"""Closed-loop reads: cases against the service level per touchpoint, business unit and
working group, a person's own cases, the core team's counts. Each is a fixed number of
queries on the case table (never on responses), whatever the number of cases."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, QuerySet

from cxgov.dates import today
from governance.models import BusinessUnit, GovernanceBody, Tier
from governance.models.structure import serving_q

from ..models import OPEN_CASE_STATUSES, CaseStatus, ClosedLoopCase, Touchpoint

# What the counts count, as conditions on a case (`prefix` reaches it from another model).
OPEN = Q(status__in=OPEN_CASE_STATUSES)
CLOSED = Q(status=CaseStatus.CLOSED)


def _counts(on: dt.date) -> dict[str, Count]:
    return {
        "open": Count("pk", filter=OPEN),
        "overdue": Count("pk", filter=OPEN & Q(due_on__lt=on)),
        "closed_in_time": Count("pk", filter=CLOSED & Q(closed_on__lte=F("due_on"))),
        "closed_late": Count("pk", filter=CLOSED & Q(closed_on__gt=F("due_on"))),
        "total": Count("pk"),
    }


@dataclass(frozen=True)
class CaseCounts:
    """Cases against the service level for one touchpoint, business unit or working group."""

    key: int | None  # the id; None for cases with no touchpoint (or unit, or group)
    name: str
    open: int
    overdue: int
    closed_in_time: int
    closed_late: int
    total: int

    @property
    def closed(self) -> int:
        return self.closed_in_time + self.closed_late

    @property
    def in_time_percent(self) -> float | None:
        """Share of closed cases closed within the service level; None before any closed."""
        return 100 * self.closed_in_time / self.closed if self.closed else None


def _rows(grouped: QuerySet, field: str, names: dict[int, str], none: str) -> list[CaseCounts]:
    rows = [
        CaseCounts(
            key=row[field],
            name=names.get(row[field], none) if row[field] is not None else none,
            **{k: row[k] for k in ("open", "overdue", "closed_in_time", "closed_late", "total")},
        )
        for row in grouped
    ]
    return sorted(rows, key=lambda r: (r.key is None, r.name.lower()))


def case_counts_by_touchpoint(*, on: dt.date | None = None) -> list[CaseCounts]:
    """Open, overdue, closed within the service level and closed late, per touchpoint. Two
    queries."""
    on = on or today()
    grouped = ClosedLoopCase.objects.order_by().values("touchpoint_id").annotate(**_counts(on))
    names = dict(Touchpoint.objects.values_list("pk", "name"))
    return _rows(grouped, "touchpoint_id", names, "No touchpoint")


def case_counts_by_business_unit(*, on: dt.date | None = None) -> list[CaseCounts]:
    """The same counts per business unit. Two queries."""
    on = on or today()
    grouped = ClosedLoopCase.objects.order_by().values("business_unit_id").annotate(**_counts(on))
    names = dict(BusinessUnit.objects.values_list("pk", "name"))
    return _rows(grouped, "business_unit_id", names, "No business unit")


def case_counts_by_working_group(*, on: dt.date | None = None) -> list[CaseCounts]:
    """The same counts per working group, through the owners' seats: a case counts for each
    working group its owner serves on today (an owner on two groups counts in both; cases
    whose owner serves on none are left out). Two queries."""
    on = on or today()
    seat = serving_q(on, prefix="owner__memberships__") & Q(
        owner__memberships__body__tier=Tier.WORKING_GROUP
    )
    grouped = (
        ClosedLoopCase.objects.filter(seat)
        .order_by()
        .values(group=F("owner__memberships__body_id"))
        .annotate(**_counts(on))
    )
    names = dict(GovernanceBody.objects.filter(tier=Tier.WORKING_GROUP).values_list("pk", "name"))
    return _rows(grouped, "group", names, "")


@dataclass(frozen=True)
class CaseSummary:
    open: int
    overdue: int
    unassigned: int


def case_summary(*, user: Any, on: dt.date | None = None) -> CaseSummary:
    """Open, overdue and unassigned open cases among those `user` sees. One query."""
    on = on or today()
    counts = ClosedLoopCase.objects.for_user(user).aggregate(
        open=Count("pk", filter=OPEN),
        overdue=Count("pk", filter=OPEN & Q(due_on__lt=on)),
        unassigned=Count("pk", filter=OPEN & Q(owner__isnull=True)),
    )
    return CaseSummary(**counts)


def cases_for_list(*, user: Any) -> QuerySet[ClosedLoopCase]:
    """The cases `user` sees, shaped for a list (no comments: a list does not show them)."""
    return (
        ClosedLoopCase.objects.for_user(user)
        .select_related("metric", "touchpoint", "business_unit", "owner")
        .defer("closing_note")
        .order_by("due_on", "pk")
    )


def my_cases(*, user: Any) -> QuerySet[ClosedLoopCase]:
    """The open cases `user` owns, soonest due first."""
    return (
        ClosedLoopCase.objects.filter(owner=user)
        .open()
        .select_related("metric", "touchpoint", "business_unit")
        .order_by("due_on", "pk")
    )


def case_for_page(*, user: Any, pk: int) -> ClosedLoopCase:
    """One case with its response, for the case page: 404 outside the user's scope."""
    from cxgov.pages import get_scoped_or_404

    return get_scoped_or_404(
        ClosedLoopCase.objects.select_related(
            "response", "response__touchpoint", "response__channel", "response__segment",
            "metric", "touchpoint", "business_unit", "owner", "escalation_lead",
            "escalation_meeting__body",
        ),
        user,
        pk=pk,
    )  # fmt: skip


def cases_escalated_to_steering(*, on: dt.date | None = None) -> QuerySet[ClosedLoopCase]:
    """Cases the escalation ladder took to the steering committee by `on` and still open:
    what its next pack lists, longest waiting first."""
    on = on or today()
    return (
        ClosedLoopCase.objects.open()
        .escalated_to_steering()
        .filter(escalated_to_steering_on__lte=on)
        .select_related("metric", "touchpoint", "business_unit", "owner", "escalation_lead")
        .order_by("opened_on", "pk")
    )
