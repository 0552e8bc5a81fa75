"""What governance tells the governance-health score: whether bodies meet on cadence and close
their minutes, whether members attend, whether actions close on time, whether meetings leave
decisions, whether the RACI matrix is settled, whether charters are approved and reviewed, and
how many serving members agreed to the CX mission, how many working-group members agreed to a
commitment, and whether leaders meet the sponsor's engagement targets.

Each signal gives every body's value and the program's from a fixed number of queries
(`measure_all`), so the health page reads the whole organization at once."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from cxgov.dates import today
from cxgov.health import (
    HEALTH_WINDOW,
    HealthSignal,
    Values,
    register_health_signal,
    share,
    shares_by_body,
)

from .models import (
    CHARTER_REVIEW_AFTER,
    ON_TIME,
    Acknowledgement,
    ActionItem,
    Activity,
    Attendance,
    AttendanceStatus,
    CharterStatus,
    CharterVersion,
    Commitment,
    Engagement,
    EngagementTarget,
    GovernanceBody,
    Meeting,
    MeetingStatus,
    Membership,
    MissionStatement,
    MissionStatus,
    RaciAssignment,
    RaciLetter,
    Tier,
)
from .selectors.bubble import bubble_checks
from .selectors.engagement import quarter_of

WINDOW_PHRASE = f"the last {HEALTH_WINDOW.days} days"


# -- The CX bubble check --------------------------------------------------------------------------

BUBBLE_DEFINITION = (
    "Of the active working groups, core team and steering committee whose serving members "
    "represent a business unit, the share out of a CX bubble: a working group or the core team "
    "with at least one member from a unit that does not face customers, a steering committee "
    "with members from finance, HR and IT. A body is 1 or 0."
)


def bubble_free_share() -> Values:
    """One query (governance.selectors.bubble_checks)."""
    checks = bubble_checks()
    values: Values = {pk: 0.0 if check.in_bubble else 1.0 for pk, check in checks.items()}
    values[None] = share(sum(1 for c in checks.values() if not c.in_bubble), len(checks))
    return values


def _past_meetings():
    """Meetings whose start fell within the window and has passed."""
    now = timezone.now()
    return Meeting.objects.filter(starts_at__lt=now, starts_at__gte=now - HEALTH_WINDOW)


def _meetings_url(body: GovernanceBody | None) -> str:
    url = reverse("governance:meeting-list") + "?past=1"
    return f"{url}&body={body.pk}" if body is not None else url


# -- Meetings held on cadence, with minutes ----------------------------------------------------

MEETINGS_DEFINITION = (
    f"Of the meetings due in {WINDOW_PHRASE} (scheduled to start before now), the share held "
    "and closed with final minutes; a cancelled meeting, or one never closed, counts against."
)


def meetings_held_share() -> Values:
    """One query."""
    rows = (
        _past_meetings()
        .values("body_id")
        .annotate(done=Count("pk", filter=Q(status=MeetingStatus.CLOSED)), total=Count("pk"))
        .order_by()
    )
    return shares_by_body((r["body_id"], r["done"], r["total"]) for r in rows)


# -- Attendance ---------------------------------------------------------------------------------

ATTENDANCE_DEFINITION = (
    f"Of the attendance recorded at meetings closed in {WINDOW_PHRASE}, the share present "
    "(apologies and absences count against)."
)


def attendance_share() -> Values:
    """One query."""
    rows = (
        Attendance.objects.filter(meeting__in=_past_meetings().filter(status=MeetingStatus.CLOSED))
        .values("meeting__body_id")
        .annotate(done=Count("pk", filter=Q(status=AttendanceStatus.PRESENT)), total=Count("pk"))
        .order_by()
    )
    return shares_by_body((r["meeting__body_id"], r["done"], r["total"]) for r in rows)


# -- Action items closed by their due date ------------------------------------------------------

ACTIONS_DEFINITION = (
    f"Of the action items due in {WINDOW_PHRASE} (due before today, cancelled ones left out), "
    "the share done on or before their due date."
)


def actions_on_time_share() -> Values:
    """One query."""
    day = today()
    rows = (
        ActionItem.objects.due_within(HEALTH_WINDOW, day)
        .values("body_id")
        .annotate(done=Count("pk", filter=ON_TIME), total=Count("pk"))
        .order_by()
    )
    return shares_by_body((r["body_id"], r["done"], r["total"]) for r in rows)


# -- Decisions logged per meeting -------------------------------------------------------------

DECISIONS_DEFINITION = (
    f"Of the meetings closed in {WINDOW_PHRASE}, the share that logged at least one decision."
)


def meetings_with_decisions_share() -> Values:
    """One query: distinct meetings, and distinct meetings reached through a decision."""
    rows = (
        _past_meetings()
        .filter(status=MeetingStatus.CLOSED)
        .values("body_id")
        .annotate(
            total=Count("pk", distinct=True), done=Count("decisions__meeting_id", distinct=True)
        )
        .order_by()
    )
    return shares_by_body((r["body_id"], r["done"], r["total"]) for r in rows)


# -- RACI settled -----------------------------------------------------------------------------

RACI_DEFINITION = (
    "The share of activities with exactly one Accountable and at least one Responsible, "
    "counting only letters held by people and active bodies (a disbanded body carries "
    "nothing). For a body: the activities on which it holds a letter."
)


def _settled(activities):
    carried = Q(raci__body__isnull=True) | Q(raci__body__in=GovernanceBody.objects.active())
    return activities.annotate(
        a=Count("raci", filter=Q(raci__letter=RaciLetter.ACCOUNTABLE) & carried),
        r=Count("raci", filter=Q(raci__letter=RaciLetter.RESPONSIBLE) & carried),
    ).filter(a=1, r__gte=1)


def raci_settled_share(body: GovernanceBody | None) -> float | None:
    """The RACI signal's value; None when there is no activity to judge. Two queries."""
    activities = Activity.objects.all()
    if body is not None:
        activities = activities.filter(
            pk__in=RaciAssignment.objects.filter(body=body).values("activity_id")
        )
    total = activities.count()
    if not total:
        return None
    return _settled(activities).count() / total


