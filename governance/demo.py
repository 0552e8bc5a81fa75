"""Demo governance: a retail bank's CX program with its three tiers, RACI and maturity."""

from __future__ import annotations

import datetime as dt

from . import services
from .models import Activity, BodyKind, Charter, CharterVersion, GovernanceBody, MemberRole, Tier

BUSINESS_UNITS = [
    ("Retail banking", "retail"),
    ("Commercial banking", "commercial"),
    ("Wealth management", "wealth"),
    ("Customer service", "service"),
    ("Product", "product"),
    ("Marketing", "marketing"),
    ("IT", "it"),
    ("Finance", "finance"),
    ("HR", "hr"),
]


def seed(*, people: dict) -> bool:
    """Create the demo governance unless bodies exist already, then the charters, mission and
    success statements unless charters exist already. Returns whether it created anything."""
    if GovernanceBody.objects.exists():
        return seed_charters(people=people)
    admin = people["admin"]
    units = {
        code: services.business_unit_create(by=admin, name=name, code=code)
        for name, code in BUSINESS_UNITS
    }
    start = dt.date(2025, 3, 1)

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
        services.maturity_assessment_create(
            by=people["core"],
            answers=answers,
            assessed_on=assessed_on,
            notes="Scored in the core team's quarterly review.",
        )
    seed_charters(people=people)
    return True


# Charters, the CX mission and success statements

OBJECTIVES = [
    ("retail", "steering", "Grow the share of customers holding two or more products to 45%."),
    ("service", "kim", "Resolve 80% of complaints at the first contact."),
    ("product", "tom", "Cut the time to open an account to ten minutes."),
]

STATEMENTS = [
    (
        "Retail banking: customers stay because it is easy",
        "retail",
        "Customers find it easy to do their everyday banking with us and recommend us for it. "
        "We see it in a retail NPS above 40 and fewer customers leaving after a complaint.",
    ),
    (
        "Customer service: one contact is enough",
        "service",
        "A customer who contacts us has their issue settled the first time, by the person they "
        "reach. We see it in first-contact resolution and in the effort customers report.",
    ),
    (
        "Product: opening an account is quick and clear",
        "product",
        "Opening an account takes minutes, on any device, with no surprises. We see it in the "
        "onboarding CSAT and in how many who start finish.",
    ),
]


def _components(body: GovernanceBody, revision: str = "") -> dict[str, str]:
    return {
        "purpose_vision": f"{body.purpose}\nWe exist so that customers feel the bank is on "
        "their side.",
        "goals_scope": "Goals: the CX priorities of this year's strategy.\n"
        f"Scope: what {body.name} decides or delivers; everything else is referred up.{revision}",
        "roles_responsibilities": "The chair or lead runs the meetings and owns the actions; "
        "members represent their business units and bring their data.",
        "decision_authority": "Decides within the rights the RACI matrix gives it; escalates "
        "what it cannot settle to the body it reports to.",
        "meeting_cadence": "Meets monthly with the standard agenda; minutes go to every member "
        "within two working days.",
        "success_measures": "Measured by the success statements linked below.",
    }


def seed_charters(*, people: dict) -> bool:
    """Every body gets a charter: the steering committee's in two versions (the first
    superseded), the onboarding group's waiting in review for the sponsor; a published mission
    about two thirds have agreed to; three success statements tied to objectives of three
    business units. Does nothing if charters exist already."""
    from django.utils import timezone

    from .models import BusinessUnit

    if Charter.objects.exists() or not GovernanceBody.objects.exists():
        return False
    admin, core, sponsor = people["admin"], people["core"], people["sponsor"]
    units = {u.code: u for u in BusinessUnit.objects.all()}
    statements = []
    for (code, owner, text), (title, _code, statement) in zip(OBJECTIVES, STATEMENTS, strict=True):
        objective = services.objective_create(
            by=admin, business_unit=units[code], text=text, owner=people[owner]
        )
        statements.append(
            services.success_statement_create(
                by=core,
                title=title,
                text=statement,
                business_unit=units[code],
                objectives=[objective],
            )
        )

    def approved(body, *, by=core, revision=""):
        version = services.charter_version_draft(
            by=by, body=body, success_statements=statements, **_components(body, revision)
        )
        services.charter_version_submit(version=version, by=by)
        return services.charter_version_approve(version=version, by=sponsor)

    bodies = {b.name: b for b in GovernanceBody.objects.all()}
    for body in bodies.values():
        if body.name != "Digital onboarding working group":
            approved(body)
    steering = bodies["CX steering committee"]
    approved(steering, revision="\nAdded: approving the targets of every success statement.")
    onboarding = bodies["Digital onboarding working group"]
    waiting = services.charter_version_draft(
        by=people["member"],
        body=onboarding,
        success_statements=statements[2:],
        **_components(onboarding),
    )
    services.charter_version_submit(version=waiting, by=people["member"])
    # The complaint group's charter was approved long ago: it shows as due for review.
    long_ago = timezone.now() - dt.timedelta(days=400)
    CharterVersion.objects.filter(charter__body__name="Complaint handling working group").update(
        approved_at=long_ago, created_at=long_ago
    )

    mission = services.mission_draft(
        by=core,
        statement="Every customer leaves every contact with us feeling that banking is simple "
        "and that we are on their side.",
        customers="Households and small businesses who bank with us in branches, on the phone "
        "and in the app.",
        experience="Clear answers, the first time, without having to repeat themselves.",
        feeling="Confident, respected and in control of their money.",
        difference="We fix the cause behind a complaint, not only the complaint, and tell the "
        "customer what we changed.",
    )
    mission = services.mission_publish(mission=mission, by=core)
    # About two thirds of the people serving in a body have agreed so far.
    for username in ["sponsor", "core", "priya", "tom", "lena", "raj", "ines", "dev", "kim", "ben"]:
        services.acknowledge(by=people[username], document=mission)
    for username in ["steering", "priya", "tom", "core"]:
        services.acknowledge(
            by=people[username],
            document=CharterVersion.objects.get(charter__body=steering, status="approved"),
        )
    return True
