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
from governance.models import BusinessUnit, GovernanceBody

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
    priorities = [
        services.priority_create(
            by=chair, title=title, description=text, period=str(today().year), position=i
        )
        for i, (title, text) in enumerate(PRIORITIES)
    ]
    on = today()
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
        target = start + dt.timedelta(days=150 + (index * 53) % 300)
        if status == Status.COMPLETED:
            target = on - dt.timedelta(days=10 + index)
            start = target - dt.timedelta(days=200)
        spread = index + index // 5  # so priorities and business units cross
        chosen = [priorities[spread % 5]] + ([priorities[(spread + 2) % 5]] if index % 3 else [])
        if index % 13 == 12:
            chosen = []  # a few not aligned to any priority, to show on the heatmap
        initiative = services.initiative_propose(
            by=core,
            title=title,
            description=f"{title}: a {unit.name.lower()} initiative run by the {group.name}.",
            working_group=group,
            owner=owner,
            business_unit=unit,
            start_date=start,
            target_date=target,
            priorities=chosen,
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
    return created > 0


# Left unlinked: a proposal, an initiative in progress (shown as unaligned) and one on hold.
UNLINKED = {4, 13, 29}


def _target_links(initiatives: list[Initiative], *, by, on: dt.date) -> None:
    """Link most initiatives to the demo KPI targets. The first off-track target is claimed
    only by initiatives that are not active (proposed, on hold, done or cancelled)."""
    from voc.models import KpiTarget
    from voc.models.targets import TargetStatus
    from voc.selectors import targets_with_status
    from voc.stats import Estimator

    readings = targets_with_status(KpiTarget.objects.order_by("pk"), on=on)
    if not readings:
        return
    off = [r.target for r in readings if r.status == TargetStatus.OFF_TRACK]
    unowned = off[0] if off else None
    others = [r.target for r in readings if r.target != unowned]
    active = (Status.APPROVED, Status.IN_PROGRESS)
    for index, initiative in enumerate(initiatives):
        if index in UNLINKED:
            continue
        chosen = []
        if unowned is not None and initiative.status not in active and index % 2 == 0:
            chosen.append(unowned)
        if others:
            chosen.append(others[index % len(others)])
            if index % 4 == 1 and len(others) > 1:
                chosen.append(others[(index + 1) % len(others)])
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
    for step in path:
        services.initiative_transition(
            initiative=initiative,
            to_status=step,
            by=chair if step == Status.APPROVED else core,
            reason=reasons.get(step, ""),
        )
    # The services date each move today; spread them back over the year for the demo.
    started = initiative.start_date
    Initiative.objects.filter(pk=initiative.pk).update(
        status_changed_on=min(today(), started + dt.timedelta(days=7 + index % 20)),
        approved_on=(started - dt.timedelta(days=10)) if path else None,
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
    for month in range(months + 1):
        latest = month == months
        reported = last if latest else min(last, first + dt.timedelta(days=30 * month))
        # Mostly green, an amber month now and then, and the latest health as chosen.
        amber_month = (index + month) % 4 == 0
        health = health_now if latest else (Health.AMBER if amber_month else Health.GREEN)
        progress = min(100, round(100 * (month + 1) / (months + 2)))
        if status == Status.COMPLETED and latest:
            health, progress = Health.GREEN, 100
        rows.append(
            StatusUpdate(
                initiative=initiative,
                author=owner,
                reported_on=reported,
                health=health,
                progress=progress,
                summary=f"Month {month + 1}: "
                + ("on track." if health == Health.GREEN else "behind on the plan."),
                blockers="" if health == Health.GREEN else "Waiting on a dependency.",
            )
        )
    StatusUpdate.objects.bulk_create(rows)
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
    rows = [
        Risk(
            initiative=initiative,
            title="Depends on the core banking release",
            likelihood=1 + index % 5,
            impact=1 + (index * 2) % 5,
            owner=owner,
            mitigation="Agree a slot in the release plan early.",
        )
    ]
    if index % 3 == 0:
        rows.append(
            Risk(
                initiative=initiative,
                title="Frontline adoption",
                likelihood=3,
                impact=4,
                owner=people["core"],
                mitigation="Train team leads first; share quick wins.",
                status="mitigated" if index % 2 else "open",
            )
        )
    if status == Status.IN_PROGRESS and index % 4 == 0:
        rows[0].likelihood, rows[0].impact = 4, 5
        rows[0].escalated_on = today() - dt.timedelta(days=index % 10)
        rows[0].escalated_by = owner
        rows[0].escalation_note = "Needs a decision on release priority."
    Risk.objects.bulk_create(rows)
