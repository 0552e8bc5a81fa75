"""API: cadences, meetings (with ics/ and cancel/), agenda items, attendance, decisions, action
items and notifications. Bad input is a 400 naming the field with every count unchanged."""

import datetime as dt
import zoneinfo

import icalendar
import pytest
from django.utils import timezone

from cxgov.models import Notification
from cxgov.notifications import notify
from governance import services
from governance.models import (
    ActionItem,
    ActionStatus,
    Attendance,
    Cadence,
    Decision,
    Meeting,
    MemberRole,
)
from governance.notifications import MEETING_REMINDER
from tests.factories import MembershipFactory, UserFactory
from tests.governance.factories import (
    ActionItemFactory,
    CadenceFactory,
    DecisionFactory,
    MeetingFactory,
)
from tests.helpers import assert_flat_query_count


@pytest.fixture
def core_client(api_client, core_team_user):
    api_client.force_login(core_team_user)
    return api_client


@pytest.fixture
def meeting(structure):
    return MeetingFactory(body=structure["steering"])


def counts():
    return tuple(m.objects.count() for m in (Cadence, Meeting, Attendance, Decision, ActionItem))


def test_a_cadence_is_created_and_described(core_client, structure):
    response = core_client.post(
        "/api/v1/cadences/",
        {
            "body": structure["steering"].pk,
            "frequency": "monthly",
            "weekday": 1,
            "week_of_month": 2,
            "time": "09:00",
            "time_zone": "Europe/London",
        },
    )
    assert response.status_code == 201, response.json()
    assert response.json()["description"] == "Second Tuesday of each month at 09:00 Europe/London"


def test_a_cadence_or_meeting_with_no_time_zone_is_held_in_the_default_zone(core_client, structure):
    # Both serializers let a client leave the zone out: it used to reach the service as a
    # missing argument, a 500.
    response = core_client.post(
        "/api/v1/cadences/",
        {"body": structure["steering"].pk, "frequency": "weekly", "weekday": 1, "time": "09:00"},
    )
    assert response.status_code == 201, response.json()
    assert response.json()["time_zone"] == "Europe/London"
    response = core_client.post(
        "/api/v1/meetings/",
        {"body": structure["steering"].pk, "starts_at": "2026-12-01T09:00:00Z"},
    )
    assert response.status_code == 201, response.json()
    assert response.json()["time_zone"] == "Europe/London"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"time_zone": "Europe/Nowhere"}, "time_zone"),
        ({"frequency": "weekly", "weekday": None}, "weekday"),
        ({"monthly_rule": "day", "day_of_month": 0}, "day_of_month"),
    ],
)
def test_a_cadence_that_yields_no_date_is_a_400_and_nothing_saved(
    core_client, structure, changes, field
):
    before = counts()
    data = {
        "body": structure["steering"].pk,
        "frequency": "monthly",
        "weekday": 1,
        "week_of_month": 2,
        "time": "09:00",
        "time_zone": "Europe/London",
        **changes,
    }
    response = core_client.post("/api/v1/cadences/", data)
    assert response.status_code == 400
    assert field in response.json()
    assert counts() == before


@pytest.mark.parametrize(
    ("zone", "days", "utc_hours"),
    [
        # 09:00 on the second Tuesday: GMT in March, BST in April (London changes 29 Mar 2026).
        ("Europe/London", [dt.date(2026, 3, 10), dt.date(2026, 4, 14)], [9, 8]),
        # New York changes on 8 March 2026: EST (UTC-5) in February, EDT (UTC-4) in March.
        ("America/New_York", [dt.date(2026, 2, 10), dt.date(2026, 3, 10)], [14, 13]),
    ],
)
def test_ics_reads_back_at_the_same_local_time_across_a_daylight_saving_change(
    core_client, structure, zone, days, utc_hours
):
    cadence = CadenceFactory(body=structure["steering"], time_zone=zone)
    services.meetings_generate(on=days[0], horizon_days=(days[1] - days[0]).days)
    for day, utc_hour in zip(days, utc_hours, strict=True):
        meeting = Meeting.objects.get(cadence=cadence, occurrence=day)
        response = core_client.get(f"/api/v1/meetings/{meeting.pk}/ics/")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/calendar")
        calendar = icalendar.Calendar.from_ical(response.content)
        assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == [zone]
        [event] = calendar.walk("VEVENT")
        assert event["DTSTART"].params["TZID"] == zone
        start = event.decoded("dtstart")
        assert start.replace(tzinfo=None) == dt.datetime.combine(day, dt.time(9, 0))
        assert start.utcoffset() == zoneinfo.ZoneInfo(zone).utcoffset(start.replace(tzinfo=None))
        assert start.astimezone(dt.UTC).hour == utc_hour
        assert event.decoded("dtend") - start == dt.timedelta(minutes=90)


