"""Governance reads shaped for pages and the API, with a fixed number of queries each."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.utils import timezone

from cxgov.charts import Band, line_chart
from cxgov.dates import today
from cxgov.history import HistoryEntry, history_entries
from cxgov.people import person_name

from ..models import (
    ALLOWED_PARENT_TIERS,
    LEADING_ROLES,
    STEERING_MIN_BUSINESS_UNITS,
    TIER_ORDER,
    TIER_PHRASE,
    Activity,
    ActivityKind,
    BusinessUnit,
    GovernanceBody,
    MaturityAssessment,
    MaturityLevel,
    Meeting,
    MeetingStatus,
    Membership,
    RaciAssignment,
    RaciLetter,
    Tier,
    maturity,
    serving_q,
)
from .bubble import bubble_checks

User = get_user_model()


def active_memberships_prefetch(on: dt.date | None = None) -> Prefetch:
    return Prefetch(
        "memberships",
        queryset=Membership.objects.active(on)
        .select_related("person", "business_unit")
        .in_role_order(),
        to_attr="active_memberships",
    )


def body_warnings(body: GovernanceBody) -> list[str]:
    """Rules that are advice, not errors.

    Reads the annotations `unit_count` and `leader_count` where the query made them (the
    organization chart), else `active_memberships` when prefetched, else asks the database.
    """
    if hasattr(body, "unit_count"):
        unit_count, has_leader = body.unit_count, body.leader_count > 0
    else:
        members = getattr(body, "active_memberships", None)
        if members is None:
            members = list(body.memberships.active().select_related("business_unit"))
        unit_count = len({m.business_unit_id for m in members if m.business_unit_id})
        has_leader = any(m.role in LEADING_ROLES for m in members)
    warnings = []
    if body.tier == Tier.STEERING_COMMITTEE and unit_count < STEERING_MIN_BUSINESS_UNITS:
        warnings.append(
            f"Members come from {unit_count} business unit{'s' if unit_count != 1 else ''}; "
            f"a steering committee should draw on at least {STEERING_MIN_BUSINESS_UNITS}."
        )
    if body.is_active and not has_leader:
        warnings.append("No chair, sponsor or lead: nobody leads or decides for this body.")
    if body.is_active and body.planned_disband_on is not None and body.planned_disband_on < today():
        warnings.append(
            f"Was due to disband on {body.planned_disband_on:%-d %b %Y}: disband it or extend it."
        )
    return warnings


@dataclass
class OrgTier:
    tier: Tier
    bodies: list[GovernanceBody]


# A body with more people than this shows its count and leads on the organization chart;
# its members load on demand.
ORG_CHART_MEMBERS_SHOWN = 12


def organization_chart(*, shown: int = ORG_CHART_MEMBERS_SHOWN) -> list[OrgTier]:
    """The active bodies by tier, top down, with warnings. A small body lists its members; a
    large one (over `shown` people) lists only its leads, with its count. Three queries (the
    third for the CX bubble check),
    whatever the number of people."""
    on = today()
    serving = serving_q(on, "memberships__")
    bodies = list(
        GovernanceBody.objects.active(on)
        .select_related("parent")
        .annotate(
            member_count=Count("memberships", filter=serving),
            unit_count=Count("memberships__business_unit", filter=serving, distinct=True),
            leader_count=Count(
                "memberships", filter=serving & Q(memberships__role__in=LEADING_ROLES)
            ),
        )
    )
    small = [b.pk for b in bodies if b.member_count <= shown]
    members = (
        Membership.objects.active(on)
        .filter(
            Q(body_id__in=small) | Q(body_id__in=[b.pk for b in bodies], role__in=LEADING_ROLES)
        )
        .select_related("person", "business_unit")
        .in_role_order()
    )
    by_body: dict[int, list[Membership]] = defaultdict(list)
    for membership in members:
        by_body[membership.body_id].append(membership)
    by_tier: dict[str, list[GovernanceBody]] = defaultdict(list)
    bubbles = bubble_checks()
    for body in bodies:
        body.shown_memberships = by_body.get(body.pk, [])
        body.collapsed = body.member_count > shown
        body.warnings = body_warnings(body)
        if body.pk in bubbles and bubbles[body.pk].in_bubble:
            body.warnings.append(bubbles[body.pk].warning)
        by_tier[body.tier].append(body)
    return [OrgTier(tier=tier, bodies=by_tier.get(tier, [])) for tier in TIER_ORDER]


def body_members_serving(*, body: GovernanceBody) -> list[Membership]:
    """A body's members serving today, leads first: what the chart shows on demand."""
    return list(body.memberships.active().select_related("person", "business_unit").in_role_order())


