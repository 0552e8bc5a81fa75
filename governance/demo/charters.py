"""Demo charters: every body's charter, the CX mission and success statements."""

from __future__ import annotations

import datetime as dt

from .. import services
from ..models import CHARTER_COMPONENTS, Charter, CharterStatus, CharterVersion, GovernanceBody

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


# Each body's own charter: purpose and vision, goals and scope, roles, decision authority and
# escalation, cadence and communication, success measures (CHARTER_COMPONENTS' order).
CHARTERS = {
    "Executive sponsor": (
        "Make customer experience a standing item of the bank's executive agenda, so that CX "
        "is funded and defended like any other strategic goal.",
        "Goals: a CX line in every business unit's annual plan; the CX budget protected.\n"
        "Scope: sponsorship of the programme; owner of the core team's charter.",
        "The chief operating officer sponsors the programme, chairs its quarterly review and "
        "speaks for it on the executive committee.",
        "Approves the charters of every CX body and the annual CX budget; settles what the "
        "steering committee escalates; takes to the board what needs the board.",
        "Meets quarterly for thirty minutes with the head of CX; reports to the executive "
        "committee the week after.",
        "Relationship NPS above 35 within two years; every executive has sponsored a CX "
        "initiative.",
    ),
    "CX steering committee": (
        "Steer the bank's CX programme: one set of priorities, targets everyone signs up to, "
        "and resources where customers feel them most.",
        "Goals: agree the year's CX priorities and targets; keep the portfolio to what can "
        "be delivered.\nScope: every CX initiative above 50,000 or crossing business units.",
        "The director of retail banking chairs; the heads of service, product, finance and "
        "IT each represent their unit; the head of CX is secretary and prepares the pack.",
        "Approves initiatives, targets and their funding; decides by consensus, the chair "
        "decides when none is reached; escalates budget above its limit to the sponsor.",
        "Meets on the second Tuesday of each month for ninety minutes with the KPI pack "
        "sent two working days ahead; decisions published within a day.",
        "Targets on track for two thirds of the success statements; no red initiative "
        "without a decision for more than one meeting.",
    ),
    "Core CX team": (
        "Be the catalyst and coordinator of CX across the bank: the methods, the measures "
        "and the storyline, while the business owns the change.",
        "Goals: one source of truth for CX measures; every initiative tracked and aligned.\n"
        "Scope: strategy and governance support, insight and reporting, methods and tools, "
        "the CX storyline and portfolio management. Not the delivery of initiatives.",
        "The head of CX leads; the insight lead runs measurement; the change lead runs "
        "methods, training and the storyline.",
        "Decides on methods, survey standards and reporting; refers priorities and money "
        "to the steering committee.",
        "Meets weekly on Monday mornings for forty-five minutes; publishes the CX storyline "
        "on the intranet on the first Monday of each month.",
        "Every success statement measured monthly; 90% of detractor cases closed within "
        "their service level.",
    ),
    "Digital onboarding working group": (
        "Let a new customer open an account and start using it in minutes, on any device, "
        "without a branch visit.",
        "Goals: ten minutes to an account number; half the drop-off at the ID step.\n"
        "Scope: account opening, ID checks, card activation and the first-week journey; "
        "disbands when the redesign is live.",
        "The onboarding product manager leads; members from IT, product and marketing "
        "deliver; the core team coaches on journey methods.",
        "Decides design and delivery order within the approved scope; escalates scope, "
        "budget and cross-unit conflicts to the steering committee.",
        "Meets every other Thursday afternoon in the innovation lab; a one-page update to "
        "the steering committee before each of its meetings.",
        "Onboarding CSAT above 88%; account-opening completion above 75%.",
    ),
    "Complaint handling working group": (
        "Fix the causes behind the complaints customers make most, not only the complaints.",
        "Goals: a third fewer repeat complaints; first-contact resolution at 80%.\n"
        "Scope: the top five complaint themes, the complaint process and the letters it sends.",
        "The customer service lead runs the group; retail and service members own a theme "
        "each; Compliance attends when a regulatory complaint is discussed.",
        "Changes complaint procedures within the service policy; refers policy changes and "
        "refunds above the agent limit to the steering committee.",
        "Meets every other Wednesday at 11:00 by video; themes and fixes shared with "
        "contact-centre team leads the same week.",
        "Complaints CSAT above 70%; repeat complaints down by a third within a year.",
    ),
    "Voice of the customer council": (
        "Make what customers tell us usable by every team: one survey standard, shared "
        "insight, and feedback that reaches the people who can act on it.",
        "Goals: every touchpoint surveyed the same way; insight shared monthly.\n"
        "Scope: survey design and timing, the feedback taxonomy, insight sharing.",
        "The CX insight lead chairs; each business unit sends its insight owner; members "
        "bring their unit's questions and take the findings back.",
        "Agrees survey standards and the taxonomy; proposes measures to the core team, who "
        "decide; disagreements go to the core team's lead.",
        "Meets every other Tuesday at 15:30 New York time, so the US desk can join; notes "
        "in the shared insight space within a day.",
        "Survey response rate above 15% at every touchpoint; each unit acts on one insight "
        "a quarter.",
    ),
}


