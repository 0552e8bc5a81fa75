"""What the voice of the customer tells the governance-health score: whether KPI targets have
data for their last complete period, and whether closed-loop cases close within their service
level. Neither belongs to a body: both are measured for the program only (a body has no data
on them, which weighs nothing in its score)."""

from __future__ import annotations

import datetime as dt
from functools import reduce
from operator import or_

from django.db.models import Count, F, Q
from django.urls import reverse

from cxgov.dates import today
from cxgov.health import HEALTH_WINDOW, HealthSignal, Values, register_health_signal, share

from .models import ClosedLoopCase, KpiRollup, KpiTarget
from .models.cases import CaseStatus
from .periods import period_start

TARGETS_DEFINITION = (
    "Of the KPI targets still running (target date today or later), the share whose KPI has "
    "a value for its last complete period (the month, week or quarter before the current one, "
    "at the target's granularity)."
)


def last_complete_period(day: dt.date, granularity: str) -> dt.date:
    """The first day of the period before the one holding `day`."""
    return period_start(period_start(day, granularity) - dt.timedelta(days=1), granularity)


def targets_with_data_share() -> Values:
    """Two queries: the running targets, and the rollups of their last complete periods."""
    day = today()
    targets = list(
        KpiTarget.objects.filter(target_date__gte=day).values_list(
            "metric_id", "granularity", "dimension_kind", "dimension_id"
        )
    )
    if not targets:
        return {}
    wanted = {(m, g, k, i, last_complete_period(day, g)) for m, g, k, i in targets}
    found = set(
        KpiRollup.objects.filter(
            reduce(
                or_,
                (
                    Q(metric_id=m, granularity=g, dimension_kind=k, dimension_id=i, period_start=p)
                    for m, g, k, i, p in wanted
                ),
            ),
            score__isnull=False,
        ).values_list("metric_id", "granularity", "dimension_kind", "dimension_id", "period_start")
    )
    done = sum(1 for m, g, k, i in targets if (m, g, k, i, last_complete_period(day, g)) in found)
    return {None: share(done, len(targets))}


CASES_DEFINITION = (
    f"Of the closed-loop cases due in the last {HEALTH_WINDOW.days} days (due before today), "
    "the share closed on or before their due date."
)


def cases_within_service_level_share() -> Values:
    """One query."""
    day = today()
    counts = ClosedLoopCase.objects.filter(
        due_on__lt=day, due_on__gte=day - HEALTH_WINDOW
    ).aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(status=CaseStatus.CLOSED, closed_on__lte=F("due_on"))),
    )
    return {None: share(counts["done"], counts["total"])}


register_health_signal(
    HealthSignal(
        key="targets",
        title="KPI targets with data for the last complete period",
        definition=TARGETS_DEFINITION,
        weight=1.0,
        measure_all=targets_with_data_share,
        records=lambda body: reverse("voc:index"),
    )
)
register_health_signal(
    HealthSignal(
        key="cases",
        title="Closed-loop cases within their service level",
        definition=CASES_DEFINITION,
        weight=1.0,
        measure_all=cases_within_service_level_share,
        records=lambda body: reverse("voc:case-list") + "?overdue=true",
    )
)
