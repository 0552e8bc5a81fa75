"""Meeting writes: cadences, generating meetings ahead, moving and cancelling one meeting, the
agenda, attendance, minutes, decisions, action items, calendar feed tokens, and reminders.

Generation is idempotent under concurrency: a meeting is keyed by (cadence, occurrence) with a
unique constraint and created with get_or_create, its template agenda in the same transaction,
so a second beat or a second worker finds it and adds nothing. Reminders go through
cxgov.notifications.notify, one recipient per transaction, which sends each exactly once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cxgov.chat import chat_notify
from cxgov.dates import today
from cxgov.notifications import Notice, send_once
from cxgov.people import person_name
from cxgov.services import model_update, validated_save

from .. import permissions as rules
from ..errors import GovernanceError
from ..models import (
    ACTION_TRANSITIONS,
    MEETING_TRANSITIONS,
    ActionItem,
    ActionStatus,
    AgendaItem,
    AgendaTemplateItem,
    Attendance,
    Cadence,
    CalendarFeed,
    Decision,
    GovernanceBody,
    Holiday,
    HolidayRule,
    Meeting,
    MeetingSettings,
    MeetingStatus,
    Membership,
)
from ..models.meetings import DEFAULT_TIME_ZONE, new_feed_token
from ..notifications import (
    ACTION_ITEM_ASSIGNED,
    ACTION_ITEM_DUE,
    ACTION_ITEM_OVERDUE,
    BODY_DIGEST,
    MEETING_REMINDER,
)
from ..signals import meeting_closed, meeting_opened
from .structure import User

# Kinds of notification governance sends (the kit keys its log by them).


# Cadences

CADENCE_FIELDS = (
    "frequency",
    "monthly_rule",
    "weekday",
    "week_of_month",
    "day_of_month",
    "starts_on",
    "ends_on",
    "time",
    "time_zone",
    "duration_minutes",
    "location",
    "video_link",
    "on_holiday",
    "is_active",
)


@transaction.atomic
def cadence_create(
    *,
    by: User,
    body: GovernanceBody,
    frequency: str,
    time: dt.time,
    time_zone: str = DEFAULT_TIME_ZONE,
    monthly_rule: str = "weekday",
    weekday: int | None = None,
    week_of_month: int | None = None,
    day_of_month: int | None = None,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    duration_minutes: int = 60,
    location: str = "",
    video_link: str = "",
    on_holiday: str = HolidayRule.SKIP,
    is_active: bool = True,
) -> Cadence:
    rules.can_set_cadence.enforce(by, body)
    if not body.is_active:
        raise GovernanceError(f"{body} is disbanded; it meets no more.", field="body")
    return validated_save(
        Cadence(
            body=body,
            frequency=frequency,
            monthly_rule=monthly_rule,
            weekday=weekday,
            week_of_month=week_of_month,
            day_of_month=day_of_month,
            starts_on=starts_on or today(),
            ends_on=ends_on,
            time=time,
            time_zone=time_zone,
            duration_minutes=duration_minutes,
            location=location,
            video_link=video_link,
            on_holiday=on_holiday,
            is_active=is_active,
        )
    )


@transaction.atomic
def cadence_update(*, cadence: Cadence, by: User, data: Mapping[str, Any]) -> Cadence:
    """Change a cadence. Meetings already generated keep their time (each can be moved on its
    own); the change applies to the meetings generated from now on."""
    rules.can_set_cadence.enforce(by, cadence)
    if "body" in data and data["body"] != cadence.body:
        raise ValidationError({"body": "A cadence stays with its body; end it and add another."})
    data = {name: value for name, value in data.items() if name != "body"}
    return model_update(instance=cadence, fields=CADENCE_FIELDS, data=data)[0]


# Generating meetings


def _template_agenda(meeting: Meeting) -> list[AgendaItem]:
    return [
        AgendaItem(
            meeting=meeting,
            position=item.position,
            title=item.title,
            description=item.description,
            time_box_minutes=item.time_box_minutes,
        )
        for item in AgendaTemplateItem.objects.filter(tier=meeting.body.tier)
    ]


def _meeting_from_cadence(cadence: Cadence, day: dt.date) -> dict[str, Any]:
    """A meeting held on local `day` (its occurrence, or the day the holiday rule chose)."""
    return {
        "body": cadence.body,
        "starts_at": cadence.starts_at(day),
        "duration_minutes": cadence.duration_minutes,
        "time_zone": cadence.time_zone,
        "location": cadence.location,
        "video_link": cadence.video_link,
    }


def meetings_generate(*, on: dt.date | None = None, horizon_days: int | None = None) -> int:
    """Create every active cadence's meetings from `on` (default today) to the horizon (the
    admin's setting unless given). Safe to run twice or on two workers at once: each meeting
    is taken once under the (cadence, occurrence) constraint. Returns how many it created."""
    on = on or today()
    horizon = horizon_days if horizon_days is not None else MeetingSettings.current().horizon_days
    until = on + dt.timedelta(days=horizon)
    # A meeting moved off a holiday may land a few days past the series date.
    holidays = Holiday.objects.days(on, until + HOLIDAY_REACH)
    meetings_follow_holidays(
        meetings=Meeting.objects.filter(occurrence__range=(on, until)), holidays=holidays
    )
    created = 0
    for cadence in Cadence.objects.active().select_related("body"):
        wanted = cadence.dates_between(on, until)
        if not wanted:
            continue
        existing = set(
            Meeting.objects.filter(cadence=cadence, occurrence__in=wanted).values_list(
                "occurrence", flat=True
            )
        )
        for occurrence in wanted:
            held_on = cadence.meeting_day(occurrence, holidays)
            if occurrence not in existing and held_on is not None:
                created += _meeting_generate(cadence=cadence, occurrence=occurrence, day=held_on)
    return created


@transaction.atomic
def _meeting_generate(*, cadence: Cadence, occurrence: dt.date, day: dt.date) -> int:
    meeting, created = Meeting.objects.get_or_create(
        cadence=cadence, occurrence=occurrence, defaults=_meeting_from_cadence(cadence, day)
    )
    if created:
        AgendaItem.objects.bulk_create(_template_agenda(meeting))
    return int(created)


# How far past its series date the holiday rule may move a meeting: a long weekend of holidays.
HOLIDAY_REACH = dt.timedelta(days=14)


def meetings_follow_holidays(
    *, meetings: Any, holidays: Mapping[dt.date, str] | None = None
) -> int:
    """Apply each cadence's holiday rule to those of `meetings` that were generated on their
    series date, are scheduled and still to come, and fall on a holiday entered after they
    were generated: skip (cancel, naming the holiday) or move to the next working day. A
    meeting someone moved by hand keeps its day. Returns how many it changed."""
    now = timezone.now()
    candidates = [
        meeting
        for meeting in meetings.scheduled()
        .filter(cadence__isnull=False, starts_at__gt=now)
        .select_related("cadence")
        if meeting.local_start.date() == meeting.occurrence
    ]
    if not candidates:
        return 0
    if holidays is None:
        days = [m.occurrence for m in candidates]
        holidays = Holiday.objects.days(min(days), max(days) + HOLIDAY_REACH)
    changed = 0
    for meeting in candidates:
        if meeting.occurrence not in holidays:
            continue
        held_on = meeting.cadence.meeting_day(meeting.occurrence, holidays)
        if held_on == meeting.occurrence:
            continue
        changed += _meeting_off_holiday(
            meeting=meeting, day=held_on, holiday=holidays[meeting.occurrence]
        )
    return changed


@transaction.atomic
def _meeting_off_holiday(*, meeting: Meeting, day: dt.date | None, holiday: str) -> int:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != MeetingStatus.SCHEDULED:
        return 0  # opened or cancelled a moment ago
    if day is None:
        meeting.status = MeetingStatus.CANCELLED
        meeting.cancel_reason = f"Public holiday: {holiday}."
    else:
        # The same wall-clock time on the new day, whatever the clocks did in between.
        meeting.starts_at = dt.datetime.combine(day, meeting.local_start.time(), meeting.zone)
    meeting.sequence += 1
    meeting.save(update_fields=["status", "cancel_reason", "starts_at", "sequence"])
    return 1


# One meeting

MEETING_FIELDS = ("starts_at", "duration_minutes", "time_zone", "location", "video_link")


@transaction.atomic
def meeting_create(
    *,
    by: User,
    body: GovernanceBody,
    starts_at: dt.datetime,
    time_zone: str = DEFAULT_TIME_ZONE,
    duration_minutes: int = 60,
    location: str = "",
    video_link: str = "",
) -> Meeting:
    """An extra meeting outside the cadence, with the tier's standard agenda."""
    rules.can_run_meeting.enforce(by, body)
    if not body.is_active:
        raise GovernanceError(f"{body} is disbanded; it meets no more.", field="body")
    meeting = validated_save(
        Meeting(
            body=body,
            starts_at=starts_at,
            time_zone=time_zone,
            duration_minutes=duration_minutes,
            location=location,
            video_link=video_link,
        )
    )
    AgendaItem.objects.bulk_create(_template_agenda(meeting))
    return meeting


