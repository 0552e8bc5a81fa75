"""What the role homes read, across the apps. Each app shapes its own reads in its selectors;
this module only chooses, per role, which of them a home shows. Every home runs a fixed number
of queries, whatever the size of the program."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cxgov.caching import cached
from cxgov.permissions import user_roles
from cxgov.roles import Role
from governance.models import MaturityAssessment
from governance.selectors import (
    charters_awaiting_decision,
    charters_overview,
    engagement_quarter,
    governance_overview,
    mission_page,
    my_actions,
    my_memberships,
    pending_acknowledgements,
)
from portfolio import selectors as portfolio
from portfolio.models import Health, Status
from voc.models import KpiTarget
from voc.models.targets import TARGET_STATUS_RULE
from voc.selectors import case_summary, my_cases, targets_with_status

from .health import program_health_summary
from .line_of_sight import flags as line_of_sight_flags

# How many rows a home's list shows before "see all".
LIST_LIMIT = 8


@dataclass
class PortfolioHealth:
    """Counts by status (rows) and health (columns) for the core team's first glance."""

    rows: list[tuple[str, list[int], int]]  # status label, counts per health, total
    healths: list[str]
    counts: dict[str, int]  # total, open, red, stale, needs_help


def portfolio_health(*, user: Any) -> PortfolioHealth:
    by_status = portfolio.status_health_counts(user=user)
    healths = [Health.RED, Health.AMBER, Health.GREEN, ""]
    rows = []
    for status in Status:
        cells = [by_status[status.value].get(h, 0) for h in healths]
        rows.append((status.label, cells, sum(cells)))
    return PortfolioHealth(
        rows=rows,
        healths=[Health(h).label if h else "No update yet" for h in healths],
        counts=portfolio.portfolio_counts(user=user),
    )


@dataclass
class ChartersSummary:
    bodies: int
    approved: int
    in_review: int
    review_due: int
    missing: int  # active bodies with no approved charter


def charters_summary(*, user: Any) -> ChartersSummary:
    rows = charters_overview(user=user)
    return ChartersSummary(
        bodies=len(rows),
        approved=sum(1 for r in rows if r.approved),
        in_review=sum(1 for r in rows if r.open and r.open.status == "in_review"),
        review_due=sum(1 for r in rows if r.review_due),
        missing=sum(1 for r in rows if not r.approved),
    )


@dataclass
class Home:
    role: Role | None
    sections: list[str] = field(default_factory=list)  # panel names, in the order shown
    data: dict[str, Any] = field(default_factory=dict)


# Which panels each role's home shows, in order of the question it answers first.
ROLE_SECTIONS: dict[Role, tuple[str, ...]] = {
    Role.ADMIN: (
        "configure",
        "kpis",
        "portfolio_health",
        "needs_help",
        "stale",
        "followup",
        "line_of_sight",
        "governance",
    ),
    Role.CORE_TEAM: (
        "kpis",
        "portfolio_health",
        "needs_help",
        "stale",
        "followup",
        "line_of_sight",
        "governance",
        "health",
    ),
    Role.EXECUTIVE: (
        "kpis",
        "engagement",
        "awaiting_decision",
        "maturity",
        "charters",
        "mission",
        "troubled",
        "health",
    ),
    Role.STEERING_COMMITTEE: ("next_meeting", "awaiting_decision", "troubled", "escalated_risks"),
    Role.WORKING_GROUP_MEMBER: ("my_initiatives", "my_cases", "my_bodies"),
    Role.VIEWER: ("mission", "kpis", "in_progress", "governance"),
}
# Every home ends with the person's own action items from meetings (shown when there are any).
ROLE_SECTIONS = {role: (*sections, "my_actions") for role, sections in ROLE_SECTIONS.items()}


def kpis_against_targets(*, user: Any) -> dict[str, Any]:
    """Every KPI target with its latest completed period, interval, sample and status. Three
    queries, whatever the number of targets and responses (rollups, never responses)."""
    return {
        "readings": targets_with_status(KpiTarget.objects.for_user(user)),
        "rule": TARGET_STATUS_RULE,
    }


@dataclass
class NextMeeting:
    meeting: Any  # governance.Meeting, or None when none is scheduled
    agenda: list[Any]
    pack_state: str  # "live" (read afresh until the meeting opens) or "frozen"


