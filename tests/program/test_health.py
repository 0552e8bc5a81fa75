"""The governance-health page: the program's score beside each signal (value, weight,
definition, the records behind it), each body's score and weakest signal, "no data" where a
signal has none, and a query count that does not grow with the organization."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cxgov.dates import today
from governance.models import (
    Acknowledgement,
    Activity,
    Attendance,
    Charter,
    CharterStatus,
    CharterVersion,
    Engagement,
    EngagementTarget,
    MeetingStatus,
    MissionStatement,
    MissionStatus,
    Tier,
)
from portfolio.models import Status
from tests.factories import BodyFactory, MembershipFactory, RaciFactory, UserFactory
from tests.governance.factories import ActionItemFactory, DecisionFactory, MeetingFactory
from tests.portfolio.factories import InitiativeFactory

URL = "/program/health/"


def _organization(size: int) -> None:
    """`size` working groups, each with a member (with an engagement target), a closed meeting with attendance, a decision
    and an action, an approved charter, an initiative in progress and a RACI letter."""
    now, day = timezone.now(), today()
    mission = MissionStatement.objects.get_or_create(
        status=MissionStatus.PUBLISHED,
        defaults={"number": 90, "statement": "Every customer, every time."},
    )[0]
    for _ in range(size):
        body = BodyFactory()
        person = UserFactory()
        MembershipFactory(body=body, person=person, start_date=dt.date(2026, 1, 1))
        Acknowledgement.objects.create(person=person, mission=mission)
        EngagementTarget.objects.create(person=person, per_quarter=2)
        Engagement.objects.create(person=person, kind="workshop", happened_on=day, title="W")
        meeting = MeetingFactory(
            body=body, starts_at=now - dt.timedelta(days=9), status=MeetingStatus.CLOSED
        )
        Attendance.objects.create(meeting=meeting, person=person, status="present")
        DecisionFactory(meeting=meeting)
        ActionItemFactory(meeting=meeting, due_on=day - dt.timedelta(days=2))
        charter = Charter.objects.create(body=body)
        CharterVersion.objects.create(
            charter=charter, number=1, status=CharterStatus.APPROVED, approved_at=now
        )
        InitiativeFactory(
            working_group=body,
            status=Status.IN_PROGRESS,
            status_changed_on=day - dt.timedelta(days=60),
            last_update_on=day,
        )
        activity = Activity.objects.create(code=f"h-{body.pk}", name=f"Job of {body}")
        RaciFactory(activity=activity, body=body, letter="A")


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_query_count_is_the_same_for_a_small_and_a_three_times_bigger_organization(
    client, core_team_user
):
    client.force_login(core_team_user)
    _organization(2)
    small = _queries(client)
    _organization(4)  # 6 bodies now
    assert _queries(client) == small
    assert (
        client.get(URL).content.decode().count('<th scope="row"><a href="/governance/bodies/') >= 6
    )


@pytest.fixture
def steering(db):
    """One steering committee, the program's only data: two meetings due in the window, one
    closed with 1 of 2 present and a decision, one cancelled; one action due yesterday and
    done on time. Every other signal has no data.
    Meetings held 1 of 2 = 50%, attendance 50%, decisions 100%, actions 100%; the charter
    signal has data (no approved charter: 0%) for the one active body.
    Score: (0.5 + 0.5 + 1 + 1 + 0) / 5 = 0.6, 60 of 100; weakest: the charter (0%)."""
    from governance.models import GovernanceBody

    GovernanceBody.objects.all().delete()
    Activity.objects.all().delete()
    body = BodyFactory(name="Steering", tier=Tier.STEERING_COMMITTEE)
    now, day = timezone.now(), today()
    held = MeetingFactory(body=body, starts_at=now - dt.timedelta(days=3), status="closed")
    MeetingFactory(body=body, starts_at=now - dt.timedelta(days=33), status="cancelled")
    Attendance.objects.create(meeting=held, person=UserFactory(), status="present")
    Attendance.objects.create(meeting=held, person=UserFactory(), status="absent")
    DecisionFactory(meeting=held)
    yesterday = day - dt.timedelta(days=1)
    ActionItemFactory(meeting=held, due_on=yesterday, status="done", completed_on=yesterday)
    return body


def _row(html: str, title: str) -> str:
    return re.search(rf"<th scope=\"row\">{re.escape(title)}</th>(.*?)</tr>", html, re.S).group(1)


def test_the_program_score_and_each_signal_beside_it(client, core_team_user, steering):
    client.force_login(core_team_user)
    html = client.get(URL).content.decode()
    assert '<span class="health-score">60</span> / 100' in html
    assert re.search(r"Weakest signal: <a href=\"/governance/charters/\">Charter approved", html)
    meetings = _row(html, "Meetings held on cadence, with minutes")
    assert re.search(r'<a href="/governance/meetings/\?past=1"[^>]*>50%</a>', meetings)
    assert "closed with final minutes" in meetings  # its definition
    assert ">1<" in meetings  # its weight
    assert "100%" in _row(html, "Action items closed by their due date")
    for silent in ("Mission agreement", "Closed-loop cases within their service level"):
        row = _row(html, silent)
        assert "No data" in row and "0 (no data)" in row  # says so, weighs nothing
    body_row = re.search(
        r'<a href="/governance/bodies/\d+/">Steering</a></th>(.*?)</tr>', html, re.S
    )
    assert '<td class="num">60</td>' in body_row.group(1)


def test_a_program_without_any_data_says_so(client, core_team_user):
    from governance.models import GovernanceBody

    GovernanceBody.objects.all().delete()
    Activity.objects.all().delete()
    client.force_login(core_team_user)
    html = client.get(URL).content.decode()
    assert "The program: no data yet" in html
    assert "No active body yet." in html