@transaction.atomic
def meeting_update(*, meeting: Meeting, by: User, data: Mapping[str, Any]) -> Meeting:
    """Move one meeting (time, length, place) without touching its series: it keeps its
    occurrence, so generation never recreates it at the series time."""
    rules.can_run_meeting.enforce(by, meeting)
    if meeting.is_cancelled:
        raise GovernanceError("This meeting is cancelled; it cannot be moved.", field="starts_at")
    if meeting.is_closed:
        raise GovernanceError("This meeting is closed; it cannot be moved.", field="starts_at")
    if "body" in data and data["body"] != meeting.body:
        raise ValidationError({"body": "A meeting stays with its body."})
    data = {name: value for name, value in data.items() if name != "body"}
    meeting, changed = model_update(instance=meeting, fields=MEETING_FIELDS, data=data)
    if changed:
        Meeting.objects.filter(pk=meeting.pk).update(sequence=meeting.sequence + 1)
        meeting.sequence += 1
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, by: User, reason: str = "") -> Meeting:
    """Cancel one meeting; the series goes on, and this date is not generated again."""
    rules.can_run_meeting.enforce(by, meeting)
    if meeting.is_cancelled:
        raise GovernanceError("This meeting is already cancelled.", field="status")
    if meeting.status != MeetingStatus.SCHEDULED:
        raise GovernanceError(
            f"This meeting is {meeting.get_status_display().lower()}; only a scheduled meeting "
            "can be cancelled.",
            field="status",
        )
    if meeting.is_past:
        raise GovernanceError(
            "This meeting has already taken place; record its attendance instead.",
            field="status",
        )
    try:
        # The model's rules for the reason (one plain line, 300 characters), not a silent cut.
        reason = Meeting._meta.get_field("cancel_reason").clean(reason, meeting)
    except ValidationError as refusal:
        raise ValidationError({"reason": refusal.messages}) from None
    meeting.status = MeetingStatus.CANCELLED
    meeting.cancel_reason = reason
    meeting.sequence += 1
    meeting.save(update_fields=["status", "cancel_reason", "sequence"])
    return meeting


