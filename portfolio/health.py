"""What the portfolio tells the governance-health score: whether initiatives in progress report
within the stale period."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Count
from django.urls import reverse

from cxgov.health import HealthSignal, Values, register_health_signal, shares_by_body

from .models import Initiative, Status, stale_q

UPDATES_DEFINITION = (
    "Of the initiatives in progress, the share with a status update (or a start) within the "
    f"stale period ({settings.CXGOV_PORTFOLIO_STALE_DAYS} days). For a body: the initiatives "
    "its working group runs."
)


def initiatives_reporting_share() -> Values:
    """One query: in-progress initiatives per working group, and the stale ones among them."""
    rows = (
        Initiative.objects.filter(status=Status.IN_PROGRESS)
        .values("working_group_id")
        .annotate(total=Count("pk"), stale=Count("pk", filter=stale_q()))
        .order_by()
    )
    return shares_by_body(
        (r["working_group_id"], r["total"] - r["stale"], r["total"]) for r in rows
    )


register_health_signal(
    HealthSignal(
        key="updates",
        title="Initiatives reporting within the stale period",
        definition=UPDATES_DEFINITION,
        weight=1.0,
        measure_all=initiatives_reporting_share,
        records=lambda body: reverse("portfolio:stale"),
    )
)
