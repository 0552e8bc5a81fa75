"""Demo portfolio: priorities and 40 initiatives across five business units and the three
working groups, in every status and health, with a year of status updates, milestones and
risks (some escalated), a few stale and a few asking for help; most are linked to the demo KPI
targets they are meant to move. One in-progress initiative is linked to none (unaligned), and an
off-track target is claimed by no active initiative (an unowned gap), so the line of sight has
something to show.

Writes go through the services (so the members' rights follow); dates are then moved into the
past directly, since the services date what they do today.
"""

from __future__ import annotations

import datetime as dt

from cxgov.dates import today
from cxgov.demo import happened_at
from governance.models import BusinessUnit, GovernanceBody
from voc.models import Theme

from . import services
from .models import Health, Initiative, Milestone, Risk, Status, StatusUpdate

PRIORITIES = [
    ("Effortless onboarding", "Open and start using an account without friction."),
    ("Resolve issues first time", "Fewer repeat contacts; complaints fixed at the root."),
    ("Proactive communication", "Tell customers before they have to ask."),
    ("Digital self-service", "Let customers do the common things themselves, any time."),
    ("Listen and act on feedback", "Close the loop with every detractor within a week."),
]

TITLES = [
    "Open an account in ten minutes",
    "Paperless ID verification",
    "Welcome journey emails",
    "First-week check-in call",
    "Branch appointment booking",
    "Mortgage status tracker",
    "Complaint root-cause squads",
    "Callback instead of queueing",
    "Plain-language letters",
    "Fee refund in one call",
    "Card dispute self-service",
    "Vulnerable customer playbook",
    "Detractor callback within 48 hours",
    "Relationship NPS for business clients",
    "Touchpoint survey refresh",
    "Voice analytics pilot",
    "Closed-loop case tool",
    "Frontline insight huddles",
    "Wealth client portal redesign",
    "Advisor meeting notes in the app",
    "Proactive outage alerts",
    "Payment reminder nudges",
    "Chatbot handover to humans",
    "Commercial lending status page",
    "Single customer view for agents",
    "Knowledge base clean-up",
    "Accessible statements",
    "Travel notice in the app",
    "Branch wait-time display",
    "Complaint tracker for customers",
    "Small-business onboarding fast lane",
    "Overdraft early warning",
    "Service recovery budget for agents",
    "CX training for team leads",
    "Journey mapping: moving home",
    "Journey mapping: bereavement",
    "Customer advisory panel",
    "Net promoter driver analysis",
    "Web form simplification",
    "Contact reason taxonomy",
]

# The comment themes (voc's demo) a few initiatives name: the line of sight shows whether
# customers mention them less once each started.
DEMO_THEMES_ADDRESSED = {
    "Callback instead of queueing": "Call waiting times",
    "Branch wait-time display": "Branch queues",
    "Single customer view for agents": "Repeating ourselves",
    "Complaint tracker for customers": "Kept informed",
    "Mortgage status tracker": "Kept informed",
}

# 40 statuses: every state, most in progress (the ones that take updates).
STATUSES = (
    [Status.PROPOSED] * 6
    + [Status.APPROVED] * 6
    + [Status.IN_PROGRESS] * 16
    + [Status.ON_HOLD] * 4
    + [Status.COMPLETED] * 5
    + [Status.CANCELLED] * 3
)
HEALTHS = [Health.GREEN, Health.GREEN, Health.AMBER, Health.RED]

UNIT_CODES = ["retail", "commercial", "wealth", "service", "product"]
GROUPS = {
    "Digital onboarding working group": ["member", "olga", "ben", "ines"],
    "Complaint handling working group": ["kim", "jose", "member"],
    "Voice of the customer council": ["dev", "hana", "olga"],
}