@transaction.atomic
def meeting_open(*, meeting: Meeting, by: User) -> Meeting:
    """Open the meeting (in progress). Receivers of `meeting_opened` act in this transaction:
    the program package builds the meeting's KPI pack from the data as it stands now."""
    rules.can_run_meeting.enforce(by, meeting)
    # Decide on the row as it is now, locked: two clicks on the button open it once.
    meeting.status = (
        Meeting.objects.select_for_update().values_list("status", flat=True).get(pk=meeting.pk)
    )
    if MeetingStatus.IN_PROGRESS not in MEETING_TRANSITIONS[meeting.status]:
        raise GovernanceError(
            f"This meeting is {meeting.get_status_display().lower()}; only a scheduled meeting "
            "can be opened.",
            field="status",
        )
    meeting.status = MeetingStatus.IN_PROGRESS
    meeting.opened_at = timezone.now()
    meeting.save(update_fields=["status", "opened_at"])
    meeting_opened.send(sender=Meeting, meeting=meeting, by=by)
    return meeting


@transaction.atomic
def meeting_close(*, meeting: Meeting, by: User) -> Meeting:
    """Close the meeting: its minutes are final (agenda items no longer change). Receivers of
    `meeting_closed` act in this transaction: the program package freezes the KPI pack."""
    rules.can_run_meeting.enforce(by, meeting)
    # Decide on the row as it is now, locked: two clicks on the button open it once.
    meeting.status = (
        Meeting.objects.select_for_update().values_list("status", flat=True).get(pk=meeting.pk)
    )
    if MeetingStatus.CLOSED not in MEETING_TRANSITIONS[meeting.status]:
        hint = " Open it first." if meeting.status == MeetingStatus.SCHEDULED else ""
        raise GovernanceError(
            f"This meeting is {meeting.get_status_display().lower()}; only a meeting in "
            f"progress can be closed.{hint}",
            field="status",
        )
    meeting.status = MeetingStatus.CLOSED
    meeting.closed_at = timezone.now()
    meeting.save(update_fields=["status", "closed_at"])
    meeting_closed.send(sender=Meeting, meeting=meeting, by=by)
    return meeting


