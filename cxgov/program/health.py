"""Governance health across the program: every registered signal (each app measures its own)
for the whole program and for each active body the person may see, the monthly snapshots'
trend, and the summary the sponsor's home and the steering pack show (score, change since
last month's snapshot, weakest signal). The signals are read once for all bodies, so no page
here grows its query count with the organization."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.safestring import SafeString

from cxgov.charts import TrendPoint, trend_chart
from cxgov.dates import today
from cxgov.health import HealthBoard, HealthReading, health_board
from governance.models import GovernanceBody

from .models import HealthSnapshot

# Months of the trend chart.
TREND_MONTHS = 12


def governance_health(*, user: Any) -> HealthBoard:
    """The program's card and one card per active body `user` may see, by name."""
    bodies = GovernanceBody.objects.for_user(user).active().order_by("name", "pk")
    return health_board(bodies=bodies)


@dataclass(frozen=True)
class WeakestSignal:
    """The signal pulling the score down most, as plain values (a summary is cached)."""

    title: str
    percent: int
    records_url: str


@dataclass(frozen=True)
class HealthSummary:
    score: int | None
    change: int | None  # against `since`'s snapshot; None without one (or without a score)
    since: dt.date | None  # the month of the snapshot compared with
    weakest: WeakestSignal | None

    @property
    def change_size(self) -> int | None:
        return None if self.change is None else abs(self.change)


def health_summary(*, score: int | None, weakest: HealthReading | None) -> HealthSummary:
    """The program's score beside its change since the latest snapshot of an earlier month.
    One query."""
    this_month = today().replace(day=1)
    before = (
        HealthSnapshot.objects.filter(body__isnull=True, month__lt=this_month)
        .order_by("-month")
        .first()
    )
    change = None
    if before is not None and before.score is not None and score is not None:
        change = score - before.score
    plain = (
        WeakestSignal(weakest.signal.title, weakest.percent, weakest.records_url)
        if weakest is not None
        else None
    )
    return HealthSummary(score, change, before.month if before else None, plain)


def program_health_summary() -> HealthSummary:
    """For the homes and the pack: the program's card alone (no body listed)."""
    program = health_board(bodies=[]).program
    return health_summary(score=program.score, weakest=program.weakest)


def health_trend_chart(*, months: int = TREND_MONTHS) -> SafeString | None:
    """The program's monthly snapshots, oldest first, as the kit's trend chart (a month
    without a score is a gap); None before the first snapshot. One query."""
    snapshots = list(HealthSnapshot.objects.filter(body__isnull=True).order_by("-month")[:months])[
        ::-1
    ]
    if not snapshots:
        return None
    points = [TrendPoint(label=f"{s.month:%b %Y}", value=s.score) for s in snapshots]
    return trend_chart(
        points,
        title="Governance health, month by month",
        description="The program's governance-health score at each monthly snapshot, 0 to 100.",
        y_min=0,
        y_max=100,
        y_labels=[(0, "0"), (50, "50"), (100, "100")],
        value_format="{:.0f}",
    )