# Each initiative's own words, in TITLES' order: what it delivers, where it pilots first, the
# figure it watches, and what it depends on. Its updates, blockers and risks are written from
# these, so no two initiatives (and no two months) read the same.
DETAILS = [
    (
        "the ten-minute account-opening flow",
        "the app",
        "drop-off at the ID step",
        "the core banking team",
    ),
    (
        "document-free ID verification",
        "Leeds branches",
        "manual ID referrals",
        "the identity vendor",
    ),
    (
        "the welcome e-mail series",
        "new current accounts",
        "first-month card use",
        "the marketing platform team",
    ),
    (
        "the first-week check-in call",
        "premier customers",
        "90-day closures",
        "contact-centre rota planning",
    ),
    (
        "online branch appointment booking",
        "twelve London branches",
        "walk-in waiting time",
        "the branch systems supplier",
    ),
    (
        "the mortgage status tracker",
        "remortgage customers",
        "calls asking for an update",
        "the mortgage platform vendor",
    ),
    (
        "root-cause squads for the top complaint themes",
        "fees complaints",
        "repeat complaints",
        "the complaints data feed",
    ),
    (
        "scheduled callbacks instead of queueing",
        "the cards line",
        "abandoned calls",
        "the telephony upgrade",
    ),
    (
        "plain-language letters",
        "overdraft letters",
        "calls after a letter",
        "Legal's wording review",
    ),
    (
        "one-call fee refunds",
        "the retail service line",
        "transfers to a second agent",
        "the refund limit policy",
    ),
    (
        "card dispute self-service",
        "debit card disputes",
        "dispute calls",
        "the card processor's API",
    ),
    (
        "the vulnerable customer playbook",
        "bereavement and hardship calls",
        "complaints from vulnerable customers",
        "Compliance sign-off",
    ),
    (
        "48-hour detractor callbacks",
        "retail detractors",
        "callbacks made within 48 hours",
        "team leads' capacity",
    ),
    (
        "relationship NPS for business clients",
        "commercial relationship managers",
        "survey response rate",
        "the CRM export",
    ),
    (
        "the refreshed touchpoint surveys",
        "app and branch surveys",
        "survey completion rate",
        "the survey platform contract",
    ),
    (
        "the voice analytics pilot",
        "the complaints line",
        "calls tagged by reason",
        "the call-recording archive",
    ),
    (
        "the closed-loop case tool",
        "retail case owners",
        "cases closed on time",
        "single sign-on set-up",
    ),
    (
        "frontline insight huddles",
        "the Manchester contact centre",
        "ideas raised by agents",
        "team leads' diaries",
    ),
    (
        "the wealth client portal redesign",
        "premier clients",
        "portal log-ins a month",
        "the portal vendor's release train",
    ),
    (
        "advisor meeting notes in the app",
        "wealth advisers",
        "follow-up questions after meetings",
        "the data-protection review",
    ),
    (
        "proactive outage alerts",
        "app and card outages",
        "calls during an outage",
        "the incident management tool",
    ),
    (
        "payment reminder nudges",
        "customers near their overdraft limit",
        "unarranged overdraft fees",
        "the notifications service",
    ),
    (
        "a clean chatbot handover to humans",
        "the app chat",
        "repeat explanations after handover",
        "the chat vendor",
    ),
    (
        "the commercial lending status page",
        "small-business loan applicants",
        "status calls to relationship managers",
        "the lending workflow system",
    ),
    (
        "a single customer view for agents",
        "the retail service line",
        "screens opened per call",
        "the customer data platform",
    ),
    (
        "the knowledge base clean-up",
        "the cards and payments articles",
        "agent searches without an answer",
        "subject-matter experts' time",
    ),
    (
        "accessible statements",
        "large-print and screen-reader statements",
        "accessibility complaints",
        "the statement print supplier",
    ),
    (
        "travel notices in the app",
        "card holders travelling abroad",
        "cards blocked abroad",
        "the fraud rules team",
    ),
    (
        "branch wait-time displays",
        "six pilot branches",
        "customers leaving the queue",
        "branch screen hardware",
    ),
    (
        "a complaint tracker for customers",
        "online complaints",
        "chasing calls about complaints",
        "the complaints system upgrade",
    ),
    (
        "the small-business onboarding fast lane",
        "sole traders",
        "days to an account number",
        "the KYC operations team",
    ),
    (
        "the overdraft early warning",
        "customers with a salary gap",
        "customers going overdrawn unplanned",
        "the data science team",
    ),
    (
        "a service recovery budget for agents",
        "the retail service line",
        "complaints escalated to a manager",
        "Finance's approval",
    ),
    (
        "CX training for team leads",
        "contact-centre team leads",
        "coaching sessions held",
        "the learning platform",
    ),
    (
        "the moving-home journey map",
        "customers moving house",
        "address-change calls",
        "mortgage and insurance teams' time",
    ),
    (
        "the bereavement journey map",
        "bereavement notifications",
        "days to settle an estate account",
        "the bereavement service team",
    ),
    (
        "the customer advisory panel",
        "a panel of 40 customers",
        "panel sessions held",
        "panel recruitment",
    ),
    (
        "the NPS driver analysis",
        "retail NPS",
        "share of detractors explained",
        "the analytics team",
    ),
    ("simpler web forms", "the top ten online forms", "form abandonment", "the web content team"),
    (
        "the contact reason taxonomy",
        "all service lines",
        "calls with a reason code",
        "the telephony reporting team",
    ),
]

