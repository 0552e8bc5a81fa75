"""Demo governance structure: a retail bank's CX program with its three tiers, RACI and maturity."""

from __future__ import annotations

import datetime as dt

from cxgov.dates import today
from cxgov.demo import happened_at

from .. import services
from ..models import Activity, BodyKind, GovernanceBody, MemberRole, Tier
from ..selectors import quarter_of
from .charters import seed_charters
from .standards import seed as seed_standards

BUSINESS_UNITS = [
    ("Retail banking", "retail"),
    ("Commercial banking", "commercial"),
    ("Wealth management", "wealth"),
    ("Customer service", "service"),
    ("Product", "product"),
    ("Marketing", "marketing"),
    ("IT", "it"),
    ("Finance", "finance"),
]
# The "CX bubble" check reads these: the complaint handling group draws only on customer-facing
# units, and the steering committee has no one from HR: both show the warning.
CUSTOMER_FACING = {"retail", "commercial", "wealth", "service"}
FUNCTIONS = {"it": "it", "finance": "finance"}
# Each unit has its reason in the demo: the customer-facing ones own touchpoints, responses,
# cases and initiatives; product, marketing, IT and finance sit on the steering committee or
# the core team (below). No HR unit: nobody in the demo represents it.


def seed(*, people: dict) -> bool:
    """Create the demo governance unless bodies exist already, then the charters, mission and
    success statements unless charters exist already, and the standards library unless it has
    items. Returns whether it created anything."""
    seed_standards(people=people)
    if GovernanceBody.objects.exists():
        return seed_charters(people=people)
    with happened_at(START):
        _structure(people)
    _engagement(people)
    _commitments(people)
    seed_charters(people=people)
    return True


# Working-group commitments: every member agreed but two (Jose drafted his and has not agreed,
# Olga has stated nothing to the VoC council yet); the complaint handling group is 22 hours a
# month short of what it needs, the other two are covered. Olga's and Ben's managers are named
# (Raj and Tom), so they were told once.
HOURS_NEEDED = {
    "Digital onboarding working group": 60,
    "Complaint handling working group": 48,
    "Voice of the customer council": 16,
}
COMMITMENTS = [
    # (group, member, hours, agreed, manager, contribution)
    ("Digital onboarding working group", "member", 24, True, None,
     "Lead the group: run the fortnightly sessions and own the account-opening backlog."),
    ("Digital onboarding working group", "olga", 16, True, "raj",
     "Build the identity-check integration and report its drop-off each sprint."),
    ("Digital onboarding working group", "ben", 12, True, "tom",
     "Write the product requirements for the new opening flow and test them with customers."),
    ("Digital onboarding working group", "ines", 8, True, None,
     "Rewrite the welcome e-mails and in-app copy in plain language."),
    ("Complaint handling working group", "kim", 20, True, None,
     "Lead the root-cause reviews of the top five complaint themes each month."),
    ("Complaint handling working group", "jose", 10, False, None,
     "Bring the branch view: two complaint case reviews a month with branch staff."),
    ("Complaint handling working group", "member", 6, True, None,
     "Join the monthly reviews and follow up the onboarding-related complaints."),
    ("Voice of the customer council", "dev", 10, True, None,
     "Chair the council and keep the survey standards up to date."),
    ("Voice of the customer council", "hana", 6, True, None,
     "Share the wealth clients' survey insight at each council meeting."),
]  # fmt: skip


def _commitments(people: dict) -> None:
    bodies = {b.name: b for b in GovernanceBody.objects.filter(name__in=HOURS_NEEDED)}
    for name, hours in HOURS_NEEDED.items():
        services.body_update(body=bodies[name], by=people["core"], data={"hours_needed": hours})
    for name, username, hours, agreed, manager, contribution in COMMITMENTS:
        person = people[username]
        services.commitment_state(
            by=person if agreed else people["core"],
            body=bodies[name],
            person=person,
            contribution=contribution,
            hours_per_month=hours,
            manager=people[manager] if manager else None,
            agree=agreed,
        )


