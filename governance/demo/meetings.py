"""Demo meetings: every body on a cadence (the steering committee on the second Tuesday of each
month, working groups every two weeks), a year of past meetings with attendance, minutes,
decisions and action items (some closed late, some open and overdue), the next three months
generated. Runs after governance.demo.structure; does nothing if cadences exist already."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable

from django.utils import timezone

from cxgov.dates import today
from cxgov.demo import happened_at

from .. import services
from ..models import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    Cadence,
    GovernanceBody,
    HolidayRule,
    Meeting,
    MeetingStatus,
    Membership,
    Tier,
)

# body name -> cadence
CADENCES = {
    "Executive sponsor": {
        "frequency": "quarterly",
        "weekday": 2,
        "week_of_month": 1,
        "time": dt.time(8, 0),
        "duration_minutes": 30,
        "location": "Executive floor, room 1",
        "on_holiday": HolidayRule.NEXT_WORKING_DAY,
    },
    "CX steering committee": {
        "frequency": "monthly",
        "weekday": 1,
        "week_of_month": 2,
        "time": dt.time(9, 0),
        "duration_minutes": 90,
        "location": "Board room, 3rd floor",
        "video_link": "https://meet.example.com/cx-steering",
        "on_holiday": HolidayRule.NEXT_WORKING_DAY,
    },
    "Core CX team": {
        "frequency": "weekly",
        "weekday": 0,
        "time": dt.time(10, 0),
        "duration_minutes": 45,
        "video_link": "https://meet.example.com/cx-core",
    },
    "Digital onboarding working group": {
        "frequency": "biweekly",
        "weekday": 3,
        "time": dt.time(14, 0),
        "duration_minutes": 60,
        "location": "Innovation lab",
    },
    "Complaint handling working group": {
        "frequency": "biweekly",
        "weekday": 2,
        "time": dt.time(11, 0),
        "duration_minutes": 60,
        "video_link": "https://meet.example.com/complaints-wg",
    },
    "Voice of the customer council": {
        "frequency": "biweekly",
        "weekday": 1,
        "time": dt.time(15, 30),
        "duration_minutes": 45,
        "time_zone": "America/New_York",
        "video_link": "https://meet.example.com/voc-council",
    },
}

DECISIONS = {
    Tier.STEERING_COMMITTEE: [
        (
            "Adopt relationship NPS as the program's north-star metric",
            "One number the board follows; transactional CSAT stays per touchpoint.",
        ),
        (
            "Fund the account-opening redesign for two more quarters",
            "Drop-off fell from 41% to 29% in the pilot.",
        ),
        (
            "Set the 2027 NPS target at +35",
            "Peers sit at +30 to +40; a 6-point lift is stretching but credible.",
        ),
        (
            "Escalate branch staffing on Saturdays to the executive sponsor",
            "Complaint volume peaks when branches are short-staffed.",
        ),
        (
            "Approve the closed-loop follow-up standard for all business units",
            "Detractors called back within 48 hours churn half as often.",
        ),
        (
            "Pause the loyalty-app initiative until the data platform is ready",
            "It cannot personalise offers without the customer profile.",
        ),
        (
            "Give every touchpoint owner a monthly detractor review",
            "Owners who read their detractors' comments fix the causes sooner.",
        ),
        (
            "Move the mortgage status updates to the app first",
            "Three in four applicants already follow their application there.",
        ),
        (
            "Ask each business unit for one CX objective in its annual plan",
            "Targets the units own get worked on; targets they are told about do not.",
        ),
        (
            "Fund a second contact-centre shift for the evening peak",
            "Effort scores fall after 6 pm, when waits are longest.",
        ),
        (
            "Publish the complaint root causes to all staff each quarter",
            "Front-line staff see the same causes again and again and can flag them.",
        ),
        (
            "Review the vulnerable-customer playbook with the regulator's guidance",
            "The guidance changed in spring; the playbook predates it.",
        ),
        (
            "Retire the paper welcome pack",
            "Customers rate the welcome e-mails higher and the pack costs a mailing a month.",
        ),
    ],
    Tier.WORKING_GROUP: [
        (
            "Test the shortened form with ten customers before rollout",
            "Cheaper to learn now than after launch.",
        ),
        (
            "Route billing complaints to a single specialist team",
            "Three hand-offs on average today; each adds two days.",
        ),
        (
            "Use CES after every contact-centre call",
            "Effort predicts repeat contacts better than CSAT here.",
        ),
        (
            "Drop the fax option from account opening",
            "Used by 0.2% of applicants, costs a manual queue.",
        ),
        (
            "Read ten detractor comments aloud at the start of each meeting",
            "Keeps the group's work tied to what customers say.",
        ),
        (
            "Pilot the callback option in one contact-centre team first",
            "One team's queue shows the effect before the whole centre changes.",
        ),
        (
            "Write every customer letter at a reading age of twelve",
            "Plain letters draw fewer calls asking what they mean.",
        ),
        (
            "Hand the survey refresh to the VoC council",
            "It owns the questionnaire and the panel.",
        ),
        (
            "Share the ID-check failure log with the vendor weekly",
            "Most failures are a handful of document types the vendor can fix.",
        ),
        (
            "Close a complaint only after the customer confirms the fix",
            "Complaints closed without a call reopen a third of the time.",
        ),
    ],
    Tier.CORE_TEAM: [
        (
            "Publish the monthly CX storyline on the intranet on the first Monday",
            "A fixed rhythm gets read.",
        ),
        ("Standardise journey maps on one template", "Teams compare and reuse them."),
        (
            "Report KPIs with their 95% interval everywhere",
            "A change within the noise was read as news twice this year.",
        ),
        (
            "Keep one list of touchpoint owners, reviewed each quarter",
            "Cases went unowned when owners moved.",
        ),
    ],
    Tier.EXECUTIVE_SPONSOR: [
        ("Grant the core team two more analysts", "Insight requests wait four weeks today."),
    ],
}

ACTIONS = [
    "Share the KPI deck with business-unit heads",
    "Draft the business case for the next phase",
    "Call back the ten latest detractors and log the themes",
    "Update the initiative's status and milestones",
    "Book the usability lab for customer tests",
    "Write the one-page summary for the executive sponsor",
    "Check the complaint taxonomy with the contact centre",
    "Prepare the success story for the town hall",
]

# The KPI review's minutes come from the demo's own figures (`kpi_minutes`, given by seed_demo:
# governance reads no VoC data); without them they quote no number.
KPI_REVIEW = "Review KPIs and customer insight"
MINUTES = {
    KPI_REVIEW: "Reviewed NPS, CSAT and CES against their targets, and the latest comments.",
    "Decisions needed": "See the decisions below.",
    "Initiative updates": "Two initiatives green, one amber (data migration late by three weeks).",
}


def seed(*, people: dict, kpi_minutes: Callable[[dt.date], str | None] | None = None) -> bool:
    """Create the demo meetings unless cadences exist. Returns whether it created.
    `kpi_minutes(day)`: the KPI review's minutes for a meeting on `day`, quoting the figures
    the meeting saw (None: the generic minutes)."""
    if Cadence.objects.exists() or not GovernanceBody.objects.exists():
        return False
    admin = people["admin"]
    on = today()
    year_ago = on - dt.timedelta(days=365)
    bodies = {b.name: b for b in GovernanceBody.objects.filter(name__in=CADENCES)}
    # England's bank holidays (Meeting settings' default country) for the demo's years: the
    # weekly and fortnightly groups skip them, the committee and sponsor meet the next day.
    services.holidays_load(by=None, years=range(year_ago.year, on.year + 2))
    with happened_at(year_ago - dt.timedelta(days=7)):
        for name, fields in CADENCES.items():
            if name in bodies:
                services.cadence_create(
                    by=admin,
                    body=bodies[name],
                    starts_on=year_ago,
                    time_zone=fields.pop("time_zone", "Europe/London"),
                    **fields,
                )
    # A year back and three months ahead.
    services.meetings_generate(on=year_ago, horizon_days=365 + 92)
    now = timezone.now()
    past = list(
        Meeting.objects.filter(starts_at__lt=now).select_related("body").order_by("starts_at")
    )
    members = _members_by_body()
    # Each decision is taken once: a body runs out of demo decisions rather than repeat one.
    decisions = {tier: iter(rows) for tier, rows in DECISIONS.items()}
    actions = itertools.cycle(ACTIONS)
    held, skipped = [], []
    for number, meeting in enumerate(past):
        seated = members.get(meeting.body_id, [])
        # One meeting in twenty-three did not take place (a clash, a quiet month): cancelled
        # ahead, as a chair would. The others were held, minuted and closed as they ended.
        if not seated or number % 23 == 11:
            skipped.append(meeting.pk)
            continue
        # Minutes, decisions and actions recorded as the meeting ended.
        with happened_at(meeting.ends_at):
            _record(meeting, number=number, seated=seated, admin=admin, on=on,
                    decisions=decisions, actions=actions,
                    kpi_minutes=kpi_minutes)  # fmt: skip
        held.append(meeting.pk)
    _give_demo_people_actions(people, on=on)
    # History, not the workflow: no pack is built now for a meeting of months ago (the program
    # demo freezes the steering committee's last one as of its opening).
    closed = list(Meeting.objects.filter(pk__in=held))
    for meeting in closed:
        meeting.status = MeetingStatus.CLOSED
        meeting.opened_at, meeting.closed_at = meeting.starts_at, meeting.ends_at
    Meeting.objects.bulk_update(closed, ["status", "opened_at", "closed_at"])
    Meeting.objects.filter(pk__in=skipped).update(
        status=MeetingStatus.CANCELLED,
        cancel_reason="Not held: too few members free that day; the next meeting took its agenda.",
    )
    return True


def _record(
    meeting, *, number: int, seated: list, admin, on: dt.date, decisions, actions, kpi_minutes
) -> None:
    """One past meeting's attendance, minutes, a decision and an action item."""
    day = meeting.local_start.date()
    services.attendance_record_many(
        by=admin,
        meeting=meeting,
        statuses=[
            (person, "present" if (number + i) % 7 else ("apologies" if i % 2 else "absent"))
            for i, person in enumerate(seated)
        ],
    )
    for item in AgendaItem.objects.filter(meeting=meeting, title__in=MINUTES):
        text = MINUTES[item.title]
        if item.title == KPI_REVIEW and kpi_minutes is not None:
            text = kpi_minutes(day) or text
        services.agenda_item_update(agenda_item=item, by=admin, data={"minutes": text})
    # The steering committee decides every month; other bodies every other meeting.
    decision = None
    if meeting.body.tier == Tier.STEERING_COMMITTEE or number % 2 == 0:
        decision = next(decisions[meeting.body.tier], None)
    if decision is not None:
        text, rationale = decision
        services.decision_record(
            by=admin, meeting=meeting, text=text, rationale=rationale, decided_by=seated[0]
        )
    if meeting.body.tier != Tier.EXECUTIVE_SPONSOR:
        owner = seated[(number + 1) % len(seated)]
        item = services.action_item_create(
            by=admin,
            meeting=meeting,
            title=next(actions),
            owner=owner,
            due_on=day + dt.timedelta(days=14),
            announce=False,
        )
        _close_some(item, on=on, number=number)


