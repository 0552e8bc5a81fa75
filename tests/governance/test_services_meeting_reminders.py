"""Reminders: members hear of a meeting N days before (agenda and .ics attached), owners of
actions due in N days and of overdue ones; each once per occasion."""

import datetime as dt

import icalendar
import pytest
from django.core import mail
from django.utils import timezone

from cxgov.dates import today
from cxgov.models import Notification
from governance import services
from governance.errors import GovernanceError
from governance.models import MeetingSettings
from tests.factories import MembershipFactory, UserFactory
from tests.governance.factories import ActionItemFactory, MeetingFactory


@pytest.fixture
def members(structure):
    steering = structure["steering"]
    return [
        MembershipFactory(
            body=steering,
            person=UserFactory(roles=["Working-group member"], email=f"m{i}@example.com"),
        ).person
        for i in range(3)
    ]


@pytest.fixture
def soon(structure):
    """A steering committee meeting in a day and a half: inside the default 2-day window."""
    return MeetingFactory(
        body=structure["steering"],
        starts_at=(timezone.now() + dt.timedelta(hours=36)).replace(microsecond=0),
    )


def test_members_are_reminded_once_with_the_agenda_and_an_ics(soon, members, deliver):
    services.agenda_item_create(by=UserFactory(roles=["Admin"]), meeting=soon, title="KPI review")
    with deliver():
        assert services.meeting_reminders_send() == 3
        assert services.meeting_reminders_send() == 0
    assert sorted(m.to[0] for m in mail.outbox) == [
        "m0@example.com",
        "m1@example.com",
        "m2@example.com",
    ]
    message = mail.outbox[0]
    assert "1. KPI review" in message.body
    name, content, mimetype = message.attachments[0]
    assert (name, mimetype) == ("meeting.ics", "text/calendar")
    [event] = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert event.decoded("dtstart") == soon.local_start


def test_a_meeting_beyond_the_window_waits(structure, members):
    MeetingFactory(body=structure["steering"], starts_at=timezone.now() + dt.timedelta(days=3))
    assert services.meeting_reminders_send() == 0
    MeetingSettings.objects.update_or_create(pk=1, defaults={"meeting_reminder_days": 4})
    assert services.meeting_reminders_send() == 3


def test_a_moved_meeting_is_a_new_occasion(soon, members, admin_user):
    services.meeting_reminders_send()
    services.meeting_update(
        meeting=soon, by=admin_user, data={"starts_at": soon.starts_at + dt.timedelta(hours=2)}
    )
    assert services.meeting_reminders_send() == 3
    assert Notification.objects.filter(kind="meeting_reminder").count() == 6


def test_cancelled_and_past_meetings_are_refused_and_nobody_is_reminded(
    soon, members, admin_user, structure
):
    services.meeting_cancel(meeting=soon, by=admin_user)
    with pytest.raises(GovernanceError, match="cancelled"):
        services.meeting_reminder_send(meeting=soon)
    past = MeetingFactory(
        body=structure["steering"], starts_at=timezone.now() - dt.timedelta(hours=1)
    )
    with pytest.raises(GovernanceError, match="already started"):
        services.meeting_reminder_send(meeting=past)
    assert services.meeting_reminders_send() == 0
    assert not Notification.objects.exists() and mail.outbox == []


def test_owners_hear_of_actions_due_soon_and_overdue_once(structure, admin_user):
    on = today()
    meeting = MeetingFactory(
        body=structure["steering"], starts_at=timezone.now() - dt.timedelta(days=30)
    )
    due_soon = ActionItemFactory(meeting=meeting, due_on=on + dt.timedelta(days=2))
    overdue = ActionItemFactory(meeting=meeting, due_on=on - dt.timedelta(days=3))
    ActionItemFactory(meeting=meeting, due_on=on + dt.timedelta(days=10))  # not yet
    services.action_item_transition(
        action_item=ActionItemFactory(meeting=meeting, due_on=on - dt.timedelta(days=5)),
        by=admin_user,
        to_status="done",
    )  # done: never nagged
    assert services.action_item_reminders_send(on=on) == (1, 1)
    assert services.action_item_reminders_send(on=on) == (0, 0)
    kinds = dict(Notification.objects.values_list("recipient", "kind"))
    assert kinds == {due_soon.owner_id: "action_item_due", overdue.owner_id: "action_item_overdue"}


def test_giving_someone_an_action_tells_them(
    structure, admin_user, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(body=structure["steering"])
    owner = UserFactory(roles=["Working-group member"], email="olga@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        services.action_item_create(
            by=admin_user,
            meeting=meeting,
            title="Draft the complaint taxonomy",
            owner=owner,
            due_on=meeting.local_start.date() + dt.timedelta(days=14),
        )
    [note] = Notification.objects.filter(recipient=owner)
    assert note.kind == "action_item_assigned"
    assert "Draft the complaint taxonomy" in note.subject