# The leaders' CX engagement this quarter and their targets from the sponsor: the sponsor and
# two members have met theirs, the chair and two others are behind (the sponsor's home shows it).
ENGAGEMENT_TARGETS = {"sponsor": 3, "steering": 3, "priya": 2, "tom": 2, "lena": 2, "raj": 2}
ENGAGEMENTS = [
    ("sponsor", "listening_session", "Listened in on complaint calls at the contact centre"),
    (
        "sponsor",
        "customer_visit",
        "Visited a small-business client with their relationship manager",
    ),
    ("sponsor", "internal_communication", "All-staff note on what customers told us this quarter"),
    ("steering", "workshop", "Opened the moving-home journey mapping workshop"),
    ("priya", "listening_session", "Sat with the complaints team for a morning"),
    ("priya", "cx_day", "Hosted the CX Day stand in head office"),
    ("lena", "workshop", "Explained the CX business case to the finance leadership team"),
    ("raj", "customer_visit", "Watched customers open accounts in the app, in a branch"),
    ("raj", "internal_communication", "IT town hall: the app's top three customer pain points"),
]


def _engagement(people: dict) -> None:
    on = today()
    first, _ = quarter_of(on)
    sponsor = people["sponsor"]
    for username, per_quarter in ENGAGEMENT_TARGETS.items():
        services.engagement_target_set(by=sponsor, person=people[username], per_quarter=per_quarter)
    for index, (username, kind, title) in enumerate(ENGAGEMENTS):
        day = max(first, on - dt.timedelta(days=3 + 7 * index))
        services.engagement_log(
            by=people["core"], person=people[username], kind=kind, happened_on=day, title=title
        )


# The day the programme was set up: its units, bodies, seats and RACI date from then.
START = dt.date(2025, 3, 1)