@dataclass
class TierGuide:
    tier: Tier
    reports_to: list[str]
    about: str


TIER_ABOUT = {
    Tier.EXECUTIVE_SPONSOR: "Champions CX among executives, owns the core team's charter, "
    "removes barriers, secures resources.",
    Tier.STEERING_COMMITTEE: "Senior leaders from at least {min_units} business units approve "
    "strategy, targets and resources, and review KPIs and customer insight.",
    Tier.CORE_TEAM: "Catalyst and coordinator, not owner.",
    Tier.WORKING_GROUP: "Managers and experts who put in the work: standing, or project-based "
    "with a date to disband.",
}


def tier_guide() -> list[TierGuide]:
    """Who reports to whom, read from ALLOWED_PARENT_TIERS so the page never restates it."""
    return [
        TierGuide(
            tier=tier,
            reports_to=[TIER_PHRASE[t] for t in TIER_ORDER if t in ALLOWED_PARENT_TIERS[tier]],
            about=TIER_ABOUT[tier].format(min_units=STEERING_MIN_BUSINESS_UNITS),
        )
        for tier in TIER_ORDER
    ]


# RACI matrix


@dataclass
class MatrixColumn:
    key: str  # "body-3" or "person-7": also the cell's form field value
    label: str
    kind: str  # "body" or "person"
    obj: Any
    load: int = 0  # R and A assignments carried
    overloaded: bool = False


@dataclass
class MatrixRow:
    activity: Activity
    cells: list[tuple[MatrixColumn, str]] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)


@dataclass
class RaciMatrix:
    columns: list[MatrixColumn]
    rows: list[MatrixRow]
    threshold: int

    @property
    def gap_count(self) -> int:
        return sum(1 for row in self.rows if row.gaps)


def column_key(*, body_id: int | None = None, person_id: int | None = None) -> str:
    return f"body-{body_id}" if body_id is not None else f"person-{person_id}"


def _matrix_columns(bodies: list[GovernanceBody], people: list[Any]) -> list[MatrixColumn]:
    """Active bodies top-down by tier, then every person who holds a letter, by name."""
    tier_rank = {tier: i for i, tier in enumerate(TIER_ORDER)}
    bodies = sorted(bodies, key=lambda b: (tier_rank[b.tier], b.name))
    return [
        MatrixColumn(key=column_key(body_id=b.pk), label=b.name, kind="body", obj=b) for b in bodies
    ] + [
        MatrixColumn(key=column_key(person_id=p.pk), label=person_name(p), kind="person", obj=p)
        for p in sorted(people, key=lambda p: (p.last_name, p.username))
    ]


def _matrix_row(
    activity: Activity, columns: list[MatrixColumn], letters: dict[tuple[int, str], str]
) -> MatrixRow:
    pk = activity.pk  # read once: the matrix can have tens of thousands of cells
    cells = [(c, letters.get((pk, c.key), "")) for c in columns]
    row_letters = {letter for _c, letter in cells}
    # A letter held by a disbanded body still counts as a gap: nobody carries it now.
    row = MatrixRow(activity=activity, cells=cells)
    if RaciLetter.ACCOUNTABLE not in row_letters:
        row.gaps.append("No Accountable")
    if RaciLetter.RESPONSIBLE not in row_letters:
        row.gaps.append("No Responsible")
    return row