def raci_settled_all() -> Values:
    """Three queries: the activities, the settled ones, and which body holds a letter where."""
    total = Activity.objects.count()
    settled = set(_settled(Activity.objects.all()).values_list("pk", flat=True))
    held: dict[int, set[int]] = defaultdict(set)
    pairs = RaciAssignment.objects.filter(body__isnull=False).values_list("body_id", "activity_id")
    for body_id, activity_id in pairs.distinct():
        held[body_id].add(activity_id)
    values: Values = {None: share(len(settled), total)}
    for body_id, activity_ids in held.items():
        values[body_id] = share(len(activity_ids & settled), len(activity_ids))
    return values


# -- Charter approved and reviewed within a year ----------------------------------------------

CHARTER_DEFINITION = (
    "Of the active bodies, the share whose charter has an approved version approved within "
    f"the last {CHARTER_REVIEW_AFTER.days} days (older approvals are due for review)."
)


def charters_current_share() -> Values:
    """One query: each active body, and whether its approved version is recent enough."""
    cutoff = today() - CHARTER_REVIEW_AFTER
    current = CharterVersion.objects.filter(
        charter__body=OuterRef("pk"), status=CharterStatus.APPROVED, approved_at__date__gte=cutoff
    )
    rows = (
        GovernanceBody.objects.active()
        .annotate(current=Exists(current))
        .values_list("pk", "current")
    )
    return shares_by_body((pk, int(ok), 1) for pk, ok in rows)


# -- Mission agreement ------------------------------------------------------------------------

MISSION_DEFINITION = (
    "Of the people serving today on active bodies, the share who agreed to the published CX "
    "mission. No published mission: no data."
)


def mission_agreement_share() -> Values:
    """Three queries: the published mission, each body's members and agreements, the
    program's (a person on two bodies counts once)."""
    mission = MissionStatement.objects.filter(status=MissionStatus.PUBLISHED).first()
    if mission is None:
        return {}
    agreed = Exists(
        Acknowledgement.objects.filter(person_id=OuterRef("person_id"), mission=mission)
    )
    serving = (
        Membership.objects.active()
        .filter(body__in=GovernanceBody.objects.active())
        .annotate(agreed=agreed)
    )
    values: Values = {}
    rows = (
        serving.values("body_id")
        .annotate(
            total=Count("person", distinct=True),
            done=Count("person", distinct=True, filter=Q(agreed=True)),
        )
        .order_by()
    )
    for r in rows:
        values[r["body_id"]] = share(r["done"], r["total"])
    program = serving.aggregate(
        total=Count("person_id", distinct=True),
        done=Count("person_id", distinct=True, filter=Q(agreed=True)),
    )
    values[None] = share(program["done"], program["total"])
    return values