def _refuse_final_minutes(meeting: Meeting) -> None:
    # Read from the database: the caller's meeting may have been loaded before it closed.
    if Meeting.objects.filter(pk=meeting.pk, status=MeetingStatus.CLOSED).exists():
        raise GovernanceError(
            "This meeting is closed; its agenda and minutes are final.", field="minutes"
        )


# Agenda and minutes

AGENDA_ITEM_FIELDS = ("position", "title", "description", "owner", "time_box_minutes", "minutes")


def _check_person_active(person: Any, field: str) -> None:
    if person is not None and not person.is_active:
        raise ValidationError(
            {field: f"{person_name(person)}'s account is deactivated; choose someone active."}
        )


@transaction.atomic
def agenda_item_create(
    *,
    by: User,
    meeting: Meeting,
    title: str,
    description: str = "",
    owner: Any = None,
    time_box_minutes: int = 10,
    position: int | None = None,
    minutes: str = "",
) -> AgendaItem:
    rules.can_run_meeting.enforce(by, meeting)
    _refuse_final_minutes(meeting)
    _check_person_active(owner, "owner")
    if position is None:
        last = meeting.agenda_items.order_by("-position").values_list("position", flat=True)
        position = (last.first() or 0) + 1
    return validated_save(
        AgendaItem(
            meeting=meeting,
            title=title,
            description=description,
            owner=owner,
            time_box_minutes=time_box_minutes,
            position=position,
            minutes=minutes,
        )
    )


@transaction.atomic
def agenda_item_update(*, agenda_item: AgendaItem, by: User, data: Mapping[str, Any]) -> AgendaItem:
    rules.can_run_meeting.enforce(by, agenda_item)
    _refuse_final_minutes(agenda_item.meeting)
    if "meeting" in data and data["meeting"] != agenda_item.meeting:
        raise ValidationError({"meeting": "An agenda item stays with its meeting."})
    data = {name: value for name, value in data.items() if name != "meeting"}
    if data.get("owner") is not None and data["owner"] != agenda_item.owner:
        _check_person_active(data["owner"], "owner")
    return model_update(instance=agenda_item, fields=AGENDA_ITEM_FIELDS, data=data)[0]


@transaction.atomic
def agenda_item_delete(*, agenda_item: AgendaItem, by: User) -> None:
    rules.can_run_meeting.enforce(by, agenda_item)
    _refuse_final_minutes(agenda_item.meeting)
    agenda_item.delete()


# Attendance