def raci_matrix(*, threshold: int | None = None) -> RaciMatrix:
    """Activities against the active bodies and every person holding a letter. Three queries."""
    threshold = settings.CXGOV_RACI_OVERLOAD_THRESHOLD if threshold is None else threshold
    activities = list(Activity.objects.all())
    bodies = list(GovernanceBody.objects.active())
    assignments = list(RaciAssignment.objects.select_related("person").order_by())

    letters: dict[tuple[int, str], str] = {}
    people: dict[int, Any] = {}
    load: Counter[str] = Counter()
    for a in assignments:
        key = column_key(body_id=a.body_id, person_id=a.person_id)
        letters[(a.activity_id, key)] = a.letter
        if a.person_id:
            people[a.person_id] = a.person
        if a.letter in (RaciLetter.RESPONSIBLE, RaciLetter.ACCOUNTABLE):
            load[key] += 1

    columns = _matrix_columns(bodies, list(people.values()))
    for column in columns:
        column.load = load[column.key]
        column.overloaded = column.kind == "person" and column.load > threshold
    rows = [_matrix_row(activity, columns, letters) for activity in activities]
    return RaciMatrix(columns=columns, rows=rows, threshold=threshold)


def raci_matrix_row(*, activity: Activity) -> MatrixRow:
    """One activity's row of the matrix, with the same columns. Three queries, whatever the
    number of activities."""
    bodies = list(GovernanceBody.objects.active())
    people = list(
        User.objects.filter(
            pk__in=RaciAssignment.objects.filter(person__isnull=False).values("person_id")
        )
    )
    letters = {
        (activity.pk, column_key(body_id=a.body_id, person_id=a.person_id)): a.letter
        for a in RaciAssignment.objects.filter(activity=activity).order_by()
    }
    return _matrix_row(activity, _matrix_columns(bodies, people), letters)


def raci_gap_count() -> int:
    """Activities missing an Accountable or a Responsible among active bodies and people."""
    active_party = Q(raci__body__isnull=True) | Q(raci__body__in=GovernanceBody.objects.active())
    return (
        Activity.objects.annotate(
            a=Count("raci", filter=Q(raci__letter="A") & active_party),
            r=Count("raci", filter=Q(raci__letter="R") & active_party),
        )
        .filter(Q(a=0) | Q(r=0))
        .count()
    )


# People


@dataclass
class PersonProfile:
    person: Any
    memberships: list[Membership]
    active_memberships: list[Membership]
    past_memberships: list[Membership]  # ended, or not started yet
    raci: list[RaciAssignment]
    ra_load: int
    hours_per_month: Decimal
    overloaded: bool


def person_profile(*, person: Any) -> PersonProfile:
    memberships = list(
        Membership.objects.filter(person=person)
        .select_related("body", "business_unit")
        .order_by("-start_date")
    )
    on = today()
    active = [m for m in memberships if m.serves_on(on)]
    raci = list(RaciAssignment.objects.filter(person=person).select_related("activity"))
    ra_load = sum(1 for a in raci if a.letter in (RaciLetter.RESPONSIBLE, RaciLetter.ACCOUNTABLE))
    return PersonProfile(
        person=person,
        memberships=memberships,
        active_memberships=active,
        past_memberships=[m for m in memberships if not m.serves_on(on)],
        raci=raci,
        ra_load=ra_load,
        hours_per_month=sum((m.hours_per_month for m in active), Decimal("0")),
        overloaded=ra_load > settings.CXGOV_RACI_OVERLOAD_THRESHOLD,
    )


# Home page


def governance_overview(*, user: Any) -> dict[str, Any]:
    bodies = GovernanceBody.objects.for_user(user).active()
    counts = bodies.aggregate(
        total=Count("pk"), working_groups=Count("pk", filter=Q(tier=Tier.WORKING_GROUP))
    )
    people = (
        Membership.objects.active()
        .filter(body__in=bodies)
        .aggregate(people=Count("person", distinct=True), hours=Sum("hours_per_month"))
    )
    return {
        "body_count": counts["total"],
        "working_group_count": counts["working_groups"],
        "people_count": people["people"],
        "raci_gap_count": raci_gap_count() if counts["total"] else 0,
    }


def my_memberships(*, user: Any) -> list[Membership]:
    """The seats the person holds today in bodies not disbanded, each with its body and the
    body's next scheduled meeting (`next_meeting_at`, None when none is). One query."""
    if not user.is_authenticated:
        return []
    upcoming = Meeting.objects.filter(
        body=OuterRef("body"), status=MeetingStatus.SCHEDULED, starts_at__gte=timezone.now()
    ).order_by("starts_at")
    return list(
        Membership.objects.active()
        .filter(person=user, body__in=GovernanceBody.objects.active())
        .select_related("body")
        .annotate(next_meeting_at=Subquery(upcoming.values("starts_at")[:1]))
        .order_by("body__name", "pk")
    )