register_health_signal(
    HealthSignal(
        key="meetings",
        title="Meetings held on cadence, with minutes",
        definition=MEETINGS_DEFINITION,
        weight=1.0,
        measure_all=meetings_held_share,
        records=_meetings_url,
    )
)
register_health_signal(
    HealthSignal(
        key="attendance",
        title="Attendance",
        definition=ATTENDANCE_DEFINITION,
        weight=1.0,
        measure_all=attendance_share,
        records=_meetings_url,
    )
)
register_health_signal(
    HealthSignal(
        key="actions",
        title="Action items closed by their due date",
        definition=ACTIONS_DEFINITION,
        weight=1.0,
        measure_all=actions_on_time_share,
        # The very items that pull it down: due in the window, not done by their due date.
        records=lambda body: (
            reverse("governance:action-item-list")
            + "?missed=1"
            + (f"&body={body.pk}" if body is not None else "")
        ),
    )
)
register_health_signal(
    HealthSignal(
        key="decisions",
        title="Decisions logged per meeting",
        definition=DECISIONS_DEFINITION,
        weight=1.0,
        measure_all=meetings_with_decisions_share,
        # The past meetings, each with its count of decisions: where a missing one is logged.
        records=_meetings_url,
    )
)
register_health_signal(
    HealthSignal(
        key="raci",
        title="RACI settled",
        definition=RACI_DEFINITION,
        weight=1.0,
        measure=raci_settled_share,
        measure_all=raci_settled_all,
        records=lambda body: reverse("governance:raci"),
    )
)
register_health_signal(
    HealthSignal(
        key="charter",
        title="Charter approved and reviewed within a year",
        definition=CHARTER_DEFINITION,
        weight=1.0,
        measure_all=charters_current_share,
        records=lambda body: reverse("governance:charter-list"),
    )
)
register_health_signal(
    HealthSignal(
        key="bubble",
        title="Out of a CX bubble",
        definition=BUBBLE_DEFINITION,
        weight=1.0,
        measure_all=bubble_free_share,
        records=lambda body: (
            body.get_absolute_url() if body is not None else reverse("governance:organization")
        ),
    )
)
register_health_signal(
    HealthSignal(
        key="mission",
        title="Mission agreement",
        definition=MISSION_DEFINITION,
        weight=1.0,
        measure_all=mission_agreement_share,
        records=lambda body: reverse("governance:mission"),
    )
)


# -- Members' commitments agreed -----------------------------------------------------------------

COMMITMENTS_DEFINITION = (
    "Of the people serving today on active working groups, the share who agreed to a "
    "commitment to that group (their contribution and hours a month); a draft not yet agreed "
    "counts against. For a body: its serving members."
)


def commitments_agreed_share() -> Values:
    """One query: each active working group's serving members, and those among them with an
    agreed commitment to it (a person on two groups counts in each)."""
    agreed = Exists(
        Commitment.objects.filter(
            body_id=OuterRef("body_id"), person_id=OuterRef("person_id"), agreed_at__isnull=False
        )
    )
    rows = (
        Membership.objects.active()
        .filter(body__in=GovernanceBody.objects.active(), body__tier=Tier.WORKING_GROUP)
        .annotate(agreed=agreed)
        .values("body_id")
        .annotate(
            total=Count("person", distinct=True),
            done=Count("person", distinct=True, filter=Q(agreed=True)),
        )
        .order_by()
    )
    return shares_by_body((r["body_id"], r["done"], r["total"]) for r in rows)


# -- Leadership engagement against its targets -------------------------------------------------

ENGAGEMENT_DEFINITION = (
    "Of the leaders the sponsor set an engagement target for (more than 0 a quarter), the "
    "mean share of their target met this quarter, each capped at 1: a leader with 3 of a "
    "target of 4 counts 0.75, one with 6 of 4 counts 1. For a body: its serving members "
    "with a target. No target set: no data."
)


def engagement_met_share() -> Values:
    """Three queries: the targets, this quarter's engagements per person, and which active
    body each target holder serves on."""
    targets = dict(
        EngagementTarget.objects.filter(per_quarter__gt=0).values_list("person_id", "per_quarter")
    )
    if not targets:
        return {}
    start, end = quarter_of(today())
    done = dict(
        Engagement.objects.filter(
            person_id__in=targets, happened_on__gte=start, happened_on__lt=end
        )
        .values_list("person_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    met = {pk: min(done.get(pk, 0) / target, 1.0) for pk, target in targets.items()}
    by_body: dict[int, set[int]] = defaultdict(set)
    serving = Membership.objects.active().filter(
        body__in=GovernanceBody.objects.active(), person_id__in=targets
    )
    for body_id, person_id in serving.values_list("body_id", "person_id").distinct():
        by_body[body_id].add(person_id)
    values: Values = {body_id: _mean(met[p] for p in people) for body_id, people in by_body.items()}
    values[None] = _mean(met.values())
    return values


def _mean(shares: Iterable[float]) -> float | None:
    shares = list(shares)
    return sum(shares) / len(shares) if shares else None


register_health_signal(
    HealthSignal(
        key="commitments",
        title="Members' commitments agreed",
        definition=COMMITMENTS_DEFINITION,
        weight=1.0,
        measure_all=commitments_agreed_share,
        records=lambda body: (
            body.get_absolute_url() + "#commitments"
            if body is not None
            else reverse("governance:body-list")
        ),
    )
)
register_health_signal(
    HealthSignal(
        key="engagement",
        title="Leadership engagement against its targets",
        definition=ENGAGEMENT_DEFINITION,
        weight=1.0,
        measure_all=engagement_met_share,
        records=lambda body: reverse("governance:engagement"),
    )
)
