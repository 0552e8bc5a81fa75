"""What governance tells the governance-health score: whether the RACI matrix is settled."""

from __future__ import annotations

from django.db.models import Count, Q

from cxgov.health import HealthSignal, register_health_signal

from .models import Activity, GovernanceBody, RaciAssignment, RaciLetter

RACI_DEFINITION = (
    "The share of activities with exactly one Accountable and at least one Responsible, "
    "counting only letters held by people and active bodies (a disbanded body carries "
    "nothing). For a body: the activities on which it holds a letter."
)


def raci_settled_share(body: GovernanceBody | None) -> float | None:
    """The RACI signal's value; None when there is no activity to judge. Two queries."""
    activities = Activity.objects.all()
    if body is not None:
        activities = activities.filter(
            pk__in=RaciAssignment.objects.filter(body=body).values("activity_id")
        )
    total = activities.count()
    if not total:
        return None
    carried = Q(raci__body__isnull=True) | Q(raci__body__in=GovernanceBody.objects.active())
    settled = (
        activities.annotate(
            a=Count("raci", filter=Q(raci__letter=RaciLetter.ACCOUNTABLE) & carried),
            r=Count("raci", filter=Q(raci__letter=RaciLetter.RESPONSIBLE) & carried),
        )
        .filter(a=1, r__gte=1)
        .count()
    )
    return settled / total


register_health_signal(
    HealthSignal(
        key="raci",
        title="RACI settled",
        definition=RACI_DEFINITION,
        weight=1.0,
        measure=raci_settled_share,
    )
)