# Status update wording by stage of the work; {what}, {where}, {measure}, {needs} come from
# DETAILS, {n} and {pct} from the month.
PROGRESS = [
    "Discovery: interviewed {n} customers about {what}; {measure} is the pain they name first.",
    "Mapped today's journey for {what} with the frontline; {n} steps, {pct} of them manual.",
    "Design for {what} tested with {n} customers; agreed the scope with {needs}.",
    "Build of {what} under way; {n} of the planned changes done and demoed to the sponsor.",
    "Pilot of {what} live for {where}; {measure} moved {pct} in the first weeks.",
    "Pilot of {what} extended across {where}; {n} customers through it so far.",
    "Rolling {what} out beyond {where}; {measure} holding at the pilot's level.",
    "Rollout of {what} nearly complete; handing day-to-day ownership to the business.",
]
BEHIND = [
    "Behind plan on {what}: {needs} moved our slot, so the next step slips {n} weeks.",
    "No movement yet from {what}: {measure} is {pct} short of where the plan has it.",
    "Scope of {what} grew after feedback from {where}; re-planning {n} weeks of work.",
    "Testing of {what} found {n} defects that block the next release.",
]
BLOCKERS = [
    "Waiting on {needs} for {what} since {day}.",
    "No test environment for {what} since {day}; {needs} is chasing it.",
    "Sign-off for {what} stuck since {day}; it needs a decision above the group.",
    "Data for {measure} missing since {day}, so the pilot in {where} cannot be read.",
]

HELP_REASONS = [
    "We need IT capacity to change the core banking screens; two sprints are blocked.",
    "Legal has not answered on the consent wording for six weeks.",
    "Budget for the vendor pilot was cut; we need the steering committee to decide.",
    "Two business units measure this differently; we need one definition of success.",
    "Our analyst left; we need help from the insights team for the driver analysis.",
]