@pytest.mark.parametrize(
    ("zone", "days", "utc_hours"),
    [
        # Sydney changes on 5 Apr 2026 (AEDT, UTC+11 -> AEST, UTC+10): 09:00 is 22:00 or 23:00 UTC
        # the day before.
        ("Australia/Sydney", [dt.date(2026, 3, 10), dt.date(2026, 4, 14)], [22, 23]),
        ("Europe/London", [dt.date(2026, 3, 10), dt.date(2026, 4, 14)], [9, 8]),
        ("Asia/Tokyo", [dt.date(2026, 3, 10), dt.date(2026, 4, 14)], [0, 0]),
    ],
)
def test_ics_is_read_at_the_same_instant_by_two_parsers_we_did_not_write(
    core_client, structure, zone, days, utc_hours
):
    """vobject ignores RDATE (the old VTIMEZONE's only rule); dateutil reads RRULEs."""
    from io import StringIO

    from dateutil import tz as dateutil_tz

    from tests.cxgov.test_calendars import _vobject_read

    cadence = CadenceFactory(body=structure["steering"], time_zone=zone)
    services.meetings_generate(on=days[0], horizon_days=(days[1] - days[0]).days)
    for day, utc_hour in zip(days, utc_hours, strict=True):
        meeting = Meeting.objects.get(cadence=cadence, occurrence=day)
        text = core_client.get(f"/api/v1/meetings/{meeting.pk}/ics/").content
        read = _vobject_read(text).vevent.dtstart.value.astimezone(dt.UTC)
        assert (read.hour, read) == (utc_hour, meeting.starts_at)
        local = dt.datetime.combine(day, dt.time(9, 0))
        reader = dateutil_tz.tzical(StringIO(text.decode())).get(zone)
        assert local.replace(tzinfo=reader).astimezone(dt.UTC) == meeting.starts_at


def test_ics_of_a_meeting_the_user_may_not_see_is_a_404(api_client, structure):
    meeting = MeetingFactory(body=structure["onboarding"])
    outsider = UserFactory(roles=["Working-group member"])
    MembershipFactory(body=structure["complaints"], person=outsider)
    api_client.force_login(outsider)
    assert api_client.get(f"/api/v1/meetings/{meeting.pk}/ics/").status_code == 404
    assert api_client.get(f"/api/v1/meetings/{meeting.pk}/").status_code == 404


def test_moving_and_cancelling_one_meeting(core_client, meeting):
    later = (meeting.starts_at + dt.timedelta(days=1)).isoformat()
    moved = core_client.patch(f"/api/v1/meetings/{meeting.pk}/", {"starts_at": later})
    assert moved.status_code == 200, moved.json()
    assert moved.json()["sequence"] == 1
    cancelled = core_client.post(f"/api/v1/meetings/{meeting.pk}/cancel/", {"reason": "Holiday"})
    assert cancelled.json()["status"] == "cancelled"
    again = core_client.post(f"/api/v1/meetings/{meeting.pk}/cancel/", {})
    assert again.status_code == 400 and "already cancelled" in str(again.json())


def test_attendance_is_recorded_once_per_person(core_client, meeting):
    person = UserFactory()
    url = "/api/v1/attendance/"
    assert (
        core_client.post(
            url, {"meeting": meeting.pk, "person": person.pk, "status": "present"}
        ).status_code
        == 201
    )
    assert (
        core_client.post(
            url, {"meeting": meeting.pk, "person": person.pk, "status": "apologies"}
        ).status_code
        == 201
    )
    assert list(Attendance.objects.values_list("status", flat=True)) == ["apologies"]


def test_a_decision_takes_its_body_from_the_meeting(core_client, meeting):
    decider = UserFactory()
    response = core_client.post(
        "/api/v1/decisions/",
        {"meeting": meeting.pk, "text": "Adopt NPS as the north star", "decided_by": decider.pk},
    )
    assert response.status_code == 201, response.json()
    assert response.json()["body"] == meeting.body_id
    assert response.json()["decided_on"] == meeting.local_start.date().isoformat()


def test_a_plain_member_cannot_record_a_decision(api_client, meeting):
    member = UserFactory(roles=["Steering committee"])
    MembershipFactory(body=meeting.body, person=member)
    api_client.force_login(member)
    before = counts()
    response = api_client.post(
        "/api/v1/decisions/", {"meeting": meeting.pk, "text": "x", "decided_by": member.pk}
    )
    assert response.status_code == 403
    assert counts() == before


