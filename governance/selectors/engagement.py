"""Leadership engagement by quarter: for each leader (serving on the executive sponsor's body
or the steering committee, or holding a target, or having logged one this quarter), how many
engagements of each kind, against the sponsor's target. Four queries at any size."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Count

from cxgov.dates import today
from cxgov.people import person_name

from ..models import Engagement, EngagementKind, EngagementTarget, Membership, Tier

LEADING_TIERS = (Tier.EXECUTIVE_SPONSOR, Tier.STEERING_COMMITTEE)


def quarter_of(day: dt.date) -> tuple[dt.date, dt.date]:
    """The first day of `day`'s quarter and the first day of the next."""
    first = dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    month = first.month + 3
    return first, dt.date(first.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


@dataclass
class LeaderEngagement:
    person: object
    name: str
    counts: dict[str, int]  # by kind
    target: int | None

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def met(self) -> bool | None:
        return None if self.target is None else self.total >= self.target

    def by_kind(self) -> list[int]:
        return [self.counts.get(kind, 0) for kind in EngagementKind.values]


@dataclass
class EngagementQuarter:
    start: dt.date
    end: dt.date  # the first day after the quarter
    rows: list[LeaderEngagement] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"Q{(self.start.month - 1) // 3 + 1} {self.start.year}"

    @property
    def kinds(self) -> list[str]:
        return list(EngagementKind.labels)

    @property
    def behind(self) -> list[LeaderEngagement]:
        return [row for row in self.rows if row.met is False]


def engagement_quarter(*, on: dt.date | None = None) -> EngagementQuarter:
    """The quarter holding `on` (default today), one row per leader, those behind their
    target first, then by name."""
    start, end = quarter_of(on or today())
    leaders = set(
        Membership.objects.active()
        .filter(body__tier__in=LEADING_TIERS)
        .values_list("person_id", flat=True)
    )
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for person_id, kind, n in (
        Engagement.objects.filter(happened_on__gte=start, happened_on__lt=end)
        .values_list("person_id", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        counts[person_id][kind] = n
    targets = dict(EngagementTarget.objects.values_list("person_id", "per_quarter"))
    ids = leaders | set(counts) | set(targets)
    people = get_user_model().objects.filter(pk__in=ids) if ids else []
    rows = [
        LeaderEngagement(
            person=p, name=person_name(p), counts=counts.get(p.pk, {}), target=targets.get(p.pk)
        )
        for p in people
    ]
    rows.sort(key=lambda r: (r.met is not False, r.name))
    return EngagementQuarter(start=start, end=end, rows=rows)


def recent_engagements(*, limit: int = 20) -> list[Engagement]:
    """The latest engagements logged, newest first. One query."""
    return list(Engagement.objects.select_related("person")[:limit])