# The longest any demo action is left overdue.
OVERDUE_AT_MOST = dt.timedelta(days=92)


def _members_by_body() -> dict[int, list]:
    seated: dict[int, list] = {}
    for membership in Membership.objects.active().select_related("person").in_role_order():
        seated.setdefault(membership.body_id, []).append(membership.person)
    return seated


def _close_some(item: ActionItem, *, on: dt.date, number: int) -> None:
    """History, written directly (a service would date the closing today): older actions are
    done, one in four of them late; the last six weeks' stay open, and a few from up to a
    quarter ago (none longer: a program that lets actions rot for months is not believed)."""
    if item.due_on > on - dt.timedelta(days=45):
        return
    if number % 9 == 0 and item.due_on > on - OVERDUE_AT_MOST:
        return
    late = number % 4 == 0
    completed = item.due_on + dt.timedelta(days=6 if late else -2)
    ActionItem.objects.filter(pk=item.pk).update(status=ActionStatus.DONE, completed_on=completed)


def _give_demo_people_actions(people: dict, *, on: dt.date) -> None:
    """Each demo login has something on their home page: one overdue, one due soon."""
    for username in ("member", "steering", "core"):
        person = people[username]
        mine = (
            Meeting.objects.filter(body__memberships__person=person, starts_at__lt=timezone.now())
            .select_related("body")
            .order_by("-starts_at")
            .first()
        )
        if mine is None:
            continue
        with happened_at(mine.ends_at):
            _two_actions(people, mine=mine, person=person, on=on)


def _two_actions(people: dict, *, mine: Meeting, person, on: dt.date) -> None:
    services.action_item_create(
        by=people["admin"],
        meeting=mine,
        title="Send the agreed KPI definitions to finance",
        owner=person,
        due_on=max(mine.local_start.date(), on - dt.timedelta(days=3)),
        announce=False,
    )
    services.action_item_create(
        by=people["admin"],
        meeting=mine,
        title="Review the draft charter section on decision rights",
        owner=person,
        due_on=on + dt.timedelta(days=5),
        announce=False,
    )