def test_an_action_due_before_its_meeting_or_for_someone_inactive_is_a_400(core_client, meeting):
    before = counts()
    owner = UserFactory()
    early = core_client.post(
        "/api/v1/action-items/",
        {
            "meeting": meeting.pk,
            "title": "Too early",
            "owner": owner.pk,
            "due_on": (meeting.local_start.date() - dt.timedelta(days=1)).isoformat(),
        },
    )
    assert early.status_code == 400 and "before the meeting" in early.json()["due_on"][0]
    gone = UserFactory(is_active=False)
    inactive = core_client.post(
        "/api/v1/action-items/",
        {
            "meeting": meeting.pk,
            "title": "Nobody",
            "owner": gone.pk,
            "due_on": meeting.local_start.date().isoformat(),
        },
    )
    assert inactive.status_code == 400 and "deactivated" in inactive.json()["owner"][0]
    assert counts() == before
    assert not Notification.objects.exists()


def test_the_owner_updates_their_action_but_not_someone_elses(api_client, meeting):
    owner = UserFactory(roles=["Working-group member"])
    MembershipFactory(body=meeting.body, person=owner)
    mine = ActionItemFactory(meeting=meeting, owner=owner)
    theirs = ActionItemFactory(meeting=meeting)
    api_client.force_login(owner)
    done = api_client.patch(f"/api/v1/action-items/{mine.pk}/", {"status": "done"})
    assert done.status_code == 200, done.json()
    assert done.json()["completed_on"] == timezone.localdate().isoformat()
    refused = api_client.patch(f"/api/v1/action-items/{theirs.pk}/", {"status": "done"})
    assert refused.status_code == 403
    theirs.refresh_from_db()
    assert theirs.status == ActionStatus.OPEN
    # The owner may not move their own due date; whoever runs the meeting may.
    moved = api_client.patch(f"/api/v1/action-items/{mine.pk}/", {"due_on": "2030-01-01"})
    assert moved.status_code == 400 and "due_on" in moved.json()


def test_a_done_action_cannot_go_straight_to_cancelled(core_client, meeting):
    item = ActionItemFactory(meeting=meeting)
    core_client.patch(f"/api/v1/action-items/{item.pk}/", {"status": "done"})
    response = core_client.patch(f"/api/v1/action-items/{item.pk}/", {"status": "cancelled"})
    assert response.status_code == 400 and "cannot become cancelled" in str(response.json())


def test_the_secretary_runs_the_meeting_and_a_member_only_reads(api_client, meeting):
    secretary = UserFactory(roles=["Steering committee"])
    MembershipFactory(body=meeting.body, person=secretary, role=MemberRole.SECRETARY)
    api_client.force_login(secretary)
    response = api_client.post(
        "/api/v1/agenda-items/", {"meeting": meeting.pk, "title": "Escalations from the WGs"}
    )
    assert response.status_code == 201, response.json()


def test_notifications_are_each_persons_own_and_marked_read(api_client, db):
    olga, ben = UserFactory(roles=["Viewer"]), UserFactory(roles=["Viewer"])
    mine = notify(recipient=olga, kind=MEETING_REMINDER, occasion="o", subject="For Olga", body="")
    theirs = notify(recipient=ben, kind=MEETING_REMINDER, occasion="o", subject="For Ben", body="")
    api_client.force_login(olga)
    listed = api_client.get("/api/v1/notifications/").json()["results"]
    assert [n["subject"] for n in listed] == ["For Olga"]
    assert api_client.get(f"/api/v1/notifications/{theirs.pk}/").status_code == 404
    assert api_client.post(f"/api/v1/notifications/{theirs.pk}/read/").status_code == 404
    read = api_client.post(f"/api/v1/notifications/{mine.pk}/read/")
    assert read.status_code == 200 and read.json()["is_read"]
    assert api_client.get("/api/v1/notifications/?unread=true").json()["count"] == 0
    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.mark.parametrize(
    ("url", "make"),
    [
        ("/api/v1/meetings/", lambda body: MeetingFactory(body=body)),
        ("/api/v1/decisions/", lambda body: DecisionFactory(meeting=MeetingFactory(body=body))),
        (
            "/api/v1/action-items/",
            lambda body: ActionItemFactory(meeting=MeetingFactory(body=body)),
        ),
        ("/api/v1/cadences/", lambda body: CadenceFactory(body=body)),
    ],
)
def test_lists_run_a_fixed_number_of_queries(core_client, structure, url, make):
    made = []

    def grow_to(size):
        while len(made) < size:
            made.append(make(structure["steering"]))

    assert_flat_query_count(fetch=lambda: core_client.get(url), grow_to=grow_to, sizes=(5, 30))
