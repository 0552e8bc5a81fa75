"""Meeting pages: the list, one meeting (attendance, minutes, decisions, actions), moving and
cancelling, cadences, the decision log, my actions, the .ics link and the calendar feed."""

import datetime as dt
import socket
import zoneinfo

import icalendar
import pytest
from django.core.mail.backends import smtp
from django.urls import reverse
from django.utils import timezone

from cxgov.celery import app as celery_app
from cxgov.models import Notification
from cxgov.tasks import notification_email_send
from governance import services
from governance.models import (
    ActionItem,
    ActionStatus,
    Attendance,
    Cadence,
    CalendarFeed,
    Decision,
    Meeting,
    MeetingStatus,
    MemberRole,
)
from governance.notifications import ACTION_ITEM_ASSIGNED
from tests.factories import MembershipFactory, UserFactory
from tests.governance.factories import (
    ActionItemFactory,
    CadenceFactory,
    DecisionFactory,
    MeetingFactory,
)
from tests.helpers import assert_flat_query_count


@pytest.fixture
def chair(structure, retail):
    person = UserFactory(username="chair", roles=["Steering committee"])
    MembershipFactory(body=structure["steering"], person=person, role=MemberRole.CHAIR)
    return person


@pytest.fixture
def member(structure):
    person = UserFactory(
        username="olga", first_name="Olga", last_name="Ivanova", roles=["Steering committee"]
    )
    MembershipFactory(body=structure["steering"], person=person)
    return person


@pytest.fixture
def meeting(structure):
    meeting = MeetingFactory(body=structure["steering"])
    services.agenda_item_create(
        by=UserFactory(roles=["Admin"]), meeting=meeting, title="Review KPIs"
    )
    return meeting