# Maturity


@dataclass
class TrendPoint:
    assessment: MaturityAssessment
    moved: list[dict]


def maturity_trend() -> list[TrendPoint]:
    """Assessments oldest first, each with the answers that moved since the one before."""
    assessments = list(
        MaturityAssessment.objects.select_related("assessed_by").order_by("assessed_on", "id")
    )
    points, previous = [], None
    for assessment in assessments:
        moved = maturity.moved_answers(previous.answers, assessment.answers) if previous else []
        points.append(TrendPoint(assessment=assessment, moved=moved))
        previous = assessment
    return points


# Pages: reads shaped for one page each, with a fixed number of queries whatever the data.


def governance_index_counts() -> dict[str, Any]:
    """What the governance overview adds to governance_overview(). Three queries."""
    return {
        "activity_count": Activity.objects.count(),
        "business_unit_count": BusinessUnit.objects.filter(is_active=True).count(),
        "latest_assessment": MaturityAssessment.objects.order_by("-assessed_on", "-id").first(),
    }


@dataclass
class BodyDetail:
    body: GovernanceBody
    members: list[Membership]  # serving now or due to start
    past_members: list[Membership]
    warnings: list[str]
    children: list[GovernanceBody]
    decision_rights: list[Activity]
    escalations: list[Activity]
    history: list[HistoryEntry]


def body_history(*, body: GovernanceBody, limit: int = 20) -> list[HistoryEntry]:
    """The body's latest changes, newest first, each with what changed. One query."""
    return history_entries(obj=body, limit=limit, related=("parent",))


def body_detail(*, body: GovernanceBody) -> BodyDetail:
    """A body's page: members (current and past), warnings, children, rights, history."""
    on = today()
    memberships = list(body.memberships.select_related("person", "business_unit").in_role_order())
    members = [m for m in memberships if m.end_date is None or m.end_date >= on]
    past = sorted(
        (m for m in memberships if m.end_date is not None and m.end_date < on),
        key=lambda m: m.end_date,
        reverse=True,
    )
    body.active_memberships = [m for m in members if m.serves_on(on)]
    bubble = bubble_checks(bodies=[body]).get(body.pk)
    return BodyDetail(
        body=body,
        members=members,
        past_members=past,
        warnings=body_warnings(body) + ([bubble.warning] if bubble and bubble.in_bubble else []),
        children=list(body.children.active().order_by("name")),
        decision_rights=list(body.decision_rights.all()),
        escalations=list(body.escalations.all()),
        history=body_history(body=body),
    )


@dataclass
class DecisionRight:
    activity: Activity
    deciders: list  # who may decide now: the chair (if the right says so) and named members
    named: list = field(default_factory=list)  # the members it names, each with `.serving`


def decision_rights(*, on: dt.date | None = None) -> list[DecisionRight]:
    """Every activity with its deciding and escalation bodies, the members each names as
    deciders, and who may decide now.

    The same answer as governance.models.who_may_decide() for each activity, in three queries
    for all of them.
    """
    activities = list(
        Activity.objects.select_related("decided_by", "escalates_to").prefetch_related(
            Prefetch("named_deciders", queryset=User.objects.order_by("last_name", "username"))
        )
    )
    seats = (
        Membership.objects.active(on)
        .filter(
            body_id__in={a.decided_by_id for a in activities if a.decided_by_id},
            body__in=GovernanceBody.objects.active(on),
        )
        .select_related("person")
        .order_by("person__last_name", "person__username")
    )
    chairs: dict[int, dict[int, Any]] = defaultdict(dict)
    serving: dict[int, set[int]] = defaultdict(set)
    for membership in seats:
        serving[membership.body_id].add(membership.person_id)
        if membership.role in LEADING_ROLES:
            chairs[membership.body_id].setdefault(membership.person_id, membership.person)
    rights = []
    for activity in activities:
        named = list(activity.named_deciders.all())
        on_body = serving.get(activity.decided_by_id, set())
        for person in named:
            person.serving = person.pk in on_body
        deciders = dict(chairs.get(activity.decided_by_id, {})) if activity.chair_decides else {}
        deciders.update({p.pk: p for p in named if p.serving})
        ordered = sorted(deciders.values(), key=lambda p: (p.last_name, p.username))
        rights.append(DecisionRight(activity=activity, deciders=ordered, named=named))
    return rights


