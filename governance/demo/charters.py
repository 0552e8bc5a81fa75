"""Demo charters: every body's charter, the CX mission and success statements."""

from __future__ import annotations

import datetime as dt

from .. import services
from ..models import Charter, CharterVersion, GovernanceBody

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

    from ..models import BusinessUnit

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