def seed(*, people: dict) -> bool:
    """Create the demo portfolio unless initiatives exist already. Returns whether it created."""
    if Initiative.objects.exists():
        return False
    groups = {g.name: g for g in GovernanceBody.objects.filter(name__in=GROUPS)}
    units = {u.code: u for u in BusinessUnit.objects.filter(code__in=UNIT_CODES)}
    if len(groups) < len(GROUPS) or len(units) < len(UNIT_CODES):
        return False
    core, chair = people["core"], people["steering"]
    on = today()
    with happened_at(on - dt.timedelta(days=330)):
        priorities = [
            services.priority_create(
                by=chair, title=title, description=text, period=str(on.year), position=i
            )
            for i, (title, text) in enumerate(PRIORITIES)
        ]
    themes = {t.name: t for t in Theme.objects.filter(name__in=DEMO_THEMES_ADDRESSED.values())}
    group_names = list(GROUPS)
    created = 0
    made: list[Initiative] = []
    for index, (title, status) in enumerate(zip(TITLES, STATUSES, strict=True)):
        group = groups[group_names[index % 3]]
        members = GROUPS[group.name]
        owner = people[members[index % len(members)]]
        unit = units[UNIT_CODES[index % 5]]
        start = on - dt.timedelta(days=20 + (index * 37) % 330)
        if status == Status.PROPOSED:
            start = on + dt.timedelta(days=15 + index * 5)
        if status == Status.APPROVED:  # approved lately, starting soon
            start = on + dt.timedelta(days=10 + (index % 6) * 9)
        target = start + dt.timedelta(days=150 + (index * 53) % 300)
        if status == Status.COMPLETED:
            target = on - dt.timedelta(days=10 + index)
            start = target - dt.timedelta(days=200)
        spread = index + index // 5  # so priorities and business units cross
        chosen = [priorities[spread % 5]] + ([priorities[(spread + 2) % 5]] if index % 3 else [])
        if index % 13 == 12:
            chosen = []  # a few not aligned to any priority, to show on the heatmap
        proposed_on = start - dt.timedelta(days=30)
        if status == Status.PROPOSED:
            proposed_on = on - dt.timedelta(days=3 + index % 20)
        if status == Status.APPROVED:
            proposed_on = on - dt.timedelta(days=40 + index)
        with happened_at(proposed_on):
            initiative = services.initiative_propose(
                by=core,
                title=title,
                description=f"Delivers {DETAILS[index][0]}, first for {DETAILS[index][1]}; "
                f"we read its effect in {DETAILS[index][2]}. Run by the {group.name}.",
                working_group=group,
                owner=owner,
                business_unit=unit,
                start_date=start,
                target_date=target,
                priorities=chosen,
                themes=[themes[n] for n in [DEMO_THEMES_ADDRESSED.get(title)] if n in themes],
                driven_by="core_team" if index % 4 == 0 else "business",
                formed_group=group if index == 0 and group.kind == "project" else None,
                budget=10_000 * (1 + index % 7),
                expected_benefit=25_000 * (1 + index % 5),
            )
        _walk(initiative, status=status, core=core, chair=chair, index=index)
        _milestones(initiative, index=index, on=on)
        if status not in (Status.PROPOSED, Status.APPROVED):
            _updates(initiative, status=status, index=index, on=on, owner=owner)
        _risks(initiative, status=status, index=index, people=people, owner=owner)
        made.append(initiative)
        created += 1
    # Re-read: the workflow moved each initiative through a fresh copy.
    _target_links(list(Initiative.objects.filter(pk__in=[i.pk for i in made]).order_by("pk")),
                  by=core, on=on)  # fmt: skip
    _focus_limits(core=core, units=units)
    _method_uses(made, by=core)
    return created > 0


# Which of the standards library's methods the initiatives use, by the initiative's place in
# the demo's list: journey mapping widely, listening sessions and survey standards in a few
# units, CX ambassadors in one initiative; so the library's adoption table is uneven.
METHOD_USES = {
    "Journey mapping": lambda index: index % 2 == 0,
    "Survey standards": lambda index: index % 5 in (1, 3),
    "Listening sessions": lambda index: index % 7 == 2,
    "CX ambassadors": lambda index: index == 4,
}


def _method_uses(made: list[Initiative], *, by) -> None:
    from governance.models import Standard

    methods = {m.title: m for m in Standard.objects.methods().filter(title__in=METHOD_USES)}
    if len(methods) < len(METHOD_USES):
        return
    for index, initiative in enumerate(made):
        chosen = [methods[title] for title, uses in METHOD_USES.items() if uses(index)]
        if chosen:
            services.initiative_methods_set(
                initiative=Initiative.objects.get(pk=initiative.pk), by=by, methods=chosen
            )