def bodies_for_list(
    *, user: Any, tier: str = "", include_disbanded: bool = False
) -> QuerySet[GovernanceBody]:
    """Bodies with their parent and how many people serve on each today. One query."""
    on = today()
    bodies = (
        GovernanceBody.objects.for_user(user)
        .select_related("parent")
        .annotate(member_count=Count("memberships", filter=serving_q(on, "memberships__")))
    )
    if not include_disbanded:
        bodies = bodies.active(on)
    return bodies.filter(tier=tier) if tier else bodies


def business_units_with_counts(*, user: Any, on: dt.date | None = None) -> QuerySet[BusinessUnit]:
    """Business units, each with how many people represent it in a body now."""
    serving = serving_q(on, "memberships__")
    return (
        BusinessUnit.objects.for_user(user)
        .annotate(people_count=Count("memberships__person", filter=serving, distinct=True))
        .order_by("-is_active", "name")
    )


def activities_by_code(codes: list[str]) -> list[Activity | str]:
    """Activities in the order of `codes`; a code with no activity stays a plain string."""
    found = Activity.objects.in_bulk(codes, field_name="code") if codes else {}
    return [found.get(code, code) for code in codes]


# Activities grouped for their page

ACTIVITY_GROUPS = {
    ActivityKind.JOB: "The core CX team's jobs",
    ActivityKind.CATEGORY: "Categories of its work",
    ActivityKind.DECISION: "Decisions",
    ActivityKind.CUSTOM: "Other activities",
}


class ActivityGroup(NamedTuple):
    kind: str
    heading: str
    rights: list[DecisionRight]


def activity_groups() -> list[ActivityGroup]:
    """Every activity with its decision rights, grouped by kind in a fixed order."""
    rights = decision_rights()
    return [
        ActivityGroup(
            kind=kind, heading=heading, rights=[r for r in rights if r.activity.kind == kind]
        )
        for kind, heading in ACTIVITY_GROUPS.items()
    ]


# Maturity pages

LEVELS = list(MaturityLevel)
# Short names for the questions, where a table has no room for the whole statement.
QUESTION_TOPICS = {q.code: q.code.replace("_", " ").capitalize() for q in maturity.QUESTIONS}


def maturity_chart(points: list[TrendPoint]):
    """The SVG trend of assessment scores, with the band where a central CX group pays off."""
    return line_chart(
        [(f"{p.assessment.assessed_on:%b %Y}", p.assessment.score) for p in points],
        y_min=1,
        y_max=5,
        y_labels=[(level.value, f"{level.value} {level.label}") for level in LEVELS],
        bands=[
            Band(
                maturity.CENTRAL_GROUP_FROM,
                maturity.CENTRAL_GROUP_UNTIL,
                "A central CX group pays off",
            )
        ],
        title="CX maturity score over time",
        description=(
            "Mean score of each assessment on the five-level scale, oldest first: "
            + "; ".join(
                f"{p.assessment.assessed_on:%-d %b %Y}: {p.assessment.score} "
                f"({p.assessment.get_level_display()})"
                for p in points
            )
            + "."
        ),
    )


@dataclass
class MaturityOverview:
    points: list[TrendPoint]  # newest first
    latest: MaturityAssessment | None
    chart: Any


def maturity_overview() -> MaturityOverview:
    """The maturity page: assessments newest first with what moved, and the trend chart."""
    points = maturity_trend()
    for point in points:
        for move in point.moved:
            move["topic"] = QUESTION_TOPICS.get(move["code"], move["code"])
    return MaturityOverview(
        points=list(reversed(points)),
        latest=points[-1].assessment if points else None,
        chart=maturity_chart(points) if points else None,
    )


@dataclass
class MaturityAnswer:
    question: maturity.Question
    value: int | None
    label: str


def maturity_answers(*, assessment: MaturityAssessment) -> list[MaturityAnswer]:
    """Each question of the questionnaire with this assessment's answer and its level name."""
    labels = dict(MaturityLevel.choices)
    return [
        MaturityAnswer(
            question=question,
            value=assessment.answers.get(question.code),
            label=labels.get(assessment.answers.get(question.code), "—"),
        )
        for question in maturity.QUESTIONS
    ]
