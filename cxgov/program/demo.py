"""Demo success stories and KPI packs. Three stories of initiatives whose KPI moved outside the
noise, each with a customer's words from a comment the core team may read. Then the KPI packs:
the steering committee's last meeting closed with its pack frozen at its opening (read as of
that meeting). The next one has none stored: its pack reads live until the chair opens it. Then
this month's governance-health snapshot. Runs after the meetings' demo; does nothing if any
pack exists."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils import timezone

from governance.models import Meeting, MeetingStatus, Tier

from .models import KpiPack, SuccessStory
from .services import health_snapshots_take, kpi_pack_freeze, story_create

# (initiative, metric, title, story, the quoted comment's metric, touchpoint and words)
STORIES = [
    ("Detractor callback within 48 hours", "nps", "Detractors called back, and recommending us",
     "Every detractor now gets a call from the contact centre within two days. Since the "
     "callbacks started, NPS has risen well past what the team promised.",
     "nps", "contact-centre", "The agent listened and fixed it straight away."),
    ("Knowledge base clean-up", "ces", "One answer, the right one, first time",
     "Agents rewrote and pruned the knowledge base so the first answer is the right one. "
     "Customers now say calls are easier at the contact centre.",
     "ces", "contact-centre", "Sorted in one call by a helpful agent."),
    ("Commercial lending status page", "csat", "No more chasing a lending decision",
     "Business customers follow their application online instead of calling to chase it; "
     "satisfaction has climbed since the status page went live.",
     "csat", "mortgage-application", "My adviser kept me informed at every step."),
]  # fmt: skip


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
    _stories(by=get_user_model().objects.filter(username="core").first())
    # This month's governance-health snapshot, as the monthly job takes it: the trend's first
    # point (later months are the job's, never invented).
    health_snapshots_take()
    return True


def _stories(*, by) -> None:
    from portfolio.models import TargetLink
    from voc.models import Response

    if by is None or SuccessStory.objects.exists():
        return
    for title, metric, headline, narrative, said_in, touchpoint, words in STORIES:
        link = (
            TargetLink.objects.filter(initiative__title=title, target__metric__code=metric)
            .select_related("initiative")
            .first()
        )
        if link is None:
            continue
        quoted = (
            Response.objects.filter(
                metric__code=said_in, touchpoint__code=touchpoint, comment=words
            )
            .order_by("-responded_at", "-pk")
            .first()
        )
        story_create(by=by, link=link, title=headline, narrative=narrative, response=quoted)
