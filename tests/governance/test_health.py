"""Governance's health signals, each on an organization built by hand with its answers worked
out in the fixture's docstring: RACI settled, meetings held with minutes, attendance, decisions
per meeting, actions on time, charters current, mission agreement."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from cxgov.dates import today
from cxgov.health import health_readings, health_signals
from governance.health import (
    actions_on_time_share,
    attendance_share,
    charters_current_share,
    meetings_held_share,
    meetings_with_decisions_share,
    mission_agreement_share,
    raci_settled_all,
    raci_settled_share,
)
from governance.models import (
    Acknowledgement,
    Activity,
    Attendance,
    Charter,
    CharterStatus,
    CharterVersion,
    GovernanceBody,
    MeetingStatus,
    MissionStatement,
    MissionStatus,
    Tier,
)
from tests.factories import (
    ActivityFactory,
    BodyFactory,
    MembershipFactory,
    RaciFactory,
    UserFactory,
)
from tests.governance.factories import ActionItemFactory, DecisionFactory, MeetingFactory


@pytest.fixture
def matrix(db):
    """
                 steering  wg   gone (disbanded)  person   settled?
        a1        A        R                               yes
        a2        A                                        no: no R
        a3                 R                       A       yes: a person carries the A
        a4                 R    A                          no: a disbanded body carries nothing
        a5                                                 no: no letter at all
    The program: 2 of 5. The working group holds letters on a1, a3, a4: 2 of 3. The steering
    committee on a1, a2: 1 of 2.
    """
    Activity.objects.all().delete()  # only this test's activities, not the seeded ones
    steering = BodyFactory(name="Steering", tier=Tier.STEERING_COMMITTEE)
    wg = BodyFactory(name="WG")
    gone = BodyFactory(name="Gone", disbanded_on=dt.date(2026, 1, 2))
    idle = BodyFactory(name="Idle")
    person = UserFactory()
    a1, a2, a3, a4, _a5 = (ActivityFactory() for _ in range(5))
    RaciFactory(activity=a1, body=steering, letter="A")
    RaciFactory(activity=a1, body=wg, letter="R")
    RaciFactory(activity=a2, body=steering, letter="A")
    RaciFactory(activity=a3, body=wg, letter="R")
    RaciFactory(activity=a3, body=None, person=person, letter="A")
    RaciFactory(activity=a4, body=wg, letter="R")
    RaciFactory(activity=a4, body=gone, letter="A")
    return {"steering": steering, "wg": wg, "idle": idle}


def test_the_program_share_of_settled_activities(matrix, django_assert_num_queries):
    with django_assert_num_queries(2):  # every activity, the settled ones
        assert raci_settled_share(None) == pytest.approx(2 / 5)


def test_a_bodys_share_counts_the_activities_it_holds_a_letter_on(matrix):
    assert raci_settled_share(matrix["wg"]) == pytest.approx(2 / 3)
    assert raci_settled_share(matrix["steering"]) == pytest.approx(1 / 2)


def test_no_activity_to_judge_is_no_data_not_zero(matrix):
    assert raci_settled_share(matrix["idle"]) is None
    Activity.objects.all().delete()
    assert raci_settled_share(None) is None


def test_the_signal_reaches_the_kits_readings(matrix):
    (reading,) = [r for r in health_readings(body=matrix["wg"]) if r.signal.key == "raci"]
    assert reading.value == pytest.approx(2 / 3)


def test_every_bodys_raci_share_at_once_matches_one_at_a_time(matrix, django_assert_num_queries):
    with django_assert_num_queries(3):  # the activities, the settled ones, the letters held
        values = raci_settled_all()
    assert values[None] == pytest.approx(2 / 5)
    assert values[matrix["wg"].pk] == pytest.approx(2 / 3)
    assert values[matrix["steering"].pk] == pytest.approx(1 / 2)
    assert matrix["idle"].pk not in values  # no letter held: no data, not zero


# -- Meetings, attendance, decisions, actions: an organization built by hand ----------------


def _ago(days: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days)


@pytest.fixture
def meetings(db):
    """
    Steering (S), in the last 91 days:
        m1  10 days ago   closed      attendance: 3 present, 1 apologies   2 decisions
        m2  40 days ago   closed      attendance: 1 present, 1 absent      no decision
        m3  70 days ago   cancelled
        m4   5 days ago   never closed (still scheduled); 2 present, 1 decision: not counted
    and outside it: m0 120 days ago closed (1 absent), m5 in 7 days (scheduled).
    Working group (W): w1 20 days ago closed, 2 present, 1 decision.
    Idle (I): nothing.

    Meetings held:   S 2 of 4, W 1 of 1, program 3 of 5.
    Attendance:      S 4 of 6, W 2 of 2, program 6 of 8.
    Decisions:       S 1 of 2, W 1 of 1, program 2 of 3 (meetings with at least one).

    Actions (today = T): S a1 due T-10 done T-12 (on time), a2 due T-20 done T-15 (late),
    a3 due T-5 open (overdue), a4 due T-30 cancelled (left out), a5 due T+5 open (not due),
    a6 due T-200 open (outside). W b1 due T-3 done T-3 (on time).
    Actions on time: S 1 of 3, W 1 of 1, program 2 of 4.
    """
    s = BodyFactory(name="Steering", tier=Tier.STEERING_COMMITTEE)
    w = BodyFactory(name="WG")
    idle = BodyFactory(name="Idle")
    closed, cancelled = MeetingStatus.CLOSED, MeetingStatus.CANCELLED
    m1 = MeetingFactory(body=s, starts_at=_ago(10), status=closed)
    m2 = MeetingFactory(body=s, starts_at=_ago(40), status=closed)
    MeetingFactory(body=s, starts_at=_ago(70), status=cancelled)
    m4 = MeetingFactory(body=s, starts_at=_ago(5))
    m0 = MeetingFactory(body=s, starts_at=_ago(120), status=closed)
    MeetingFactory(body=s, starts_at=_ago(-7))
    w1 = MeetingFactory(body=w, starts_at=_ago(20), status=closed)

    def attend(meeting, *statuses):
        for status in statuses:
            Attendance.objects.create(meeting=meeting, person=UserFactory(), status=status)

    attend(m1, "present", "present", "present", "apologies")
    attend(m2, "present", "absent")
    attend(m4, "present", "present")
    attend(m0, "absent")
    attend(w1, "present", "present")
    DecisionFactory(meeting=m1)
    DecisionFactory(meeting=m1)
    DecisionFactory(meeting=m4)
    DecisionFactory(meeting=w1)

    day = today()

    def action(meeting, due, status="open", done=None):
        ActionItemFactory(
            meeting=meeting,
            due_on=day + dt.timedelta(days=due),
            status=status,
            completed_on=None if done is None else day + dt.timedelta(days=done),
        )

    action(m1, -10, "done", -12)
    action(m1, -20, "done", -15)
    action(m1, -5)
    action(m1, -30, "cancelled")
    action(m1, 5)
    action(m1, -200)
    action(w1, -3, "done", -3)
    return {"s": s.pk, "w": w.pk, "idle": idle.pk}


@pytest.mark.parametrize(
    ("measure", "steering", "wg", "program"),
    [
        (meetings_held_share, 2 / 4, 1, 3 / 5),
        (attendance_share, 4 / 6, 1, 6 / 8),
        (meetings_with_decisions_share, 1 / 2, 1, 2 / 3),
        (actions_on_time_share, 1 / 3, 1, 2 / 4),
    ],
    ids=["meetings held", "attendance", "decisions", "actions on time"],
)
def test_meeting_signals_per_body_and_program(
    meetings, measure, steering, wg, program, django_assert_num_queries
):
    with django_assert_num_queries(1):
        values = measure()
    assert values[meetings["s"]] == pytest.approx(steering)
    assert values[meetings["w"]] == pytest.approx(wg)
    assert values[None] == pytest.approx(program)
    assert meetings["idle"] not in values  # nothing to judge: no data, never zero


def test_meeting_signals_without_meetings_have_no_data(db):
    for measure in (
        meetings_held_share,
        attendance_share,
        meetings_with_decisions_share,
        actions_on_time_share,
    ):
        assert measure() == {None: None}


# -- Charters and the mission ---------------------------------------------------------------


def _approved(body, days_ago: int) -> None:
    charter = Charter.objects.create(body=body)
    CharterVersion.objects.create(
        charter=charter, number=1, status=CharterStatus.APPROVED, approved_at=_ago(days_ago)
    )


def test_charter_approved_within_a_year_per_active_body(db):
    """Fresh (approved 100 days ago): 1; Old (400 days ago): 0; None (no charter): 0; a
    disbanded body with a fresh charter is left out. Program: 1 of 3."""
    GovernanceBody.objects.all().delete()
    fresh, old, none = BodyFactory(name="Fresh"), BodyFactory(name="Old"), BodyFactory()
    gone = BodyFactory(name="Gone", disbanded_on=dt.date(2026, 1, 2))
    _approved(fresh, 100)
    _approved(old, 400)
    _approved(gone, 10)
    values = charters_current_share()
    assert values == {fresh.pk: 1, old.pk: 0, none.pk: 0, None: pytest.approx(1 / 3)}


def test_mission_agreement_among_serving_members(db):
    """S: p1 (agreed), p2. W: p1 (agreed), p3 (agreed), p4 whose seat ended (left out).
    S 1 of 2, W 2 of 2; the program counts people once: p1, p2, p3, 2 of 3."""
    assert mission_agreement_share() == {}  # no published mission: no data
    s, w = BodyFactory(name="S"), BodyFactory(name="W")
    p1, p2, p3, p4 = (UserFactory() for _ in range(4))
    for body, person in ((s, p1), (s, p2), (w, p1), (w, p3)):
        MembershipFactory(body=body, person=person, start_date=dt.date(2026, 1, 1))
    MembershipFactory(
        body=w, person=p4, start_date=dt.date(2026, 1, 1), end_date=today() - dt.timedelta(1)
    )
    mission = MissionStatement.objects.create(
        number=99, status=MissionStatus.PUBLISHED, statement="Every customer, every time."
    )
    for person in (p1, p3, p4):
        Acknowledgement.objects.create(person=person, mission=mission)
    values = mission_agreement_share()
    assert values[s.pk] == pytest.approx(1 / 2)
    assert values[w.pk] == 1
    assert values[None] == pytest.approx(2 / 3)


def test_governance_registers_every_signal_it_owns():
    assert {"meetings", "attendance", "actions", "decisions", "raci", "charter", "mission"} <= set(
        health_signals.keys()
    )


def test_the_actions_signal_links_to_exactly_the_items_that_pull_it_down(meetings, client):
    """Steering's missed items are a2 (done late) and a3 (open, overdue): the list behind the
    signal shows those two, most recently due first, and none of the others."""
    from cxgov.roles import Role
    from governance.models import ActionItem
    from tests.conftest import make_user

    day = today()
    by_due = {(day - item.due_on).days: item.title for item in ActionItem.objects.all()}
    [reading] = [r for r in health_readings(body=GovernanceBody.objects.get(pk=meetings["s"]))
                 if r.signal.key == "actions"]  # fmt: skip
    assert reading.records_url == f"/governance/action-items/?missed=1&body={meetings['s']}"
    client.force_login(make_user("carol", Role.CORE_TEAM))
    page = client.get(reading.records_url)
    assert page.status_code == 200
    assert [item.title for item in page.context["items"]] == [by_due[5], by_due[20]]
    html = page.content.decode()
    assert by_due[10] not in html and by_due[30] not in html and by_due[200] not in html
    # The program's list adds the working group's, which it has none of (b1 was on time).
    program = client.get("/governance/action-items/?missed=1")
    assert [item.title for item in program.context["items"]] == [by_due[5], by_due[20]]
    # Someone who may not see the committee's meetings sees none of its items.
    client.force_login(make_user("maya", Role.WORKING_GROUP_MEMBER))
    hidden = client.get(reading.records_url)
    assert hidden.status_code == 200 and hidden.context["items"] == []
    assert "done on time in Steering" in hidden.content.decode()
