"""Governance reads shaped for pages and the API, with a fixed number of queries each."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from . import maturity
from .models import (
    LEADING_ROLES,
    TIER_ORDER,
    Activity,
    GovernanceBody,
    MaturityAssessment,
    Membership,
    RaciAssignment,
    RaciLetter,
    Tier,
    today,
)

User = get_user_model()

# A steering committee should draw on at least this many business units.
STEERING_MIN_BUSINESS_UNITS = 3


def active_memberships_prefetch(on: dt.date | None = None) -> Prefetch:
    return Prefetch(
        "memberships",
        queryset=Membership.objects.active(on)
        .select_related("person", "business_unit")
        .order_by("role", "person__last_name", "person__username"),
        to_attr="active_memberships",
    )


def bodies_with_members(*, include_disbanded: bool = False) -> QuerySet[GovernanceBody]:
    bodies = GovernanceBody.objects.select_related("parent").prefetch_related(
        active_memberships_prefetch()
    )
    return bodies if include_disbanded else bodies.active()


def body_warnings(body: GovernanceBody) -> list[str]:
    """Rules that are advice, not errors. Uses `active_memberships` when prefetched."""
    members = getattr(body, "active_memberships", None)
    if members is None:
        members = list(body.memberships.active().select_related("business_unit"))
    warnings = []
    if body.tier == Tier.STEERING_COMMITTEE:
        units = {m.business_unit_id for m in members if m.business_unit_id}
        if len(units) < STEERING_MIN_BUSINESS_UNITS:
            warnings.append(
                f"Members come from {len(units)} business unit{'s' if len(units) != 1 else ''}; "
                f"a steering committee should draw on at least {STEERING_MIN_BUSINESS_UNITS}."
            )
    if body.is_active and not any(m.role in LEADING_ROLES for m in members):
        warnings.append("No chair, sponsor or lead: nobody leads or decides for this body.")
    if body.is_active and body.planned_disband_on is not None and body.planned_disband_on < today():
        warnings.append(
            f"Was due to disband on {body.planned_disband_on:%d %b %Y}: disband it or extend it."
        )
    return warnings


@dataclass
class OrgTier:
    tier: Tier
    bodies: list[GovernanceBody]


def organization_chart() -> list[OrgTier]:
    """The active bodies by tier, top down, each with its active members and warnings."""
    bodies = list(bodies_with_members())
    by_tier: dict[str, list[GovernanceBody]] = defaultdict(list)
    for body in bodies:
        body.warnings = body_warnings(body)
        by_tier[body.tier].append(body)
    return [OrgTier(tier=tier, bodies=by_tier.get(tier, [])) for tier in TIER_ORDER]


# Decision rights


def who_may_decide(*, activity: Activity, on: dt.date | None = None) -> QuerySet:
    """The people who may decide on an activity now: the leads of the body holding its right.

    Workflows (charter approval, initiative approval) ask this instead of naming a role, so a
    change to the decision rights changes who may approve.
    """
    body_id = activity.decided_by_id
    if body_id is None:
        return User.objects.none()
    return User.objects.filter(
        pk__in=Membership.objects.active(on)
        .filter(body_id=body_id, body__in=GovernanceBody.objects.active(on), role__in=LEADING_ROLES)
        .values("person_id")
    ).order_by("last_name", "username")


def may_decide(*, user: Any, activity: Activity, on: dt.date | None = None) -> bool:
    return who_may_decide(activity=activity, on=on).filter(pk=user.pk).exists()


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


def raci_matrix(*, threshold: int | None = None) -> RaciMatrix:
    """Activities against the active bodies and every person holding a letter. Three queries."""
    threshold = settings.CXGOV_RACI_OVERLOAD_THRESHOLD if threshold is None else threshold
    activities = list(Activity.objects.all())
    bodies = list(GovernanceBody.objects.active().order_by("tier", "name"))
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

    tier_rank = {tier: i for i, tier in enumerate(TIER_ORDER)}
    bodies.sort(key=lambda b: (tier_rank[b.tier], b.name))
    columns = [
        MatrixColumn(key=column_key(body_id=b.pk), label=b.name, kind="body", obj=b) for b in bodies
    ] + [
        MatrixColumn(
            key=column_key(person_id=p.pk),
            label=p.get_full_name() or p.username,
            kind="person",
            obj=p,
        )
        for p in sorted(people.values(), key=lambda p: (p.last_name, p.username))
    ]
    for column in columns:
        column.load = load[column.key]
        column.overloaded = column.kind == "person" and column.load > threshold

    rows = []
    for activity in activities:
        row_letters = {letters.get((activity.pk, c.key), "") for c in columns}
        # A letter held by a disbanded body still counts as a gap: nobody carries it now.
        row = MatrixRow(
            activity=activity,
            cells=[(c, letters.get((activity.pk, c.key), "")) for c in columns],
        )
        if RaciLetter.ACCOUNTABLE not in row_letters:
            row.gaps.append("No Accountable")
        if RaciLetter.RESPONSIBLE not in row_letters:
            row.gaps.append("No Responsible")
        rows.append(row)
    return RaciMatrix(columns=columns, rows=rows, threshold=threshold)


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
    active = [m for m in memberships if m.is_active]
    raci = list(RaciAssignment.objects.filter(person=person).select_related("activity"))
    ra_load = sum(1 for a in raci if a.letter in (RaciLetter.RESPONSIBLE, RaciLetter.ACCOUNTABLE))
    return PersonProfile(
        person=person,
        memberships=memberships,
        active_memberships=active,
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
    mine = (
        list(Membership.objects.active().filter(person=user).select_related("body"))
        if user.is_authenticated
        else []
    )
    return {
        "body_count": counts["total"],
        "working_group_count": counts["working_groups"],
        "people_count": people["people"],
        "raci_gap_count": raci_gap_count() if counts["total"] else 0,
        "my_memberships": mine,
    }


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
