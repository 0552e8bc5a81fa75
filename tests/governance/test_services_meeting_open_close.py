"""Opening and closing a meeting: who may, in which order, what it tells the apps built on
governance (signals), and that a closed meeting's minutes are final."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from governance import services
from governance.errors import GovernanceError
from governance.models import Meeting, MeetingStatus, MemberRole
from governance.signals import meeting_closed, meeting_opened
from tests.factories import MembershipFactory, UserFactory
from tests.governance.factories import MeetingFactory


@pytest.fixture
def chair(structure):
    person = UserFactory(username="chair", roles=["Steering committee"])
    MembershipFactory(body=structure["steering"], person=person, role=MemberRole.CHAIR)
    return person


@pytest.fixture
def member(structure):
    person = UserFactory(username="olga", roles=["Steering committee"])
    MembershipFactory(body=structure["steering"], person=person)
    return person


@pytest.fixture
def meeting(structure, admin_user):
    meeting = MeetingFactory(body=structure["steering"])
    services.agenda_item_create(by=admin_user, meeting=meeting, title="Review KPIs")
    return meeting


@pytest.fixture
def heard():
    calls = []

    def listen(sender, *, meeting, by, **kwargs):
        calls.append((meeting.status, meeting.pk, by.username))

    meeting_opened.connect(listen, dispatch_uid="test-open")
    meeting_closed.connect(listen, dispatch_uid="test-close")
    yield calls
    meeting_opened.disconnect(dispatch_uid="test-open")
    meeting_closed.disconnect(dispatch_uid="test-close")


def test_the_chair_opens_then_closes_and_each_step_is_signalled(chair, meeting, heard):
    services.meeting_open(meeting=meeting, by=chair)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.IN_PROGRESS and meeting.opened_at is not None
    services.meeting_close(meeting=meeting, by=chair)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CLOSED and meeting.closed_at >= meeting.opened_at
    assert heard == [
        (MeetingStatus.IN_PROGRESS, meeting.pk, "chair"),
        (MeetingStatus.CLOSED, meeting.pk, "chair"),
    ]


def test_a_plain_member_may_not_open_and_nothing_changes(member, meeting, heard):
    with pytest.raises(PermissionDenied):
        services.meeting_open(meeting=meeting, by=member)
    meeting.refresh_from_db()
    assert (meeting.status, meeting.opened_at, heard) == (MeetingStatus.SCHEDULED, None, [])


def test_a_scheduled_meeting_cannot_be_closed_before_it_is_opened(chair, meeting):
    with pytest.raises(GovernanceError) as refused:
        services.meeting_close(meeting=meeting, by=chair)
    assert refused.value.field == "status" and "Open it first" in refused.value.message
    assert Meeting.objects.get(pk=meeting.pk).closed_at is None


def test_a_cancelled_or_closed_meeting_cannot_be_opened(chair, meeting, structure):
    cancelled = MeetingFactory(body=structure["steering"])
    services.meeting_cancel(meeting=cancelled, by=chair)
    with pytest.raises(GovernanceError, match="cancelled"):
        services.meeting_open(meeting=cancelled, by=chair)
    services.meeting_open(meeting=meeting, by=chair)
    services.meeting_close(meeting=meeting, by=chair)
    with pytest.raises(GovernanceError, match="closed"):
        services.meeting_open(meeting=meeting, by=chair)


def test_an_open_meeting_cannot_be_cancelled(chair, meeting):
    services.meeting_open(meeting=meeting, by=chair)
    with pytest.raises(GovernanceError, match="only a scheduled meeting can be cancelled"):
        services.meeting_cancel(meeting=meeting, by=chair)
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.IN_PROGRESS


def test_a_closed_meetings_minutes_are_final(chair, meeting):
    item = meeting.agenda_items.get()
    services.meeting_open(meeting=meeting, by=chair)
    services.agenda_item_update(agenda_item=item, by=chair, data={"minutes": "Agreed."})
    services.meeting_close(meeting=meeting, by=chair)
    with pytest.raises(GovernanceError) as refused:
        services.agenda_item_update(agenda_item=item, by=chair, data={"minutes": "Rewritten."})
    assert refused.value.field == "minutes"
    with pytest.raises(GovernanceError):
        services.agenda_item_create(by=chair, meeting=meeting, title="Late item")
    item.refresh_from_db()
    assert item.minutes == "Agreed." and meeting.agenda_items.count() == 1


def test_a_receiver_that_fails_rolls_the_opening_back(chair, meeting):
    def broken(sender, **kwargs):
        raise GovernanceError("The pack could not be built.")

    meeting_opened.connect(broken, dispatch_uid="test-broken")
    try:
        with pytest.raises(GovernanceError):
            services.meeting_open(meeting=meeting, by=chair)
    finally:
        meeting_opened.disconnect(dispatch_uid="test-broken")
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.SCHEDULED


def test_the_page_buttons_open_and_close_the_meeting(client, chair, meeting):
    client.force_login(chair)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Open the meeting" in page and "Close the meeting" not in page
    response = client.post(reverse("governance:meeting-open", args=[meeting.pk]))
    assert response.status_code == 302
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "In progress" in page and "Close the meeting (minutes final)" in page
    client.post(reverse("governance:meeting-close", args=[meeting.pk]))
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Closed · minutes final" in page and "Open the meeting" not in page


def test_closing_twice_on_the_page_says_why_and_changes_nothing(client, chair, meeting):
    client.force_login(chair)
    client.post(reverse("governance:meeting-open", args=[meeting.pk]))
    client.post(reverse("governance:meeting-close", args=[meeting.pk]))
    closed_at = Meeting.objects.get(pk=meeting.pk).closed_at
    response = client.post(reverse("governance:meeting-close", args=[meeting.pk]), follow=True)
    assert "only a meeting in progress can be closed" in response.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).closed_at == closed_at


def test_the_api_opens_and_closes_and_refuses_out_of_order(client, chair, meeting):
    client.force_login(chair)
    close = client.post(reverse("meeting-close", args=[meeting.pk]))
    assert close.status_code == 400 and "status" in close.json()
    opened = client.post(reverse("meeting-open", args=[meeting.pk]))
    assert opened.status_code == 200 and opened.json()["status"] == "in_progress"
    closed = client.post(reverse("meeting-close", args=[meeting.pk]))
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    assert closed.json()["closed_at"]