@transaction.atomic
def attendance_record(*, by: User, meeting: Meeting, person: Any, status: str) -> Attendance:
    """Record (or change) whether a person was present, sent apologies or was absent."""
    return attendance_record_many(by=by, meeting=meeting, statuses=[(person, status)])[0]


@transaction.atomic
def attendance_record_many(
    *, by: User, meeting: Meeting, statuses: Iterable[tuple[Any, str]]
) -> list[Attendance]:
    """Record (or change) the attendance of several people at once, as (person, status) pairs.

    Every row is checked before any is written and all are written in this one transaction, so
    a refusal of any row saves none of them (the page and the API record a meeting's attendance
    in one call)."""
    rules.can_run_meeting.enforce(by, meeting)
    rows = list(statuses)
    if not rows:
        return []
    if meeting.is_cancelled:
        raise GovernanceError("This meeting was cancelled; nobody attended.", field="status")
    if len({person.pk for person, _ in rows}) < len(rows):
        raise ValidationError({"person": "Name each person once."})
    recorded = {
        attendance.person_id: attendance
        for attendance in Attendance.objects.select_for_update().filter(
            meeting=meeting, person__in=[person for person, _ in rows]
        )
    }
    checked = []
    for person, status in rows:
        attendance = recorded.get(person.pk) or Attendance(meeting=meeting, person=person)
        attendance.status = status
        try:
            attendance.full_clean()
        except ValidationError as refusal:
            if len(rows) == 1:
                raise  # one row: the model's own error, field by field
            raise ValidationError(
                f"{person_name(person)}: {' '.join(refusal.messages)} Nothing was recorded."
            ) from refusal
        checked.append(attendance)
    for attendance in checked:
        attendance.save()
    return checked


@transaction.atomic
def attendance_update(*, attendance: Attendance, by: User, data: Mapping[str, Any]) -> Attendance:
    rules.can_run_meeting.enforce(by, attendance)
    moved = {
        name: "Attendance keeps its meeting and person; delete it and record anew."
        for name in ("meeting", "person")
        if name in data and data[name] != getattr(attendance, name)
    }
    if moved:
        raise ValidationError(moved)
    if "status" not in data:
        return attendance
    return model_update(instance=attendance, fields=("status",), data={"status": data["status"]})[0]


@transaction.atomic
def attendance_delete(*, attendance: Attendance, by: User) -> None:
    rules.can_run_meeting.enforce(by, attendance)
    attendance.delete()


# Decisions

DECISION_FIELDS = ("text", "rationale", "decided_on", "decided_by", "agenda_item")


@transaction.atomic
def decision_record(
    *,
    by: User,
    text: str,
    decided_by: Any,
    meeting: Meeting | None = None,
    body: GovernanceBody | None = None,
    agenda_item: AgendaItem | None = None,
    rationale: str = "",
    decided_on: dt.date | None = None,
) -> Decision:
    """Record a decision of a body, taken in one of its meetings or between them."""
    if meeting is None and body is None:
        raise ValidationError({"meeting": "Name the meeting (or the body) that decided."})
    body = meeting.body if meeting is not None else body
    rules.can_run_meeting.enforce(by, body)
    if meeting is not None and meeting.is_cancelled:
        raise GovernanceError("This meeting was cancelled; it decided nothing.", field="meeting")
    if decided_on is None:
        decided_on = meeting.local_start.date() if meeting is not None else today()
    return validated_save(
        Decision(
            body=body,
            meeting=meeting,
            agenda_item=agenda_item,
            text=text,
            rationale=rationale,
            decided_on=decided_on,
            decided_by=decided_by,
            recorded_by=by,
        )
    )


@transaction.atomic
def decision_update(*, decision: Decision, by: User, data: Mapping[str, Any]) -> Decision:
    rules.can_run_meeting.enforce(by, decision)
    moved = {
        name: "A decision stays with its body and meeting."
        for name in ("body", "meeting")
        if name in data and data[name] != getattr(decision, name)
    }
    if moved:
        raise ValidationError(moved)
    data = {name: value for name, value in data.items() if name not in ("body", "meeting")}
    return model_update(instance=decision, fields=DECISION_FIELDS, data=data)[0]