def _focus_limits(*, core, units: dict) -> None:
    """The core team's focus limits, set after the portfolio grew (so no reason was asked):
    every owner at most 9 active initiatives (one owner carries 10: over), every working group
    at most 10 (each carries 8 or 9, so approving one of their proposals needs no reason), and
    commercial banking at most 5 (it has 6: over)."""
    services.focus_limit_set(by=core, kind="owner", limit=9, note="Room to do each one well.")
    services.focus_limit_set(by=core, kind="working_group", limit=10)
    services.focus_limit_set(
        by=core, kind="business_unit", business_unit=units["commercial"], limit=5,
        note="Its people also run the lending migration this year.",
    )  # fmt: skip


# The KPI targets each initiative is meant to move, by what it is about: (metric, touchpoint or
# None for the whole bank). Left unlinked: a proposal, an initiative in progress (the line of
# sight shows it unaligned) and one on hold. Only initiatives that are not active (proposed,
# on hold, done or cancelled) work on overall effort (CES) and on account opening's CSAT: the
# line of sight's unowned gaps, both off track.
SUBJECTS: dict[str, list[tuple[str, str | None]]] = {
    "Open an account in ten minutes": [("csat", "account-opening")],
    "Paperless ID verification": [("csat", "account-opening")],
    "Welcome journey emails": [("csat", "account-opening"), ("nps", None)],
    "First-week check-in call": [("csat", "account-opening")],
    "Branch appointment booking": [],
    "Mortgage status tracker": [("ces", None)],
    "Complaint root-cause squads": [("csat", "complaints")],
    "Callback instead of queueing": [("ces", "contact-centre")],
    "Plain-language letters": [("csat", "complaints")],
    "Fee refund in one call": [("ces", "contact-centre"), ("csat", "complaints")],
    "Card dispute self-service": [("nps", "app-login")],
    "Vulnerable customer playbook": [("csat", "complaints")],
    "Detractor callback within 48 hours": [("nps", None)],
    "Relationship NPS for business clients": [],
    "Touchpoint survey refresh": [("csat", None)],
    "Voice analytics pilot": [("ces", "contact-centre")],
    "Closed-loop case tool": [("csat", "complaints")],
    "Frontline insight huddles": [("nps", None)],
    "Wealth client portal redesign": [("csat", None)],
    "Advisor meeting notes in the app": [("nps", "app-login")],
    "Proactive outage alerts": [("nps", "app-login")],
    "Payment reminder nudges": [("nps", "app-login")],
    "Chatbot handover to humans": [("ces", "contact-centre")],
    "Commercial lending status page": [("csat", None)],
    "Single customer view for agents": [("ces", "contact-centre")],
    "Knowledge base clean-up": [("ces", "contact-centre")],
    "Accessible statements": [("csat", None)],
    "Travel notice in the app": [("nps", "app-login")],
    "Branch wait-time display": [("ces", None)],
    "Small-business onboarding fast lane": [],
    "Overdraft early warning": [("ces", None)],
    "Service recovery budget for agents": [("csat", "complaints")],
    "Complaint tracker for customers": [("csat", "complaints"), ("ces", None)],
    "CX training for team leads": [("nps", None)],
    "Journey mapping: moving home": [("ces", None)],
    "Journey mapping: bereavement": [("csat", "complaints")],
    "Customer advisory panel": [("nps", None)],
    "Net promoter driver analysis": [("nps", None)],
    "Web form simplification": [("csat", "account-opening"), ("ces", None)],
    "Contact reason taxonomy": [("ces", "contact-centre")],
}


def target_subject(target) -> tuple[str, str | None]:
    """A KPI target as SUBJECTS names it: its metric's code and its touchpoint's, if any."""
    from voc.models import DimensionKind

    touchpoint = None
    if target.dimension_kind == DimensionKind.TOUCHPOINT:
        touchpoint = target.dimension_value().code
    return target.metric.code, touchpoint


