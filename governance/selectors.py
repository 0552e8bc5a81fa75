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
    BusinessUnit,
    GovernanceBody,
    MaturityAssessment,
    Membership,
    RaciAssignment,
    RaciLetter,
    Tier,
    person_name,
    serving_q,
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
        .in_role_order(),
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
        pk__in=Membership.objects.leading(on).filter(body_id=body_id).values("person_id")
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
            label=person_name(p),
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
        pk = activity.pk  # read once: the matrix can have tens of thousands of cells
        cells = [(c, letters.get((pk, c.key), "")) for c in columns]
        row_letters = {letter for _c, letter in cells}
        # A letter held by a disbanded body still counts as a gap: nobody carries it now.
        row = MatrixRow(activity=activity, cells=cells)
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


# Pages: reads shaped for one page each, with a fixed number of queries whatever the data.


def governance_index_counts() -> dict[str, Any]:
    """What the governance overview adds to governance_overview(). Three queries."""
    return {
        "activity_count": Activity.objects.count(),
        "business_unit_count": BusinessUnit.objects.filter(is_active=True).count(),
        "latest_assessment": MaturityAssessment.objects.order_by("-assessed_on", "-id").first(),
    }


@dataclass
class HistoryEntry:
    when: dt.datetime
    who: Any
    action: str
    changes: list[str]


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


def _change_text(field_name: str, old: Any, new: Any) -> str:
    label = GovernanceBody._meta.get_field(field_name).verbose_name.capitalize()
    field = GovernanceBody._meta.get_field(field_name)

    def shown(value: Any) -> str:
        if value in (None, ""):
            return "—"
        if field.choices:
            return str(dict(field.flatchoices).get(value, value))
        if isinstance(value, dt.date):
            return f"{value:%d %b %Y}"
        return str(value)

    return f"{label}: {shown(old)} → {shown(new)}"


def body_history(*, body: GovernanceBody, limit: int = 20) -> list[HistoryEntry]:
    """The body's latest changes, newest first, each with what changed. One query."""
    # One record more than shown, so the oldest shown change can be diffed too.
    records = list(body.history.select_related("history_user", "parent")[: limit + 1])
    entries = []
    for record, previous in zip(records[:limit], [*records[1:], None], strict=False):
        if record.history_type == "+":
            action, changes = "Created", []
        elif record.history_type == "-":
            action, changes = "Deleted", []
        else:
            action = "Changed"
            changes = (
                [
                    _change_text(c.field, c.old, c.new)
                    for c in record.diff_against(previous, foreign_keys_are_objs=True).changes
                ]
                if previous is not None
                else []
            )
        entries.append(
            HistoryEntry(
                when=record.history_date, who=record.history_user, action=action, changes=changes
            )
        )
    return entries


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
    body.active_memberships = [m for m in members if m.start_date <= on]
    return BodyDetail(
        body=body,
        members=members,
        past_members=past,
        warnings=body_warnings(body),
        children=list(body.children.active().order_by("name")),
        decision_rights=list(body.decision_rights.all()),
        escalations=list(body.escalations.all()),
        history=body_history(body=body),
    )


@dataclass
class DecisionRight:
    activity: Activity
    deciders: list  # who may decide now: the active leads of the deciding body


def decision_rights(*, on: dt.date | None = None) -> list[DecisionRight]:
    """Every activity with its deciding and escalation bodies and who may decide now.

    The same answer as who_may_decide() for each activity, in two queries for all of them.
    """
    activities = list(Activity.objects.select_related("decided_by", "escalates_to"))
    leads = (
        Membership.objects.leading(on)
        .filter(body_id__in={a.decided_by_id for a in activities if a.decided_by_id})
        .select_related("person")
        .order_by("person__last_name", "person__username")
    )
    by_body: dict[int, dict[int, Any]] = defaultdict(dict)
    for membership in leads:
        by_body[membership.body_id].setdefault(membership.person_id, membership.person)
    return [
        DecisionRight(activity=a, deciders=list(by_body.get(a.decided_by_id, {}).values()))
        for a in activities
    ]


def bodies_for_list(*, tier: str = "", include_disbanded: bool = False) -> QuerySet[GovernanceBody]:
    """Bodies with their parent and how many people serve on each today. One query."""
    on = today()
    bodies = GovernanceBody.objects.select_related("parent").annotate(
        member_count=Count("memberships", filter=serving_q(on, "memberships__"))
    )
    if not include_disbanded:
        bodies = bodies.active(on)
    return bodies.filter(tier=tier) if tier else bodies


def business_units_with_counts(*, on: dt.date | None = None) -> QuerySet[BusinessUnit]:
    """Business units, each with how many people represent it in a body now."""
    serving = serving_q(on, "memberships__")
    return BusinessUnit.objects.annotate(
        people_count=Count("memberships__person", filter=serving, distinct=True)
    ).order_by("-is_active", "name")


def activities_by_code(codes: list[str]) -> list[Activity | str]:
    """Activities in the order of `codes`; a code with no activity stays a plain string."""
    found = Activity.objects.in_bulk(codes, field_name="code") if codes else {}
    return [found.get(code, code) for code in codes]