# Action items

ACTION_ITEM_FIELDS = ("title", "owner", "due_on", "notes", "agenda_item")
# What an action's owner may change on their own item (the rest is for whoever runs the body).
ACTION_ITEM_OWNER_FIELDS = ("notes",)


@transaction.atomic
def action_item_create(
    *,
    by: User,
    title: str,
    owner: Any,
    due_on: dt.date,
    meeting: Meeting | None = None,
    body: GovernanceBody | None = None,
    agenda_item: AgendaItem | None = None,
    notes: str = "",
    announce: bool = True,
) -> ActionItem:
    """Give someone an action from a meeting (or a body). They are told at once, in the app and
    by e-mail, once the action is saved (unless `announce` is off: a bulk load of history)."""
    if meeting is None and body is None:
        raise ValidationError({"meeting": "Name the meeting (or the body) the action came from."})
    body = meeting.body if meeting is not None else body
    rules.can_run_meeting.enforce(by, body)
    if meeting is not None and meeting.is_cancelled:
        raise GovernanceError("This meeting was cancelled; it set no actions.", field="meeting")
    item = validated_save(
        ActionItem(
            title=title,
            body=body,
            meeting=meeting,
            agenda_item=agenda_item,
            owner=owner,
            due_on=due_on,
            notes=notes,
            created_by=by,
        )
    )
    if announce and owner.pk != by.pk:
        transaction.on_commit(lambda: action_item_assigned_notify(action_item_id=item.pk))
    return item


@transaction.atomic
def action_item_update(*, action_item: ActionItem, by: User, data: Mapping[str, Any]) -> ActionItem:
    """Change an action. Its owner may change the notes; whoever runs the body's meetings may
    change everything. Its status moves through action_item_transition."""
    rules.can_update_action_item.enforce(by, action_item)
    if "status" in data and data["status"] != action_item.status:
        action_item_transition(action_item=action_item, by=by, to_status=data["status"])
    data = {name: value for name, value in data.items() if name != "status"}
    for name in ("body", "meeting"):
        if name in data and data[name] != getattr(action_item, name):
            raise ValidationError({name: "An action stays with the meeting it came from."})
        data.pop(name, None)
    fields = (
        ACTION_ITEM_FIELDS
        if rules.can_run_meeting(by, action_item.body)
        else ACTION_ITEM_OWNER_FIELDS
    )
    # A full update (PUT) repeats what it does not change: only real changes need the right.
    data = {name: value for name, value in data.items() if getattr(action_item, name) != value}
    previous_owner = action_item.owner_id
    if data.get("owner") is not None and data["owner"].pk != previous_owner:
        _check_person_active(data["owner"], "owner")
    item = model_update(instance=action_item, fields=fields, data=data)[0]
    if item.owner_id != previous_owner and item.owner_id != by.pk:
        transaction.on_commit(lambda: action_item_assigned_notify(action_item_id=item.pk))
    return item


@transaction.atomic
def action_item_transition(*, action_item: ActionItem, by: User, to_status: str) -> ActionItem:
    """Move an action's status along ACTION_TRANSITIONS; done records the day it was done."""
    rules.can_update_action_item.enforce(by, action_item)
    if to_status not in ActionStatus.values:
        raise ValidationError({"status": f"{to_status!r} is not a status of an action."})
    if to_status == action_item.status:
        return action_item
    if to_status not in ACTION_TRANSITIONS[action_item.status]:
        raise GovernanceError(
            f"An action that is {action_item.get_status_display().lower()} cannot become "
            f"{ActionStatus(to_status).label.lower()}.",
            field="status",
        )
    action_item.status = to_status
    action_item.completed_on = today() if to_status == ActionStatus.DONE else None
    return validated_save(action_item)


# Calendar feed


@transaction.atomic
def calendar_feed_for(*, person: Any) -> CalendarFeed:
    """The person's feed, created on first use."""
    return CalendarFeed.objects.get_or_create(person=person)[0]


