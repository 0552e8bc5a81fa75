"""Portfolio lists: the roadmap, the alignment heatmap, a member's and the core team's lists,
and the CSV export."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, IntegerField, Max, Q, QuerySet, Value, When

from cxgov.charts import TimelineRow, timeline_chart
from cxgov.dates import today
from cxgov.exports import csv_lines
from cxgov.people import person_name
from governance.models import BusinessUnit, Membership, serving_q

from ..models import (
    HEALTH_RANK,
    OPEN_STATUSES,
    RANK_HEALTH,
    Health,
    Initiative,
    Status,
    StrategicPriority,
)
from .initiatives import with_stale_flag, worst_health_first

# The roadmap

ROADMAP_LIMIT = 150
HEALTH_COLOURS = {
    Health.GREEN: "#2e7d32",
    Health.AMBER: "#b26a00",
    Health.RED: "#c62828",
    "none": "#8a94a6",
}


@dataclass
class Roadmap:
    chart: Any
    shown: int
    total: int
    start: dt.date
    end: dt.date


def roadmap(*, queryset: QuerySet, limit: int = ROADMAP_LIMIT) -> Roadmap:
    """The filtered initiatives as bars between their start and target dates, coloured by
    health, earliest start first; at most `limit` bars. Two queries."""
    total = queryset.count()
    rows = list(
        queryset.order_by("start_date", "target_date", "pk").values(
            "pk", "title", "start_date", "target_date", "health", "status"
        )[:limit]
    )
    on = today()
    if rows:
        start = min(r["start_date"] for r in rows)
        end = max(r["target_date"] for r in rows)
    else:
        start, end = on - dt.timedelta(days=90), on + dt.timedelta(days=270)
    start = dt.date(start.year, start.month, 1)
    end = max(end, start + dt.timedelta(days=60)) + dt.timedelta(days=14)
    from django.urls import reverse

    chart = timeline_chart(
        [
            TimelineRow(
                label=r["title"],
                start=r["start_date"],
                end=r["target_date"],
                kind=r["health"] or "none",
                href=reverse("portfolio:initiative-detail", args=[r["pk"]]),
                note=f"{Status(r['status']).label}, "
                + (Health(r["health"]).label.lower() if r["health"] else "no update yet"),
            )
            for r in rows
        ],
        start=start,
        end=end,
        title="Initiatives on the roadmap",
        colours=HEALTH_COLOURS,
        today=on,
    )
    return Roadmap(chart=chart, shown=len(rows), total=total, start=start, end=end)


# The alignment heatmap


@dataclass
class HeatCell:
    count: int = 0
    worst: str = ""  # worst health among them; "" when none reported


@dataclass
class Heatmap:
    priorities: list[StrategicPriority]
    units: list[BusinessUnit]
    cells: dict[tuple[int, int], HeatCell]
    unaligned: dict[int, HeatCell]  # per business unit: initiatives with no priority

    def rows(self) -> list[tuple[StrategicPriority, list[HeatCell]]]:
        return [
            (p, [self.cells.get((p.pk, u.pk), HeatCell()) for u in self.units])
            for p in self.priorities
        ]

    def unaligned_row(self) -> list[HeatCell]:
        return [self.unaligned.get(u.pk, HeatCell()) for u in self.units]


def alignment_heatmap(*, user: Any, statuses=OPEN_STATUSES) -> Heatmap:
    """Priorities against business units: how many open initiatives serve each, and the worst
    health among them. Four queries, whatever the number of initiatives."""
    visible = Initiative.objects.for_user(user).filter(status__in=statuses)
    rank = Case(
        *[When(initiative__health=h, then=Value(r)) for h, r in HEALTH_RANK.items() if h],
        default=Value(0),
        output_field=IntegerField(),
    )
    through = Initiative.priorities.through
    cells = {
        (row["strategicpriority_id"], row["initiative__business_unit_id"]): HeatCell(
            count=row["n"], worst=RANK_HEALTH[row["worst"]]
        )
        for row in through.objects.filter(initiative__in=visible)
        .values("strategicpriority_id", "initiative__business_unit_id")
        .annotate(n=Count("initiative_id"), worst=Max(rank))
        .order_by()
    }
    own_rank = Case(
        *[When(health=h, then=Value(r)) for h, r in HEALTH_RANK.items() if h],
        default=Value(0),
        output_field=IntegerField(),
    )
    unaligned = {
        row["business_unit_id"]: HeatCell(count=row["n"], worst=RANK_HEALTH[row["worst"]])
        for row in visible.filter(priorities__isnull=True)
        .values("business_unit_id")
        .annotate(n=Count("pk"), worst=Max(own_rank))
        .order_by()
    }
    used_units = {unit for _p, unit in cells} | set(unaligned)
    units = list(
        BusinessUnit.objects.filter(Q(is_active=True) | Q(pk__in=used_units)).order_by("name")
    )
    priorities = list(StrategicPriority.objects.filter(is_active=True))
    return Heatmap(priorities=priorities, units=units, cells=cells, unaligned=unaligned)


# My initiatives, and the core team's lists


def my_initiatives(*, user: Any) -> QuerySet:
    """Initiatives of the working groups `user` serves on, and those they own."""
    groups = Membership.objects.filter(serving_q(), person=user).values("body_id")
    return with_stale_flag(
        Initiative.objects.for_user(user)
        .filter(Q(working_group_id__in=groups) | Q(owner=user))
        .exclude(status__in=[Status.COMPLETED, Status.CANCELLED])
        .for_lists()
        .order_by("target_date", "pk")
    )


def needs_help_list(*, user: Any) -> QuerySet:
    return with_stale_flag(
        worst_health_first(Initiative.objects.for_user(user).filter(needs_help=True).for_lists())
    )


def stale_list(*, user: Any) -> QuerySet:
    return with_stale_flag(
        Initiative.objects.for_user(user)
        .stale()
        .for_lists()
        .order_by("last_update_on", "status_changed_on", "pk")
    )


# The CSV export

CSV_COLUMNS = [
    ("id", lambda i: i.pk),
    ("title", lambda i: i.title),
    ("status", lambda i: i.get_status_display()),
    ("health", lambda i: i.get_health_display()),
    ("stale", lambda i: "yes" if i.stale_now else "no"),
    ("needs help", lambda i: "yes" if i.needs_help else "no"),
    ("help reason", lambda i: i.help_reason),
    ("owner", lambda i: person_name(i.owner) if i.owner else ""),
    ("working group", lambda i: i.working_group.name),
    ("business unit", lambda i: i.business_unit.name if i.business_unit else ""),
    ("priorities", lambda i: "; ".join(p.title for p in i.priorities.all())),
    ("driven by", lambda i: i.get_driven_by_display()),
    ("start", lambda i: i.start_date.isoformat()),
    ("target", lambda i: i.target_date.isoformat()),
    ("progress", lambda i: i.progress),
    ("budget", lambda i: "" if i.budget is None else i.budget),
    ("expected benefit", lambda i: "" if i.expected_benefit is None else i.expected_benefit),
    ("realized benefit", lambda i: "" if i.realized_benefit is None else i.realized_benefit),
    ("last update", lambda i: i.last_update_on.isoformat() if i.last_update_on else ""),
]


def initiative_csv(queryset: QuerySet) -> Iterator[str]:
    """The rows of `queryset` (already filtered and scoped) as CSV lines, header first,
    streamed in chunks so a large export never sits in memory."""
    rows = with_stale_flag(queryset).order_by("pk").iterator(chunk_size=500)
    return csv_lines(
        [name for name, _ in CSV_COLUMNS],
        ([get(initiative) for _, get in CSV_COLUMNS] for initiative in rows),
    )