def _structure(people: dict) -> None:
    admin = people["admin"]
    units = {
        code: services.business_unit_create(
            by=admin,
            name=name,
            code=code,
            is_customer_facing=code in CUSTOMER_FACING,
            function=FUNCTIONS.get(code, ""),
        )
        for name, code in BUSINESS_UNITS
    }
    start = START

    def body(**fields):
        return services.body_create(by=admin, formed_on=start, **fields)

    sponsor = body(
        name="Executive sponsor",
        tier=Tier.EXECUTIVE_SPONSOR,
        purpose="Champions CX among executives, owns the core team's charter, removes barriers.",
    )
    steering = body(
        name="CX steering committee",
        tier=Tier.STEERING_COMMITTEE,
        parent=sponsor,
        purpose="Approves CX strategy, targets and resources; reviews KPIs and insight monthly.",
    )
    core = body(
        name="Core CX team",
        tier=Tier.CORE_TEAM,
        parent=sponsor,
        purpose="Catalyst and coordinator of the CX program across the bank.",
    )
    onboarding = body(
        name="Digital onboarding working group",
        tier=Tier.WORKING_GROUP,
        parent=steering,
        kind=BodyKind.PROJECT,
        planned_disband_on=dt.date(2027, 6, 30),
        purpose="Redesign account opening end to end.",
    )
    complaints = body(
        name="Complaint handling working group",
        tier=Tier.WORKING_GROUP,
        parent=steering,
        purpose="Fix the root causes behind the top complaint themes.",
    )
    voc_council = body(
        name="Voice of the customer council",
        tier=Tier.WORKING_GROUP,
        parent=core,
        purpose="Agrees survey standards and shares insight across business units.",
    )

    def member(body, username, role=MemberRole.MEMBER, unit=None, hours=4):
        services.membership_create(
            by=admin,
            body=body,
            person=people[username],
            role=role,
            business_unit=units[unit] if unit else None,
            start_date=start,
            hours_per_month=hours,
        )

    member(sponsor, "sponsor", MemberRole.SPONSOR, "retail", 6)
    member(sponsor, "lena", unit="finance", hours=2)
    member(steering, "steering", MemberRole.CHAIR, "retail", 8)
    member(steering, "priya", unit="service", hours=6)
    member(steering, "tom", unit="product", hours=6)
    member(steering, "lena", unit="finance", hours=4)
    member(steering, "raj", unit="it", hours=4)
    member(steering, "core", MemberRole.SECRETARY, "service", 8)
    member(core, "core", MemberRole.LEAD, "service", 160)
    member(core, "ines", unit="marketing", hours=160)
    member(core, "dev", unit="it", hours=120)
    member(onboarding, "member", MemberRole.LEAD, "retail", 24)
    member(onboarding, "olga", unit="it", hours=16)
    member(onboarding, "ben", unit="product", hours=12)
    member(onboarding, "ines", unit="marketing", hours=8)
    member(complaints, "kim", MemberRole.LEAD, "service", 20)
    member(complaints, "jose", unit="retail", hours=10)
    member(complaints, "member", unit="retail", hours=6)
    member(voc_council, "dev", MemberRole.LEAD, "it", 10)
    member(voc_council, "hana", unit="wealth", hours=6)
    member(voc_council, "olga", unit="commercial", hours=4)

    activities = {a.code: a for a in Activity.objects.all()}
    rights = {
        "approve-charter": (sponsor, None),
        "approve-initiative": (steering, sponsor),
        "strategy-governance": (steering, sponsor),
        "portfolio-management": (steering, sponsor),
        "insights-metrics": (core, steering),
        "methods-tools": (core, steering),
        "storyline": (core, steering),
    }
    for code, (decides, escalates) in rights.items():
        services.activity_update(
            activity=activities[code],
            by=admin,
            data={"decided_by": decides, "escalates_to": escalates},
        )
    # The sponsor approves charters, and Lena (finance, on the sponsor body) is named too: the
    # sponsor body's own charter needs a second decider.
    services.activity_update(
        activity=activities["approve-charter"], by=admin, data={"named_deciders": [people["lena"]]}
    )

    # The RACI leaves two gaps on purpose (culture & training, customer advocacy) to show markers.
    raci = [
        ("strategy-governance", {"body": steering}, "A"),
        ("strategy-governance", {"body": core}, "R"),
        ("strategy-governance", {"body": sponsor}, "C"),
        ("insights-metrics", {"body": core}, "A"),
        ("insights-metrics", {"body": voc_council}, "R"),
        ("insights-metrics", {"body": steering}, "I"),
        ("methods-tools", {"body": core}, "A"),
        ("methods-tools", {"person": people["ines"]}, "R"),
        ("storyline", {"body": core}, "A"),
        ("storyline", {"person": people["ines"]}, "R"),
        ("storyline", {"body": steering}, "C"),
        ("portfolio-management", {"body": steering}, "A"),
        ("portfolio-management", {"person": people["core"]}, "R"),
        ("customer-insight", {"body": voc_council}, "A"),
        ("customer-insight", {"person": people["dev"]}, "R"),
        ("cx-measurement", {"person": people["core"]}, "A"),
        ("cx-measurement", {"person": people["dev"]}, "R"),
        ("employee-communications", {"person": people["ines"]}, "A"),
        ("employee-communications", {"person": people["core"]}, "R"),
        ("process-improvement", {"body": complaints}, "R"),
        ("process-improvement", {"body": steering}, "A"),
        ("issue-resolution", {"body": complaints}, "A"),
        ("issue-resolution", {"person": people["kim"]}, "R"),
        ("cross-org-coordination", {"body": core}, "R"),
        ("cross-org-coordination", {"body": steering}, "A"),
        ("customer-advocacy", {"person": people["core"]}, "R"),
        ("approve-charter", {"body": sponsor}, "A"),
        ("approve-charter", {"body": core}, "R"),
        ("approve-initiative", {"body": steering}, "A"),
        ("approve-initiative", {"body": core}, "R"),
    ]
    for code, party, letter in raci:
        services.raci_assign(by=admin, activity=activities[code], letter=letter, **party)

    history = [
        (
            dt.date(2025, 3, 15),
            {
                "strategy": 2,
                "sponsorship": 2,
                "measurement": 2,
                "insight_use": 1,
                "methods": 1,
                "storyline": 2,
                "portfolio": 1,
                "ownership": 1,
            },
        ),
        (
            dt.date(2025, 11, 15),
            {
                "strategy": 3,
                "sponsorship": 3,
                "measurement": 2,
                "insight_use": 2,
                "methods": 2,
                "storyline": 2,
                "portfolio": 2,
                "ownership": 2,
            },
        ),
        (
            dt.date(2026, 6, 15),
            {
                "strategy": 3,
                "sponsorship": 4,
                "measurement": 3,
                "insight_use": 3,
                "methods": 2,
                "storyline": 3,
                "portfolio": 2,
                "ownership": 2,
            },
        ),
    ]
    for assessed_on, answers in history:
        with happened_at(assessed_on):
            services.maturity_assessment_create(
                by=people["core"],
                answers=answers,
                assessed_on=assessed_on,
                notes="Scored in the core team's quarterly review.",
            )