@transaction.atomic
def calendar_feed_rotate(*, person: Any, by: User) -> CalendarFeed:
    """A new secret address for the person's feed; the old one stops working at once."""
    if person.pk != by.pk:
        raise GovernanceError("Only the feed's owner can rotate its address.")
    feed, created = CalendarFeed.objects.select_for_update().get_or_create(person=person)
    if not created:
        feed.token = new_feed_token()
        feed.save(update_fields=["token", "rotated_at"])
    return feed


# Notifications: each recipient in a transaction of its own (see cxgov.notifications).


def _meeting_link(meeting: Meeting) -> str:
    return reverse("governance:meeting-detail", args=[meeting.pk])


def meeting_reminder_occasion(meeting: Meeting) -> str:
    """A moved meeting is a new occasion: its members are reminded of the new time."""
    return f"meeting:{meeting.pk}:{meeting.starts_at.astimezone(dt.UTC).isoformat()}"


def meeting_members(meeting: Meeting) -> list[Any]:
    """The people serving on the body on the meeting's day."""
    return [
        membership.person
        for membership in Membership.objects.active(meeting.local_start.date())
        .filter(body_id=meeting.body_id, person__is_active=True)
        .select_related("person")
        .order_by("person_id")
    ]


def _meeting_notice(meeting: Meeting, person: Any) -> Notice:
    from ..selectors.meetings import meeting_agenda_text, meeting_ics

    when = meeting.local_start
    return Notice(
        kind=MEETING_REMINDER,
        occasion=meeting_reminder_occasion(meeting),
        subject=f"Reminder: {meeting.title}, {when:%a %-d %b %Y %H:%M} ({meeting.time_zone})",
        body=meeting_agenda_text(meeting),
        link=_meeting_link(meeting),
        attachments=[("meeting.ics", meeting_ics(meeting), "text/calendar")],
    )


def _meetings_remind(meetings: Any, *, now: dt.datetime) -> int:
    # A meeting cancelled or moved a moment ago is seen when each reminder locks it.
    return send_once(
        due=meetings.scheduled().filter(starts_at__gt=now).select_related("body"),
        recipients=meeting_members,
        notice=_meeting_notice,
    )


def meeting_reminder_send(*, meeting: Meeting, now: dt.datetime | None = None) -> int:
    """Remind every member of one meeting, with its agenda and an .ics file. A cancelled or
    past meeting is refused. Returns how many reminders went out now (0 if all had before)."""
    now = now or timezone.now()
    meetings_follow_holidays(meetings=Meeting.objects.filter(pk=meeting.pk))
    meeting.refresh_from_db()
    if meeting.is_cancelled:
        raise GovernanceError("This meeting is cancelled; nobody is reminded of it.")
    if meeting.starts_at <= now:
        raise GovernanceError("This meeting has already started; it is too late to remind.")
    return _meetings_remind(Meeting.objects.filter(pk=meeting.pk), now=now)


def meeting_reminders_send(*, now: dt.datetime | None = None) -> int:
    """Remind members of every scheduled meeting starting within the admin's N days."""
    now = now or timezone.now()
    days = MeetingSettings.current().meeting_reminder_days
    due = Meeting.objects.filter(starts_at__lte=now + dt.timedelta(days=days)).order_by(
        "starts_at", "pk"
    )
    # A holiday entered since these were generated: nobody is reminded of a meeting on it.
    meetings_follow_holidays(meetings=due)
    return _meetings_remind(due, now=now)


def _owner(item: ActionItem) -> list[Any]:
    return [item.owner]


def _action_notify(*, due: Any, kind: str, subject: str, body: str) -> int:
    return send_once(
        due=due.select_related("owner", "body").order_by("pk"),
        recipients=_owner,
        notice=lambda item, owner: Notice(
            kind=kind,
            occasion=f"action-item:{item.pk}:{kind}:{item.due_on.isoformat()}",
            subject=subject.format(item=item),
            body=body.format(item=item),
            link=reverse("governance:action-item-list"),
        ),
    )


