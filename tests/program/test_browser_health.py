"""In a real browser: the core team opens governance health, follows a body's weakest signal to
the records behind it, fixes what pulls it down, and sees the body's score move (through the
cached health board, so the write is seen on the next request)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from cxgov.health import health_signals
from cxgov.models import HealthWeight
from cxgov.roles import Role
from governance.models import Attendance, Decision, MeetingStatus, MemberRole
from tests.factories import (
    PASSWORD,
    BodyFactory,
    BusinessUnitFactory,
    MembershipFactory,
    UserFactory,
)
from tests.governance.factories import MeetingFactory

# The signals this organization is judged by; the admin weighs the others 0 (left out), so
# the test reads the same whatever other signals the apps register.
WEIGHED = ("meetings", "attendance", "decisions")


@pytest.fixture
def organization(transactional_db):
    """The onboarding working group met once, 10 days ago: held and closed, its one member
    present, no decision logged. Meetings held 1 of 1, attendance 1 of 1, decisions 0 of 1:
    the score is (1 + 1 + 0) / 3 = 67, the weakest signal is decisions. One decision logged
    makes it (1 + 1 + 1) / 3 = 100."""
    for role in Role:
        Group.objects.get_or_create(name=role.value)
    for signal in health_signals:
        if signal.key not in WEIGHED:
            HealthWeight.objects.create(signal=signal.key, weight=0)
    UserFactory(username="carol", first_name="Carol", last_name="Chen", roles=[Role.CORE_TEAM])
    olga = UserFactory(
        username="olga", first_name="Olga", last_name="Ivanova", roles=[Role.WORKING_GROUP_MEMBER]
    )
    body = BodyFactory(name="Onboarding working group")
    MembershipFactory(
        body=body, person=olga, role=MemberRole.LEAD, business_unit=BusinessUnitFactory()
    )
    meeting = MeetingFactory(
        body=body,
        starts_at=timezone.now().replace(microsecond=0) - dt.timedelta(days=10),
        status=MeetingStatus.CLOSED,
    )
    Attendance.objects.create(meeting=meeting, person=olga, status="present")
    return {"body": body, "meeting": meeting, "olga": olga}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_core_team_follows_the_weakest_signal_fixes_it_and_the_score_moves(
    live_server, browser_page, organization
):
    page, base = browser_page, live_server.url
    body, meeting = organization["body"], organization["meeting"]
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill("carol")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/")

    page.goto(f"{base}/program/health/")
    row = page.locator("section[aria-labelledby=bodies-heading] tbody tr", has_text=body.name)
    expect(row.locator("td").nth(0)).to_have_text("67")
    expect(row.locator("td").nth(1)).to_contain_text("Decisions logged per meeting (0%)")

    # The weakest signal's link: the body's past meetings, each with its count of decisions.
    row.get_by_role("link", name="Decisions logged per meeting").click()
    page.wait_for_url(f"{base}/governance/meetings/?past=1&body={body.pk}")
    page.locator("main table tbody th a").first.click()
    page.wait_for_url(f"{base}{meeting.get_absolute_url()}")

    decisions = page.locator("#decisions")
    decisions.get_by_text("Record a decision").click()
    decisions.get_by_label("Decision").fill("Pilot the video identity check in three branches")
    decisions.get_by_label("Rationale").fill("Half of the drop-outs happen at the ID step.")
    decisions.get_by_label("Decided by").select_option(str(organization["olga"].pk))
    decisions.get_by_role("button", name="Record decision").click()
    expect(decisions).to_contain_text("Pilot the video identity check in three branches")
    assert Decision.objects.filter(meeting=meeting).count() == 1

    page.goto(f"{base}/program/health/")
    row = page.locator("section[aria-labelledby=bodies-heading] tbody tr", has_text=body.name)
    expect(row.locator("td").nth(0)).to_have_text("100")
    expect(row.locator("td").nth(1)).to_have_text("None below 100%")
    assert page.console_errors == []