def _components(body: GovernanceBody, revision: str = "") -> dict[str, str]:
    texts = CHARTERS.get(body.name) or (body.purpose, "", "", "", "", "")
    components = dict(zip([name for name, _ in CHARTER_COMPONENTS], texts, strict=True))
    components["goals_scope"] += revision
    return components


def seed_charters(*, people: dict) -> bool:
    """Every body gets a charter of its own, approved through the year: the steering
    committee's in two versions (the first superseded), the complaint group's approved over a
    year ago (so due for review), the onboarding group's waiting in review for the sponsor; a
    published mission about two thirds have agreed to; three success statements tied to
    objectives of three business units. Each step is dated when it happened. Does nothing if
    charters exist already."""
    from cxgov.dates import today
    from cxgov.demo import happened_at

    from ..models import BusinessUnit

    if Charter.objects.exists() or not GovernanceBody.objects.exists():
        return False
    on = today()

    def ago(days: int) -> dt.date:
        return on - dt.timedelta(days=days)

    admin, core, sponsor = people["admin"], people["core"], people["sponsor"]
    units = {u.code: u for u in BusinessUnit.objects.all()}
    statements = []
    for i, ((code, owner, text), (title, _code, statement)) in enumerate(
        zip(OBJECTIVES, STATEMENTS, strict=True)
    ):
        with happened_at(ago(340 - 3 * i)):
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

    def approved(body, *, days_ago: int, by=core, revision=""):
        with happened_at(ago(days_ago + 12)):
            version = services.charter_version_draft(
                by=by, body=body, success_statements=statements, **_components(body, revision)
            )
        with happened_at(ago(days_ago + 5)):
            services.charter_version_submit(version=version, by=by)
        with happened_at(ago(days_ago)):
            version = services.charter_version_approve(version=version, by=sponsor)
            if version.status == CharterStatus.IN_REVIEW:  # the sponsor's own body's charter:
                version = services.charter_version_approve(version=version, by=people["lena"])
            return version

    bodies = {b.name: b for b in GovernanceBody.objects.order_by("pk")}
    # The complaint group's was approved long ago: it shows as due for review.
    approved(bodies["Complaint handling working group"], days_ago=400)
    others = [b for name, b in bodies.items() if name not in (
        "Digital onboarding working group", "Complaint handling working group")]  # fmt: skip
    for i, body in enumerate(others):
        approved(body, days_ago=330 - 11 * i)
    steering = bodies["CX steering committee"]
    approved(
        steering,
        days_ago=120,
        revision="\nAdded: approving the targets of every success statement.",
    )
    onboarding = bodies["Digital onboarding working group"]
    with happened_at(ago(16)):
        waiting = services.charter_version_draft(
            by=people["member"],
            body=onboarding,
            success_statements=statements[2:],
            **_components(onboarding),
        )
    with happened_at(ago(9)):
        services.charter_version_submit(version=waiting, by=people["member"])

    with happened_at(ago(300)):
        mission = services.mission_draft(
            by=core,
            statement="Every customer leaves every contact with us feeling that banking is "
            "simple and that we are on their side.",
            customers="Households and small businesses who bank with us in branches, on the "
            "phone and in the app.",
            experience="Clear answers, the first time, without having to repeat themselves.",
            feeling="Confident, respected and in control of their money.",
            difference="We fix the cause behind a complaint, not only the complaint, and tell "
            "the customer what we changed.",
        )
    with happened_at(ago(290)):
        mission = services.mission_publish(mission=mission, by=core)
    # About two thirds of the people serving in a body have agreed so far, over the weeks.
    agreed = ["sponsor", "core", "priya", "tom", "lena", "raj", "ines", "dev", "kim", "ben"]
    for i, username in enumerate(agreed):
        with happened_at(ago(288 - 19 * i)):
            services.acknowledge(by=people[username], document=mission)
    current = CharterVersion.objects.get(charter__body=steering, status="approved")
    for i, username in enumerate(["steering", "priya", "tom", "core"]):
        with happened_at(ago(118 - 6 * i)):
            services.acknowledge(by=people[username], document=current)
    return True