def action_item_assigned_notify(*, action_item_id: int) -> int:
    return _action_notify(
        due=ActionItem.objects.open().filter(pk=action_item_id),
        kind=ACTION_ITEM_ASSIGNED,
        subject="New action for you: {item.title}",
        body="{item.body} gave you an action, due {item.due_on:%-d %b %Y}:\n\n{item.title}",
    )


def action_item_reminders_send(*, on: dt.date | None = None) -> tuple[int, int]:
    """Tell owners of open actions due within the admin's N days, and of those overdue by the
    admin's M days. Returns (due soon, overdue) sent now."""
    on = on or today()
    config = MeetingSettings.current()
    soon_until = on + dt.timedelta(days=config.action_due_days)
    overdue_by = on - dt.timedelta(days=config.action_overdue_days)
    sent_soon = _action_notify(
        due=ActionItem.objects.open().filter(due_on__gte=on, due_on__lte=soon_until),
        kind=ACTION_ITEM_DUE,
        subject="Action due {item.due_on:%-d %b %Y}: {item.title}",
        body="Your action from {item.body} is due on {item.due_on:%-d %b %Y}:\n\n{item.title}",
    )
    sent_overdue = _action_notify(
        due=ActionItem.objects.open().filter(due_on__lte=overdue_by),
        kind=ACTION_ITEM_OVERDUE,
        subject="Overdue action: {item.title}",
        body="Your action from {item.body} was due on {item.due_on:%-d %b %Y} and is still "
        "open:\n\n{item.title}\n\nUpdate it, or agree a new date with the body.",
    )
    return sent_soon, sent_overdue


# A digest names the first few; the body's page lists them all.
DIGEST_ITEMS_SHOWN = 10


def _digest_lines(heading: str, items: list[ActionItem]) -> list[str]:
    if not items:
        return []
    lines = [f"{heading} ({len(items)}):"]
    for item in items[:DIGEST_ITEMS_SHOWN]:
        owner = person_name(item.owner) if item.owner_id else "no owner"
        lines.append(f"- {item.title} ({owner}, due {item.due_on:%-d %b %Y})")
    if len(items) > DIGEST_ITEMS_SHOWN:
        lines.append(f"- and {len(items) - DIGEST_ITEMS_SHOWN} more")
    return lines


def body_digests_post(*, on: dt.date | None = None) -> int:
    """The weekly digest of each active body with a chat channel, posted to it once per ISO
    week (the notification log's unique row, so beat firing twice posts once): its next
    meeting, its overdue action items and those due within the week. Returns the posts
    logged now (each is sent after its commit)."""
    on = on or today()
    year, week, _ = on.isocalendar()
    posted = 0
    bodies = (
        GovernanceBody.objects.active(on)
        .filter(chat_channel__is_active=True)
        .select_related("chat_channel")
        .order_by("pk")
    )
    for body in bodies:
        meeting = Meeting.objects.upcoming().filter(body=body).order_by("starts_at").first()
        items = list(
            ActionItem.objects.filter(body=body, due_on__lt=on + dt.timedelta(days=7))
            .open()
            .select_related("owner")
            .order_by("due_on", "pk")
        )
        lines = [
            f"Next meeting: {meeting.local_start:%A %-d %b %Y, %H:%M}."
            if meeting is not None
            else "No meeting scheduled."
        ]
        lines += _digest_lines("Overdue action items", [i for i in items if i.due_on < on])
        lines += _digest_lines("Due this week", [i for i in items if i.due_on >= on])
        if len(lines) == 1:
            lines.append("No action item overdue or due this week.")
        with transaction.atomic():
            posted += (
                chat_notify(
                    channel=body.chat_channel,
                    kind=BODY_DIGEST,
                    occasion=f"digest:body:{body.pk}:{year}-W{week:02d}",
                    subject=f"{body.name}: the week of {on:%-d %b %Y}",
                    body="\n".join(lines),
                    link=reverse("governance:body-detail", kwargs={"pk": body.pk}),
                )
                is not None
            )
    return posted