def _target_links(initiatives: list[Initiative], *, by, on: dt.date) -> None:
    """Link each initiative to the KPI targets its subject speaks for (SUBJECTS)."""
    from voc.models import KpiTarget
    from voc.stats import Estimator

    targets = {
        target_subject(t): t for t in KpiTarget.objects.select_related("metric").order_by("pk")
    }
    if not targets:
        return
    for index, initiative in enumerate(initiatives):
        chosen = [targets[s] for s in SUBJECTS.get(initiative.title, []) if s in targets]
        expected_by = initiative.target_date
        if initiative.status == Status.IN_PROGRESS and index % 3 == 0:
            # Some early wins already due, so expected sits beside realized.
            expected_by = min(initiative.start_date + dt.timedelta(days=120), expected_by)
        for target in chosen:
            change = {
                Estimator.NPS: 2 + index % 4,
                Estimator.SHARE: 1 + index % 3,
                Estimator.MEAN: round(0.1 + 0.05 * (index % 3), 2),
            }.get(target.metric.estimator, 1)
            # Linked as the work started; a proposal, as it was proposed.
            started = initiative.start_date <= on
            with happened_at(initiative.start_date if started else initiative.created_at):
                services.target_link_create(
                    by=by,
                    initiative=initiative,
                    target=target,
                    expected_change=change,
                    expected_by=expected_by,
                    note=f"{initiative.title} should lift {target.metric.name}.",
                )


def _walk(initiative: Initiative, *, status: str, core, chair, index: int) -> None:
    """Move the initiative through the workflow to `status`, as the people who may."""
    path = {
        Status.PROPOSED: [],
        Status.APPROVED: [Status.APPROVED],
        Status.IN_PROGRESS: [Status.APPROVED, Status.IN_PROGRESS],
        Status.ON_HOLD: [Status.APPROVED, Status.IN_PROGRESS, Status.ON_HOLD],
        Status.COMPLETED: [Status.APPROVED, Status.IN_PROGRESS, Status.COMPLETED],
        Status.CANCELLED: [Status.APPROVED, Status.CANCELLED],
    }[status]
    reasons = {
        Status.ON_HOLD: "Waiting for the IT release freeze to end.",
        Status.CANCELLED: "Overtaken by the group-wide digital programme.",
    }
    # Each move on the day it happened, so its dates and history read as the year went.
    started = initiative.start_date
    when = {
        Status.APPROVED: min(
            started - dt.timedelta(days=10), today() - dt.timedelta(days=5 + index % 15)
        ),
        Status.IN_PROGRESS: started,
        Status.ON_HOLD: started + dt.timedelta(days=7 + index % 20),
        Status.COMPLETED: initiative.target_date,
        Status.CANCELLED: started + dt.timedelta(days=7 + index % 20),
    }
    for step in path:
        with happened_at(when[step]):
            services.initiative_transition(
                initiative=initiative,
                to_status=step,
                by=chair if step == Status.APPROVED else core,
                reason=reasons.get(step, ""),
            )


