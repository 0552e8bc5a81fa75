"""KPI alerts and the steering committee meetings they are raised for."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone

from governance.models import GovernanceBody, Meeting, MeetingStatus, Tier

from ..models import Alert


def steering_next_meeting(*, now: dt.datetime | None = None):
    """The next scheduled meeting of a steering committee still serving: the one an alert
    raised now is marked for. None when none is scheduled. One query."""
    committees = GovernanceBody.objects.active().filter(tier=Tier.STEERING_COMMITTEE)
    return (
        Meeting.objects.upcoming(now)
        .filter(body__in=committees)
        .select_related("body")
        .order_by("starts_at", "pk")
        .first()
    )


def alerts_not_yet_seen(*, now: dt.datetime | None = None) -> QuerySet[Alert]:
    """Alerts for the steering committee that no meeting has covered yet: marked for none
    (raised while none was scheduled), for one still ahead, or for one that was cancelled.
    Newest period first."""
    now = now or timezone.now()
    return (
        Alert.objects.filter(for_steering_committee=True)
        .filter(
            Q(meeting__isnull=True)
            | Q(meeting__starts_at__gte=now)
            | Q(meeting__status=MeetingStatus.CANCELLED)
        )
        .select_related("metric", "meeting", "meeting__body")
        .order_by("-period_start", "-pk")
    )


def alerts_for_meeting(*, meeting) -> QuerySet[Alert]:
    """What a steering committee meeting's KPI pack lists: the alerts marked for it, and
    those marked for no meeting raised before it starts."""
    return (
        Alert.objects.filter(for_steering_committee=True)
        .filter(Q(meeting=meeting) | Q(meeting__isnull=True, raised_at__lt=meeting.starts_at))
        .select_related("metric")
        .order_by("-period_start", "-pk")
    )


def open_alerts(*, limit: int = 8, now: dt.datetime | None = None) -> tuple[list[Alert], int]:
    """The alerts no steering committee meeting has covered yet (alerts_not_yet_seen), newest
    period first: the first `limit` of them with their metric, and how many there are. One
    query, two when there are `limit` or more."""
    alerts = alerts_not_yet_seen(now=now)
    first = list(alerts[:limit])
    return first, (alerts.count() if len(first) == limit else len(first))
