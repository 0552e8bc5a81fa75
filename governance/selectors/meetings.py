"""Meeting reads: the meeting page, upcoming meetings, the decision log, a person's action
items, the agenda as text, and calendars (.ics for one meeting, a person's feed).

Calendars carry each meeting in its body's zone: DTSTART;TZID=<zone> at the local wall-clock
time, with the zone's VTIMEZONE in the compact form clients export (`cxgov.calendars`), so a
meeting after a daylight-saving change keeps its time in every client.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import icalendar
from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from cxgov.calendars import add_timezones
from cxgov.dates import today
from cxgov.health import HEALTH_WINDOW
from cxgov.people import person_name

from ..models import (
    ActionItem,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Cadence,
    Decision,
    GovernanceBody,
    Meeting,
    Membership,
)

# Meetings

MEETING_LIST_SIZE = 50


def meetings_for_list(
    *, user: Any, body: GovernanceBody | None = None, past: bool = False
) -> list[Meeting]:
    """Upcoming (or past, newest first) meetings the user may see. One query."""
    now = timezone.now()
    meetings = Meeting.objects.for_user(user).select_related("body", "cadence")
    if body is not None:
        meetings = meetings.filter(body=body)
    if past:
        meetings = meetings.filter(starts_at__lt=now).order_by("-starts_at", "-pk")
    else:
        meetings = meetings.filter(starts_at__gte=now).order_by("starts_at", "pk")
    return list(
        meetings.annotate(
            decision_count=Count("decisions", distinct=True),
            action_count=Count("action_items", distinct=True),
        )[:MEETING_LIST_SIZE]
    )


def next_meeting(*, user: Any, body: GovernanceBody) -> Meeting | None:
    return (
        Meeting.objects.for_user(user)
        .upcoming()
        .filter(body=body)
        .select_related("body")
        .order_by("starts_at")
        .first()
    )


@dataclass
class AttendanceRow:
    person: Any
    role: str
    status: str  # "" when not recorded yet


@dataclass
class MeetingPage:
    meeting: Meeting
    agenda: list[AgendaItem]
    attendance: list[AttendanceRow]
    decisions: list[Decision]
    action_items: list[ActionItem]
    previous: Meeting | None
    following: Meeting | None
    present_count: int


def meeting_page(*, meeting: Meeting) -> MeetingPage:
    """Everything the meeting page shows, in a fixed number of queries: agenda, the members
    serving that day with their attendance (and anyone else recorded), decisions, actions."""
    day = meeting.local_start.date()
    agenda = list(meeting.agenda_items.select_related("owner").order_by("position", "pk"))
    recorded = {
        a.person_id: a for a in Attendance.objects.filter(meeting=meeting).select_related("person")
    }
    rows = []
    for membership in (
        Membership.objects.active(day)
        .filter(body_id=meeting.body_id)
        .select_related("person")
        .in_role_order()
    ):
        attendance = recorded.pop(membership.person_id, None)
        rows.append(
            AttendanceRow(
                person=membership.person,
                role=membership.get_role_display(),
                status=attendance.status if attendance else "",
            )
        )
    rows += [AttendanceRow(a.person, "Guest", a.status) for a in recorded.values()]
    decisions = list(
        Decision.objects.filter(meeting=meeting)
        .select_related("decided_by", "agenda_item")
        .order_by("pk")
    )
    actions = list(
        ActionItem.objects.filter(meeting=meeting)
        .select_related("owner", "agenda_item", "body")
        .order_by("due_on", "pk")
    )
    siblings = Meeting.objects.filter(body_id=meeting.body_id).exclude(pk=meeting.pk)
    previous = siblings.filter(starts_at__lt=meeting.starts_at).order_by("-starts_at").first()
    following = siblings.filter(starts_at__gt=meeting.starts_at).order_by("starts_at").first()
    return MeetingPage(
        meeting=meeting,
        agenda=agenda,
        attendance=rows,
        decisions=decisions,
        action_items=actions,
        previous=previous,
        following=following,
        present_count=sum(1 for row in rows if row.status == AttendanceStatus.PRESENT),
    )


def meeting_agenda_text(meeting: Meeting) -> str:
    """The agenda as plain text, for the reminder e-mail."""
    when = meeting.local_start
    lines = [
        f"{meeting.title}",
        f"{when:%A %-d %B %Y, %H:%M}–{meeting.local_end:%H:%M} ({meeting.time_zone})",
    ]
    if meeting.location:
        lines.append(f"Where: {meeting.location}")
    if meeting.video_link:
        lines.append(f"Video: {meeting.video_link}")
    lines += ["", "Agenda:"]
    for number, item in enumerate(
        meeting.agenda_items.select_related("owner").order_by("position", "pk"), start=1
    ):
        owner = f" ({person_name(item.owner)})" if item.owner else ""
        lines.append(f"{number}. {item.title} — {item.time_box_minutes} min{owner}")
    return "\n".join(lines)


# Calendars

PRODID = "-//cxgov//meetings//EN"


def _event(meeting: Meeting, stamp: dt.datetime) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", f"meeting-{meeting.pk}@cxgov")
    event.add("dtstamp", stamp)
    event.add("sequence", meeting.sequence)
    # Local wall-clock times in the meeting's own zone (DTSTART;TZID=...).
    event.add("dtstart", meeting.local_start)
    event.add("dtend", meeting.local_end)
    event.add("summary", meeting.title)
    if meeting.location:
        event.add("location", meeting.location)
    if meeting.video_link:
        event.add("url", meeting.video_link)
    link = settings.CXGOV_BASE_URL.rstrip("/") + meeting.get_absolute_url()
    event.add("description", f"Agenda and minutes: {link}")
    event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
    return event


def _calendar(meetings: list[Meeting], name: str) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    stamp = timezone.now()
    uses: dict[str, list[dt.datetime]] = {}
    for meeting in meetings:
        cal.add_component(_event(meeting, stamp))
        uses.setdefault(meeting.time_zone, []).extend([meeting.local_start, meeting.local_end])
    add_timezones(cal, uses)
    return cal.to_ical()


def meeting_ics(meeting: Meeting) -> bytes:
    return _calendar([meeting], meeting.title)


# A feed reaches this far back and ahead (ahead: everything generated).
FEED_PAST_DAYS = 90


def person_meetings(*, person: Any) -> QuerySet[Meeting]:
    """The meetings of the bodies a person serves on (cancelled ones included, so subscribed
    calendars drop them), from FEED_PAST_DAYS ago."""
    since = timezone.now() - dt.timedelta(days=FEED_PAST_DAYS)
    bodies = Membership.objects.active().filter(person=person).values("body_id")
    return (
        Meeting.objects.filter(body_id__in=bodies, starts_at__gte=since)
        .select_related("body")
        .order_by("starts_at", "pk")
    )


def person_feed_ics(*, person: Any) -> bytes:
    return _calendar(list(person_meetings(person=person)), f"cxgov: {person_name(person)}")


# Decision log

DECISION_LOG_PAGE = 100


def decision_log(
    *,
    user: Any,
    body: GovernanceBody | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    search: str = "",
) -> QuerySet[Decision]:
    """Decisions across the bodies the user may see, newest first, filtered and searched."""
    decisions = Decision.objects.for_user(user).select_related(
        "body", "meeting", "decided_by", "agenda_item"
    )
    if body is not None:
        decisions = decisions.filter(body=body)
    if since is not None:
        decisions = decisions.filter(decided_on__gte=since)
    if until is not None:
        decisions = decisions.filter(decided_on__lte=until)
    for word in search.split():
        decisions = decisions.filter(Q(text__icontains=word) | Q(rationale__icontains=word))
    return decisions.order_by("-decided_on", "-pk")


# Action items


def action_items_of(*, person: Any, include_closed: bool = False) -> list[ActionItem]:
    """A person's own actions: open ones first by due date (overdue at the top)."""
    items = ActionItem.objects.filter(owner=person).select_related("body", "meeting")
    if not include_closed:
        items = items.open()
    return list(items.order_by("due_on", "pk"))