def _milestones(initiative: Initiative, *, index: int, on: dt.date) -> None:
    span = (initiative.target_date - initiative.start_date).days
    names = ["Discovery done", "Pilot live", "Rolled out"]
    rows = []
    for step, name in enumerate(names, start=1):
        due = initiative.start_date + dt.timedelta(days=span * step // 4)
        done = due if due < on and (index + step) % 4 else None
        rows.append(Milestone(initiative=initiative, title=name, due_on=due, done_on=done))
    Milestone.objects.bulk_create(rows)


def _updates(initiative: Initiative, *, status: str, index: int, on: dt.date, owner) -> None:
    """Monthly updates over up to a year; the last health cycles so every health shows. A few
    in-progress initiatives went quiet (stale); a few ask for help."""
    first = max(initiative.start_date, on - dt.timedelta(days=365))
    quiet = status == Status.IN_PROGRESS and index % 5 == 3  # stale: last heard of long ago
    last = max(first, on - dt.timedelta(days=35 + index if quiet else 2 + index % 9))
    if status == Status.COMPLETED:
        last = initiative.target_date
    months = max(1, (last - first).days // 30)
    health_now = HEALTHS[index % 4]
    rows = []
    what, where, measure, needs = DETAILS[index]
    for month in range(months + 1):
        latest = month == months
        reported = last if latest else min(last, first + dt.timedelta(days=30 * month))
        # Mostly green, an amber month now and then, and the latest health as chosen.
        amber_month = (index + month) % 4 == 0
        health = health_now if latest else (Health.AMBER if amber_month else Health.GREEN)
        progress = min(100, round(100 * (month + 1) / (months + 2)))
        if status == Status.COMPLETED and latest:
            health, progress = Health.GREEN, 100
        words = {
            "what": what,
            "where": where,
            "measure": measure,
            "needs": needs,
            "n": 3 + (index * 7 + month * 5) % 19,
            "pct": f"{5 + (index + month * 3) % 17}%",
            "day": f"{reported - dt.timedelta(days=6 + month % 9):%-d %b}",
        }
        stage = PROGRESS[min(len(PROGRESS) - 1, progress * len(PROGRESS) // 100)]
        summary = (stage if health == Health.GREEN else BEHIND[(index + month) % 4]).format(**words)
        if status == Status.COMPLETED and latest:
            summary = f"Done: {what} is live for every customer and owned by the business."
        blockers = ""
        if health != Health.GREEN:
            blockers = BLOCKERS[(index + month) % len(BLOCKERS)].format(**words)
        rows.append(
            StatusUpdate(
                initiative=initiative,
                author=owner,
                reported_on=reported,
                health=health,
                progress=progress,
                summary=f"{summary} ({progress}% done)" if not latest else summary,
                blockers=blockers,
            )
        )
    for row in rows:  # each posted on its day (its created_at and history say so)
        with happened_at(row.reported_on):
            row.save()
    latest = rows[-1]
    needs_help = status == Status.IN_PROGRESS and index % 4 == 1
    Initiative.objects.filter(pk=initiative.pk).update(
        health=latest.health,
        progress=latest.progress,
        last_update_on=latest.reported_on,
        needs_help=needs_help,
        help_reason=HELP_REASONS[index % len(HELP_REASONS)] if needs_help else "",
    )


def _risks(initiative: Initiative, *, status: str, index: int, people: dict, owner) -> None:
    if status in (Status.PROPOSED, Status.CANCELLED):
        return
    what, where, _measure, needs = DETAILS[index]
    rows = [
        Risk(
            initiative=initiative,
            title=f"{needs[0].upper()}{needs[1:]} may not deliver in time for {what}",
            likelihood=1 + index % 5,
            impact=1 + (index * 2) % 5,
            owner=owner,
            mitigation=f"Agree dates with {needs} at the start of each quarter; keep a "
            f"fallback for {where}.",
        )
    ]
    if index % 3 == 0:
        rows.append(
            Risk(
                initiative=initiative,
                title=f"Staff in {where} keep the old way instead of {what}",
                likelihood=3,
                impact=4,
                owner=people["core"],
                mitigation=f"Train the team leads for {where} on {what} first; share early wins.",
                status="mitigated" if index % 2 else "open",
            )
        )
    if status == Status.IN_PROGRESS and index % 4 == 0:
        rows[0].likelihood, rows[0].impact = 4, 5
        rows[0].escalated_on = today() - dt.timedelta(days=index % 10)
        rows[0].escalated_by = owner
        rows[
            0
        ].escalation_note = f"We need the committee to settle the priority of {what} with {needs}."
    Risk.objects.bulk_create(rows)
