"""Portfolio reads shaped for pages, the API and the export, each in a fixed number of queries
whatever the number of initiatives."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Case, Count, IntegerField, Max, Q, QuerySet, Value, When
from guardian.shortcuts import get_objects_for_user

from cxgov.charts import TimelineRow, timeline_chart
from cxgov.dates import today
from cxgov.exports import csv_lines
from cxgov.history import HistoryEntry, history_entries
from cxgov.people import person_name
from cxgov.permissions import can_configure
from governance.models import BusinessUnit, Membership, serving_q

from . import permissions as rules
from .filters import InitiativeFilter
from .models import (
    HEALTH_RANK,
    OPEN_STATUSES,
    RANK_HEALTH,
    Health,
    Initiative,
    Milestone,
    Risk,
    Status,
    StatusUpdate,
    StrategicPriority,
    TargetLink,
    stale_q,
)

# Listing


def initiative_filterset(*, user: Any, data, request=None) -> InitiativeFilter:
    """The strict filterset over what `user` may see."""
    return InitiativeFilter(
        data=data, queryset=Initiative.objects.for_user(user).for_lists(), request=request
    )


def with_stale_flag(queryset: QuerySet) -> QuerySet:
    """Annotate `stale_now` in SQL, so a list never asks per row."""
    return queryset.annotate(
        stale_now=Case(When(stale_q(), then=Value(True)), default=Value(False))
    )


def editable_ids(*, user: Any, initiatives: list[Initiative]) -> set[int] | None:
    """The ids of `initiatives` the user may edit, in one query; None means all of them."""
    if can_configure(user):
        return None
    ids = [i.pk for i in initiatives]
    if not ids:
        return set()
    allowed = get_objects_for_user(
        user,
        rules.EDIT_INITIATIVE,
        klass=Initiative.objects.filter(pk__in=ids),
        accept_global_perms=False,
    )
    return set(allowed.values_list("pk", flat=True))


# The board


BOARD_COLUMN_LIMIT = 25


@dataclass
class BoardColumn:
    status: Status
    cards: list[Initiative]
    total: int

    @property
    def hidden(self) -> int:
        return self.total - len(self.cards)


@dataclass
class Board:
    columns: list[BoardColumn]
    can_approve: bool
    editable: set[int] | None  # None: every card

    def moves(self, initiative: Initiative) -> list[str]:
        """The moves the board offers its viewer on a card: the workflow's, less those their
        rights refuse (approving for the deciders, the rest for the initiative's editors)."""
        edits = self.editable is None or initiative.pk in self.editable
        return [
            status
            for status in initiative.allowed_moves()
            if (self.can_approve if status == Status.APPROVED else edits)
        ]


def board(*, user: Any, limit: int = BOARD_COLUMN_LIMIT) -> Board:
    """Initiatives by status, the most urgent first in each column (red, then stale, then by
    target date), at most `limit` cards a column with the column's total. A fixed number of
    queries: counts, one per column, the user's editable ids, the decision right."""
    visible = Initiative.objects.for_user(user)
    totals = dict(visible.values_list("status").annotate(n=Count("pk")).order_by())
    health_rank = Case(
        *[When(health=h, then=Value(r)) for h, r in HEALTH_RANK.items()],
        default=Value(0),
        output_field=IntegerField(),
    )
    columns = []
    cards_all: list[Initiative] = []
    for status in Status:
        cards = list(
            with_stale_flag(
                visible.filter(status=status).select_related(
                    "owner", "working_group", "business_unit"
                )
            )
            .annotate(health_rank=health_rank)
            .order_by("-health_rank", "-stale_now", "target_date", "pk")[:limit]
        )
        cards_all.extend(cards)
        columns.append(BoardColumn(status=status, cards=cards, total=totals.get(status, 0)))
    return Board(
        columns=columns,
        can_approve=rules.can_approve_initiative(user),
        editable=editable_ids(user=user, initiatives=cards_all),
    )


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


# The KPI targets an initiative moves


@dataclass
class TargetLinkRow:
    """A link as the initiative's page shows it: the target's scope named, and the target's
    status from its latest completed period."""

    link: TargetLink
    scope: str
    reading: Any  # voc.selectors.TargetReading


def target_link_rows(*, initiative: Initiative) -> list[TargetLinkRow]:
    """The initiative's target links with each target's scope and status, in a fixed number
    of queries (links, targets, rollups twice, one per dimension kind named), whatever the
    number of links."""
    from voc.models import KpiTarget
    from voc.selectors import scope_names, targets_with_status

    links = list(initiative.target_links.shaped())
    if not links:
        return []
    targets = KpiTarget.objects.filter(pk__in=[link.target_id for link in links])
    readings = {r.target.pk: r for r in targets_with_status(targets)}
    names = scope_names({(link.target.dimension_kind, link.target.dimension_id) for link in links})
    return [
        TargetLinkRow(
            link=link,
            scope=names[(link.target.dimension_kind, link.target.dimension_id)],
            reading=readings.get(link.target_id),
        )
        for link in links
    ]


# One initiative


@dataclass
class InitiativeDetail:
    initiative: Initiative
    milestones: list[Milestone]
    updates: list[StatusUpdate]
    risks: list[Risk]
    history: list[HistoryEntry]
    moves: list[Status]
    can_edit: bool
    can_approve: bool
    target_links: list[TargetLinkRow] = field(default_factory=list)
    stale_days: int = field(default_factory=lambda: settings.CXGOV_PORTFOLIO_STALE_DAYS)


def initiative_detail(*, initiative: Initiative, user: Any) -> InitiativeDetail:
    can_edit = rules.can_edit_initiative(user, initiative)
    can_approve = initiative.status == Status.PROPOSED and rules.can_approve_initiative(
        user, initiative
    )
    moves = [
        Status(s)
        for s in initiative.allowed_moves()
        if (can_approve if s == Status.APPROVED else can_edit)
    ]
    return InitiativeDetail(
        initiative=initiative,
        milestones=list(initiative.milestones.all()),
        updates=list(initiative.status_updates.select_related("author")[:50]),
        risks=list(initiative.risks.select_related("owner", "escalated_by")),
        history=history_entries(
            obj=initiative, related=("owner", "working_group", "business_unit", "approved_by")
        ),
        moves=moves,
        can_edit=can_edit,
        can_approve=can_approve,
        target_links=target_link_rows(initiative=initiative),
    )


def initiative_for_page(*, user: Any, pk: int) -> Initiative:
    from cxgov.pages import get_scoped_or_404

    return get_scoped_or_404(
        Initiative.objects.select_related(
            "owner", "working_group", "business_unit", "formed_group", "approved_by"
        ).prefetch_related("priorities"),
        user,
        pk=pk,
    )


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


def worst_health_first(queryset: QuerySet) -> QuerySet:
    """Red, then amber, then green, then no update yet (health's text does not sort so)."""
    rank = Case(
        *[When(health=health, then=Value(r)) for health, r in HEALTH_RANK.items() if health],
        default=Value(0),
        output_field=IntegerField(),
    )
    return queryset.alias(health_rank=rank).order_by("-health_rank", "last_update_on", "pk")


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
        Initiative.objects.for_user(user)
        .filter(status=Status.IN_PROGRESS)
        .for_lists()
        .order_by("target_date", "pk")[:limit]
    )