def next_steering_meeting(*, user: Any) -> NextMeeting:
    """The next (or the running) meeting of the steering committee the person serves on, or
    of any steering committee when they serve on none, with its agenda and whether its pack
    is built yet. Three queries."""
    from django.db.models import Q
    from django.utils import timezone

    from governance.models import Meeting, MeetingStatus, Membership, Tier, serving_q

    mine = Membership.objects.filter(
        serving_q(), person=user, body__tier=Tier.STEERING_COMMITTEE
    ).values("body_id")
    meetings = (
        Meeting.objects.for_user(user)
        .filter(body__tier=Tier.STEERING_COMMITTEE)
        .filter(
            Q(status=MeetingStatus.IN_PROGRESS)
            | Q(status=MeetingStatus.SCHEDULED, starts_at__gte=timezone.now())
        )
        .select_related("body", "kpi_pack")
        .order_by("starts_at", "pk")
    )
    meeting = meetings.filter(body_id__in=mine).first() or meetings.first()
    if meeting is None:
        return NextMeeting(None, [], "")
    agenda = list(meeting.agenda_items.select_related("owner").order_by("position", "pk"))
    pack = getattr(meeting, "kpi_pack", None)
    state = "live" if pack is None else "frozen"
    return NextMeeting(meeting, agenda, state)


def open_alerts_and_cases(*, user: Any) -> dict[str, Any]:
    """For the core team: alerts no steering meeting has covered yet (the first few, each
    linking to its KPI, and their number), and the closed-loop cases open, overdue and
    unassigned. Three queries."""
    from voc.selectors import open_alerts

    alerts, total = open_alerts(limit=LIST_LIMIT)
    return {"alerts": total, "alert_list": alerts, "cases": case_summary(user=user)}


LOADERS = {
    "followup": lambda user: open_alerts_and_cases(user=user),
    "next_meeting": lambda user: next_steering_meeting(user=user),
    # The rollup-derived KPI panel, the line of sight's flags and the portfolio's health counts
    # are read on every home and change rarely: cached per person until the next write.
    "kpis": lambda user: cached(
        "home-kpis", user.pk, compute=lambda: kpis_against_targets(user=user)
    ),
    # The line of sight's two flags: off-track targets no active initiative moves, and active
    # initiatives linked to no target.
    "line_of_sight": lambda user: cached(
        "home-line-of-sight",
        user.pk,
        compute=lambda: line_of_sight_flags(user=user, limit=LIST_LIMIT),
    ),
    "configure": lambda user: None,
    # The program's governance-health score, its change since last month's snapshot and its
    # weakest signal: the same for everyone, read by every signal, cached until the next write.
    "health": lambda user: cached("home-health", 0, compute=program_health_summary),
    "portfolio_health": lambda user: cached(
        "home-portfolio-health", user.pk, compute=lambda: portfolio_health(user=user)
    ),
    "needs_help": lambda user: list(portfolio.needs_help_list(user=user)[:LIST_LIMIT]),
    "stale": lambda user: list(portfolio.stale_list(user=user)[:LIST_LIMIT]),
    "governance": lambda user: governance_overview(user=user),
    "my_bodies": lambda user: my_memberships(user=user),
    # Charters waiting for a decision are in every home's banner, with their Review button.
    "awaiting_decision": lambda user: portfolio.initiatives_awaiting_decision(user=user),
    "troubled": lambda user: portfolio.troubled_initiatives(user=user, limit=LIST_LIMIT),
    "escalated_risks": lambda user: list(portfolio.escalated_risks(user=user)[:LIST_LIMIT]),
    "maturity": lambda user: MaturityAssessment.objects.order_by("-assessed_on", "-id").first(),
    "engagement": lambda user: engagement_quarter(),
    "charters": lambda user: charters_summary(user=user),
    "mission": lambda user: mission_page(user=user),
    "my_initiatives": lambda user: list(portfolio.my_initiatives(user=user)[:LIST_LIMIT]),
    "in_progress": lambda user: portfolio.initiatives_in_progress(user=user, limit=LIST_LIMIT),
    # The person's own open action items from meetings, updatable in place (shown when any).
    "my_actions": lambda user: my_actions(user=user),
    # The closed-loop cases the person follows up (shown when any).
    "my_cases": lambda user: {
        "cases": list(my_cases(user=user)[:LIST_LIMIT]),
        "overdue": case_summary(user=user).overdue,
    },
}


def home_for(*, user: Any, role: Role | None) -> Home:
    """The panels of `role`'s home with their data, plus what every home shows: what the
    person is asked to acknowledge or decide."""
    home = Home(role=role)
    if not user_roles(user) or role is None:
        return home
    for section in ROLE_SECTIONS[role]:
        home.sections.append(section)
        if section == "line_of_sight" and "kpis" in home.data:
            # The KPI panel has read every target's status already: the flags reuse it.
            home.data[section] = line_of_sight_flags(
                user=user, limit=LIST_LIMIT, readings=home.data["kpis"]["readings"]
            )
            continue
        home.data[section] = LOADERS[section](user)
    home.data["acknowledgements"] = pending_acknowledgements(user=user)
    home.data["charters_awaiting"] = charters_awaiting_decision(user=user)
    return home