def test_the_chair_records_attendance_a_decision_and_an_action(client, chair, member, meeting):
    client.force_login(chair)
    page = client.get(meeting.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="kpi-pack"' in html and "Add to calendar (.ics)" in html
    response = client.post(
        reverse("governance:attendance-record", args=[meeting.pk]),
        {f"person_{chair.pk}": "present", f"person_{member.pk}": "apologies"},
    )
    assert response.status_code == 302
    assert dict(Attendance.objects.values_list("person__username", "status")) == {
        "chair": "present",
        "olga": "apologies",
    }
    client.post(
        reverse("governance:decision-create", args=[meeting.pk]),
        {
            "text": "Fund the onboarding redesign",
            "rationale": "Top detractor theme",
            "decided_by": chair.pk,
        },
    )
    assert Decision.objects.get().body == meeting.body
    due = (meeting.local_start + dt.timedelta(days=7)).date()
    client.post(
        reverse("governance:action-item-create", args=[meeting.pk]),
        {"title": "Draft the business case", "owner": member.pk, "due_on": due.isoformat()},
    )
    action = ActionItem.objects.get()
    assert (action.owner, action.due_on, action.meeting) == (member, due, meeting)


def test_an_action_due_before_its_meeting_is_refused_on_the_field_and_nothing_saved(
    client, chair, member, meeting
):
    client.force_login(chair)
    early = (meeting.local_start - dt.timedelta(days=1)).date()
    response = client.post(
        reverse("governance:action-item-create", args=[meeting.pk]),
        {"title": "Too early", "owner": member.pk, "due_on": early.isoformat()},
    )
    assert response.status_code == 200
    assert "before the meeting it came from" in str(
        response.context["action_form"].errors["due_on"]
    )
    assert not ActionItem.objects.exists()


def test_an_action_for_someone_deactivated_is_refused(chair, member, meeting):
    member.is_active = False
    member.save()
    with pytest.raises(Exception, match="deactivated"):
        services.action_item_create(
            by=chair,
            meeting=meeting,
            title="Nobody will do this",
            owner=member,
            due_on=meeting.local_start.date(),
        )
    assert not ActionItem.objects.exists()


def test_a_plain_member_reads_the_meeting_but_cannot_record(client, member, meeting):
    client.force_login(member)
    page = client.get(meeting.get_absolute_url())
    assert page.status_code == 200 and page.context["attendance_form"] is None
    response = client.post(
        reverse("governance:decision-create", args=[meeting.pk]),
        {"text": "x", "decided_by": member.pk},
    )
    assert response.status_code == 403
    assert not Decision.objects.exists()


def test_a_working_group_member_of_another_group_gets_404(client, structure, meeting):
    outsider = UserFactory(roles=["Working-group member"])
    MembershipFactory(body=structure["complaints"], person=outsider)
    client.force_login(outsider)
    assert client.get(meeting.get_absolute_url()).status_code == 404
    assert client.get(reverse("governance:meeting-ics", args=[meeting.pk])).status_code == 404


def test_moving_one_meeting_keeps_its_local_time_in_its_zone(client, chair, meeting):
    client.force_login(chair)
    response = client.post(
        reverse("governance:meeting-edit", args=[meeting.pk]),
        {"date": "2027-04-06", "time": "10:30", "duration_minutes": 45, "location": "Room 4"},
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.local_start.replace(tzinfo=None) == dt.datetime(2027, 4, 6, 10, 30)
    assert meeting.starts_at.astimezone(dt.UTC).hour == 9  # BST


def test_cancelling_a_meeting_from_its_page(client, chair, meeting):
    client.force_login(chair)
    client.post(reverse("governance:meeting-cancel", args=[meeting.pk]), {"reason": "Away day"})
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED and meeting.sequence == 1
    again = client.post(reverse("governance:meeting-cancel", args=[meeting.pk]), {"reason": ""})
    assert "already cancelled" in again.content.decode()


def test_the_ics_link_reads_back_in_the_bodys_zone(client, member, meeting):
    client.force_login(member)
    response = client.get(reverse("governance:meeting-ics", args=[meeting.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]
    [event] = calendar.walk("VEVENT")
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert event.decoded("dtstart") == meeting.local_start


def test_a_cadence_is_set_on_the_body_and_generates_meetings(client, core_team_user, structure):
    client.force_login(core_team_user)
    url = reverse("governance:cadence-create", args=[structure["steering"].pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "frequency": "monthly",
            "monthly_rule": "weekday",
            "weekday": "1",
            "week_of_month": "2",
            "time": "09:00",
            "time_zone": "Europe/London",
            "duration_minutes": "90",
            "starts_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    assert Meeting.objects.filter(body=structure["steering"]).count() >= 2


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"frequency": "weekly", "weekday": ""}, "weekday"),
        ({"monthly_rule": "day", "day_of_month": "32"}, "day_of_month"),
        ({"time_zone": "Europe/Atlantis"}, "time_zone"),
    ],
)
def test_a_bad_cadence_is_refused_naming_the_field_and_nothing_saved(
    client, core_team_user, structure, changes, field
):
    client.force_login(core_team_user)
    data = {
        "frequency": "monthly",
        "monthly_rule": "weekday",
        "weekday": "1",
        "week_of_month": "2",
        "time": "09:00",
        "time_zone": "Europe/London",
        "duration_minutes": "60",
        "starts_on": "2026-01-01",
        **changes,
    }
    response = client.post(
        reverse("governance:cadence-create", args=[structure["steering"].pk]), data
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Cadence.objects.exists() and not Meeting.objects.exists()


def test_the_decision_log_filters_by_body_and_searches(client, viewer_user, structure):
    steering = MeetingFactory(body=structure["steering"])
    onboarding = MeetingFactory(body=structure["onboarding"])
    DecisionFactory(meeting=steering, text="Approve the NPS target of 45")
    DecisionFactory(meeting=onboarding, text="Drop the paper form")
    client.force_login(viewer_user)
    url = reverse("governance:decision-log")
    assert client.get(url).context["page"].paginator.count == 2
    only = client.get(url, {"body": structure["onboarding"].pk}).context["page"].object_list
    assert [d.text for d in only] == ["Drop the paper form"]
    found = client.get(url, {"q": "nps target"}).context["page"].object_list
    assert [d.text for d in found] == ["Approve the NPS target of 45"]


def test_the_decision_log_runs_a_fixed_number_of_queries(client, viewer_user, structure):
    client.force_login(viewer_user)

    def grow_to(size):
        while Decision.objects.count() < size:
            DecisionFactory(meeting=MeetingFactory(body=structure["steering"]))

    assert_flat_query_count(
        fetch=lambda: client.get(reverse("governance:decision-log")),
        grow_to=grow_to,
        sizes=(10, 60),
    )


def test_the_meeting_page_runs_a_fixed_number_of_queries(client, chair, structure, meeting):
    client.force_login(chair)

    def grow_to(size):
        while meeting.agenda_items.count() < size:
            person = UserFactory()
            MembershipFactory(body=structure["steering"], person=person)
            Attendance.objects.create(meeting=meeting, person=person, status="present")
            services.agenda_item_create(by=chair, meeting=meeting, title="Item", owner=person)
            DecisionFactory(meeting=meeting, decided_by=person)
            ActionItemFactory(meeting=meeting, owner=person)

    assert_flat_query_count(
        fetch=lambda: client.get(meeting.get_absolute_url()), grow_to=grow_to, sizes=(5, 40)
    )


def test_my_action_items_are_updated_from_the_home_page(client, member, meeting):
    item = ActionItemFactory(meeting=meeting, owner=member, title="Draft the business case")
    client.force_login(member)
    home = client.get("/").content.decode()
    assert "Draft the business case" in home
    response = client.post(
        reverse("governance:action-item-status", args=[item.pk]), {"status": "done", "next": "/"}
    )
    assert response.status_code == 302 and response.url == "/"
    item.refresh_from_db()
    assert item.status == ActionStatus.DONE and item.completed_on == timezone.localdate()


def test_someone_elses_action_cannot_be_updated(client, member, meeting, structure):
    item = ActionItemFactory(meeting=meeting)
    client.force_login(member)
    response = client.post(
        reverse("governance:action-item-status", args=[item.pk]), {"status": "done"}
    )
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.status == ActionStatus.OPEN


def test_the_calendar_feed_needs_only_its_token_and_stops_when_rotated(client, member, meeting):
    feed = services.calendar_feed_for(person=member)
    url = reverse("governance:calendar-feed", args=[feed.token])
    response = client.get(url)  # no login
    assert response.status_code == 200
    [event] = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["UID"]) == f"meeting-{meeting.pk}@cxgov"
    client.force_login(member)
    client.post(reverse("governance:calendar-feed-rotate"))
    client.logout()
    assert client.get(url).status_code == 404
    new = CalendarFeed.objects.get(person=member).token
    assert new != feed.token
    assert client.get(reverse("governance:calendar-feed", args=[new])).status_code == 200
    assert client.get(reverse("governance:calendar-feed", args=["not-a-token"])).status_code == 404


def test_meeting_list_and_my_action_items_pages(client, member, meeting):
    ActionItemFactory(meeting=meeting, owner=member, title="Send the survey")
    client.force_login(member)
    listing = client.get(reverse("governance:meeting-list"))
    assert listing.status_code == 200 and meeting in listing.context["meetings"]
    assert "/governance/calendar/" in listing.content.decode()
    mine = client.get(reverse("governance:action-item-list"))
    assert [i.title for i in mine.context["items"]] == ["Send the survey"]
    assert client.get("/meetings/").url == reverse("governance:meeting-list")


def test_a_cadence_generates_for_a_moved_series_without_duplicates(structure, admin_user):
    cadence = CadenceFactory(body=structure["steering"], starts_on=timezone.localdate())
    services.meetings_generate(horizon_days=60)
    count = Meeting.objects.count()
    services.cadence_update(cadence=cadence, by=admin_user, data={"time": dt.time(14, 0)})
    services.meetings_generate(horizon_days=60)
    assert Meeting.objects.count() == count


def test_pages_show_a_meeting_at_its_local_time_in_its_own_zone(client, viewer_user, structure):
    new_york = zoneinfo.ZoneInfo("America/New_York")
    meeting = MeetingFactory(
        body=structure["steering"],
        time_zone="America/New_York",
        starts_at=dt.datetime(2027, 3, 9, 15, 30, tzinfo=new_york),
    )
    client.force_login(viewer_user)
    assert (
        "Tue 9 Mar 2027, 15:30" in client.get(reverse("governance:meeting-list")).content.decode()
    )
    assert (
        "15:30–16:30 (America/New_York)" in client.get(meeting.get_absolute_url()).content.decode()
    )


def test_the_body_page_shows_its_cadence_and_next_meetings(client, core_team_user, structure):
    CadenceFactory(body=structure["steering"], starts_on=timezone.localdate())
    services.meetings_generate(horizon_days=70)
    client.force_login(core_team_user)
    html = client.get(structure["steering"].get_absolute_url()).content.decode()
    assert "Second Tuesday of each month at 09:00 Europe/London, 90 minutes" in html
    assert html.count("/governance/meetings/") >= 3
    assert reverse("governance:cadence-create", args=[structure["onboarding"].pk]) in (
        client.get(structure["onboarding"].get_absolute_url()).content.decode()
    )


def test_the_admin_sets_the_horizon_and_reminder_days(client, admin_user):
    from governance.models import MeetingSettings

    admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    MeetingSettings.current()
    response = client.post(
        "/admin/governance/meetingsettings/1/change/",
        {
            "horizon_days": "120",
            "meeting_reminder_days": "3",
            "action_due_days": "5",
            "action_overdue_days": "2",
            "holiday_country": "GB",
            "holiday_subdivision": "SCT",
        },
    )
    assert response.status_code == 302
    assert MeetingSettings.current().horizon_days == 120
    assert MeetingSettings.current().holiday_subdivision == "SCT"


class RefusingSmtp(smtp.EmailBackend):
    """Django's SMTP backend, counting its tries, against a loopback port nobody listens on."""

    attempts = 0

    def open(self):
        RefusingSmtp.attempts += 1
        return super().open()


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.django_db(transaction=True)
def test_a_mail_server_that_refuses_leaves_the_page_working_and_the_notice_saved(
    client, chair, member, meeting, settings, monkeypatch
):
    # Real commits (a transactional test), so the e-mail is queued when the request commits;
    # the task runs at once in this process (eager), retried as a worker would retry it.
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)
    settings.EMAIL_BACKEND = "tests.governance.test_views_meetings.RefusingSmtp"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", closed_port()
    RefusingSmtp.attempts = 0
    client.force_login(chair)
    response = client.post(
        reverse("governance:action-item-create", args=[meeting.pk]),
        {
            "title": "Draft the business case",
            "owner": member.pk,
            "due_on": (meeting.local_start + dt.timedelta(days=7)).date().isoformat(),
        },
    )
    assert response.status_code in (200, 302)
    note = Notification.objects.get(recipient=member, kind=ACTION_ITEM_ASSIGNED)
    assert note.emailed_at is None  # not sent, and kept for the retries
    assert RefusingSmtp.attempts == notification_email_send.max_retries + 1
