"""Demo KPI packs: the steering committee's last meeting closed with its pack frozen at its
opening (read as of that meeting). The next one has none stored: its pack reads live until the
chair opens it. Then this month's governance-health snapshot. Runs after the meetings' demo;
does nothing if any pack exists."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils import timezone

from governance.models import Meeting, MeetingStatus, Tier

from .models import KpiPack
from .services import health_snapshots_take, kpi_pack_freeze


def seed(*, people=None) -> bool:
    if KpiPack.objects.exists():
        return False
    now = timezone.now()
    # Packs are built for the steering committee's chair (the demo's "steering" user).
    by = get_user_model().objects.filter(username="steering").first()
    steering = Meeting.objects.filter(body__tier=Tier.STEERING_COMMITTEE)
    past = (
        steering.filter(
            starts_at__lt=now, status__in=[MeetingStatus.SCHEDULED, MeetingStatus.CLOSED]
        )
        .order_by("-starts_at")
        .first()
    )
    if past is not None:
        # History: the meeting took place, was opened at its start and closed at its end (the
        # meetings' demo closes the past meetings it minuted).
        Meeting.objects.filter(pk=past.pk).update(
            status=MeetingStatus.CLOSED, opened_at=past.starts_at, closed_at=past.ends_at
        )
        kpi_pack_freeze(meeting=past, as_of=past.starts_at, by=by)
    # This month's governance-health snapshot, as the monthly job takes it: the trend's first
    # point (later months are the job's, never invented).
    health_snapshots_take()
    return True
