"""In a real browser: the steering committee's chair opens the next meeting, records attendance,
a decision and an action for a colleague; the colleague finds the action on their home page
and the notice in their notification list."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from cxgov.models import Notification
from cxgov.roles import Role
from governance import services
from governance.models import ActionItem, Attendance, Decision, MemberRole, Tier
from tests.factories import PASSWORD, BodyFactory, MembershipFactory, UserFactory


@pytest.fixture
def committee(transactional_db):
    for role in Role:
        Group.objects.get_or_create(name=role.value)
    steering = BodyFactory(name="CX steering committee", tier=Tier.STEERING_COMMITTEE)
    sam = UserFactory(
        username="sam", first_name="Sam", last_name="Patel", roles=[Role.STEERING_COMMITTEE]
    )
    priya = UserFactory(
        username="priya", first_name="Priya", last_name="Nair", roles=[Role.STEERING_COMMITTEE]
    )
    MembershipFactory(body=steering, person=sam, role=MemberRole.CHAIR)
    MembershipFactory(body=steering, person=priya)
    admin = UserFactory(username="root", roles=[Role.ADMIN])
    start = (timezone.now() + dt.timedelta(days=6)).replace(minute=0, second=0, microsecond=0)
    later = services.meeting_create(
        by=admin, body=steering, starts_at=start + dt.timedelta(days=28), time_zone="Europe/London"
    )
    upcoming = services.meeting_create(
        by=admin, body=steering, starts_at=start, time_zone="Europe/London"
    )
    return {"sam": sam, "priya": priya, "next": upcoming, "later": later}


def log_in(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_chair_records_the_meeting_and_the_owner_sees_the_action(
    live_server, browser_page, committee
):
    page, base = browser_page, live_server.url
    meeting = committee["next"]
    log_in(page, base, "sam")

    page.goto(f"{base}/governance/meetings/")
    page.locator("table a").first.click()
    assert page.url.endswith(meeting.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_contain_text("CX steering committee meeting")
    expect(page.locator("#kpi-pack")).to_be_visible()

    attendance = page.locator("#attendance")
    attendance.get_by_label("Sam Patel").select_option("present")
    attendance.get_by_label("Priya Nair").select_option("apologies")
    attendance.get_by_role("button", name="Save attendance").click()
    expect(page.locator(".messages")).to_contain_text("Attendance was recorded for 2 people.")

    decisions = page.locator("#decisions")
    decisions.get_by_text("Record a decision").click()
    decisions.get_by_label("Decision").fill("Adopt NPS as the north-star metric")
    decisions.get_by_label("Rationale").fill("One number the board follows.")
    decisions.get_by_label("Decided by").select_option(str(committee["sam"].pk))
    decisions.get_by_role("button", name="Record decision").click()
    expect(page.locator("#decisions")).to_contain_text("Adopt NPS as the north-star metric")

    actions = page.locator("#actions")
    actions.get_by_text("Add an action item").click()
    actions.get_by_label("Action").fill("Draft the NPS target proposal")
    actions.get_by_label("Owner").select_option(str(committee["priya"].pk))
    due = (meeting.local_start + dt.timedelta(days=14)).date().isoformat()
    actions.get_by_label("Due").fill(due)
    actions.get_by_role("button", name="Add action").click()
    expect(page.locator(".messages")).to_contain_text("Priya Nair has a new action")
    expect(page.locator("#actions table")).to_contain_text("Draft the NPS target proposal")

    assert dict(Attendance.objects.values_list("person__username", "status")) == {
        "sam": "present",
        "priya": "apologies",
    }
    assert Decision.objects.get().decided_by == committee["sam"]
    assert ActionItem.objects.get().owner == committee["priya"]

    page.get_by_role("button", name="Log out").click()
    log_in(page, base, "priya")
    expect(page.locator("#my-actions")).to_contain_text("Draft the NPS target proposal")
    expect(page.locator(".notification-count")).to_have_text("1")
    page.get_by_role("link", name="Notifications").click()
    expect(page.locator(".notification-list")).to_contain_text(
        "New action for you: Draft the NPS target proposal"
    )
    assert Notification.objects.filter(recipient=committee["priya"]).count() == 1
    assert page.console_errors == []