def actions_missed(*, user: Any, body: GovernanceBody | None = None) -> list[ActionItem]:
    """The action items the governance-health signal counts against (due in its window, not
    done by their due date), of one body or of all, among those the user may see; the most
    recently due first. One query."""
    items = ActionItem.objects.visible_to(user).due_within(HEALTH_WINDOW).missed_due_date()
    if body is not None:
        items = items.filter(body=body)
    return list(items.select_related("body", "meeting", "owner").order_by("-due_on", "pk"))


@dataclass
class MyActions:
    open: list[ActionItem]
    overdue_count: int


def my_actions(*, user: Any) -> MyActions:
    """For the home page: the person's open actions. One query."""
    items = action_items_of(person=user) if user.is_authenticated else []
    on = today()
    return MyActions(open=items, overdue_count=sum(1 for item in items if item.due_on < on))


@dataclass
class BodyMeetings:
    cadences: list[Cadence]
    upcoming: list[Meeting]
    visible: bool  # whether the user may see this body's meetings at all


BODY_PAGE_UPCOMING = 3


def body_meetings(*, body: GovernanceBody, user: Any) -> BodyMeetings:
    """The body page's meetings section: its cadences and next meetings. Two queries."""
    upcoming = list(
        Meeting.objects.for_user(user)
        .upcoming()
        .filter(body=body)
        .order_by("starts_at")[:BODY_PAGE_UPCOMING]
    )
    visible = bool(upcoming) or Meeting.objects.for_user(user).filter(body=body).exists()
    return BodyMeetings(cadences=cadences_of(body=body), upcoming=upcoming, visible=visible)


def cadences_of(*, body: GovernanceBody) -> list[Cadence]:
    return list(body.cadences.order_by("-is_active", "pk"))
