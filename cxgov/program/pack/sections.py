"""The KPI pack's sections: each reads one part of what a steering committee reviews, across
the apps, as it stands at the pack's moment, and shapes it as plain JSON.

"Since the last meeting" means since the start of the body's previous meeting that was not
cancelled (or the last 31 days when there is none). Each section runs a fixed number of
queries, whatever the size of the program. The pack is the body's document, the same for
everyone who may see the meeting, so its reads are not narrowed per user. Sections that belong
to the steering committee say so, with the reason, on another body's pack.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, F, OuterRef, Q, Subquery, Value, When, Window
from django.utils import timezone

from cxgov.program import line_of_sight as sight
from cxgov.program.health import program_health_summary
from governance.models import (
    ActionItem,
    Activity,
    CharterVersion,
    GovernanceBody,
    Meeting,
    MeetingStatus,
    Tier,
)
from governance.models.charters import CharterStatus
from governance.permissions import APPROVE_CHARTER
from governance.selectors import engagement_quarter
from portfolio.models import (
    OPEN_STATUSES,
    Health,
    Initiative,
    Risk,
    RiskStatus,
    Status,
    StatusUpdate,
)
from portfolio.permissions import APPROVE_ACTIVITY
from voc.models import Direction, KpiRollup, KpiTarget, Metric, MetricKind, PromiseVerdict
from voc.models.targets import TARGET_STATUS_RULE
from voc.periods import period_end, period_start
from voc.projection import WINDOW
from voc.selectors import (
    key_drivers,
    months_back,
    promise_board,
    scope_names,
    target_outlook,
    target_windows,
    targets_as_of,
)
from voc.stats import difference

# How many periods of each KPI the pack keeps (the chart shows the last WINDOW of them; the
# rest reach back to the previous meeting's reading).
SERIES_PERIODS = 24
# With no earlier meeting, "since the last meeting" is this many days.
NO_PREVIOUS_DAYS = 31
# How many rows a list section keeps (its total is kept too).
LIST_LIMIT = 25

STEERING_ONLY = (
    "The steering committee reviews this: {body} is a {tier}, so its pack leaves it out."
)
# Which sections apply to the pack of a body of each tier; the others say why they are empty.
SECTION_TIERS: dict[str, frozenset[str]] = {
    "kpis": frozenset({Tier.STEERING_COMMITTEE, Tier.CORE_TEAM, Tier.EXECUTIVE_SPONSOR}),
    "initiatives": frozenset(Tier.values),
    "needs_help": frozenset(Tier.values),
    "risks": frozenset({Tier.STEERING_COMMITTEE}),
    "alerts": frozenset({Tier.STEERING_COMMITTEE, Tier.CORE_TEAM}),
    "decisions": frozenset(Tier.values),
    "actions": frozenset(Tier.values),
    "cases": frozenset(Tier.values),
    "escalated_cases": frozenset({Tier.STEERING_COMMITTEE}),
    "flags": frozenset({Tier.STEERING_COMMITTEE, Tier.CORE_TEAM}),
    "drivers": frozenset({Tier.STEERING_COMMITTEE, Tier.CORE_TEAM}),
    "health": frozenset({Tier.STEERING_COMMITTEE, Tier.CORE_TEAM, Tier.EXECUTIVE_SPONSOR}),
    "engagement": frozenset({Tier.STEERING_COMMITTEE, Tier.CORE_TEAM, Tier.EXECUTIVE_SPONSOR}),
    "promises": frozenset({Tier.STEERING_COMMITTEE, Tier.CORE_TEAM, Tier.EXECUTIVE_SPONSOR}),
}
SECTION_TITLES = {
    "kpis": "KPI targets",
    "initiatives": "Initiatives turned red or amber",
    "needs_help": "Initiatives asking for help",
    "risks": "Escalated risks",
    "alerts": "Alerts raised since the last meeting",
    "decisions": "Decisions awaiting the body",
    "actions": "Overdue action items",
    "cases": "Closed-loop cases against their service level",
    "escalated_cases": "Closed-loop cases escalated to the steering committee",
    "flags": "Line of sight: unowned gaps and unaligned initiatives",
    "drivers": "What drives the scores down: comment themes detractors mention most",
    "health": "Governance health",
    "engagement": "Leadership engagement this quarter",
    "promises": "Promises: what we promise customers against what they tell us",
}
SECTIONS = tuple(SECTION_TITLES)
# What a pack built after its meeting can read as it stood then: KPI values by period and the
# targets from their history, initiatives' health from their status updates, risks escalated
# and not yet taken up by then, alerts raised by then. The other sections are today's.
HISTORY_SECTIONS = frozenset({"kpis", "initiatives", "risks", "alerts", "drivers"})


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _person(user: Any) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


# -- The frame: which meeting came before, and since when ---------------------------------


@dataclass(frozen=True)
class Frame:
    meeting: Meeting
    body: GovernanceBody
    as_of: dt.datetime
    previous: Meeting | None
    since: dt.datetime
    by: Any = None  # who the pack is built for (the opener, or the reader of a preview)
    # Built after the meeting took place, read as of its start: sections read history where
    # it exists (HISTORY_SECTIONS) and say the others are today's.
    late: bool = False

    @property
    def on(self) -> dt.date:
        return timezone.localdate(self.as_of)

    @property
    def working_group(self) -> bool:
        return self.body.tier == Tier.WORKING_GROUP


def previous_meeting(meeting: Meeting) -> Meeting | None:
    """The body's meeting before this one that was not cancelled. One query."""
    return (
        Meeting.objects.filter(body_id=meeting.body_id, starts_at__lt=meeting.starts_at)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("-starts_at", "-pk")
        .first()
    )


def frame_for(meeting: Meeting, as_of: dt.datetime, by: Any = None, late: bool = False) -> Frame:
    previous = previous_meeting(meeting)
    since = previous.starts_at if previous else as_of - dt.timedelta(days=NO_PREVIOUS_DAYS)
    return Frame(meeting, meeting.body, as_of, previous, since, by, late)


def _not_applicable(frame: Frame, section: str) -> str:
    if frame.body.tier in SECTION_TIERS[section]:
        return ""
    return STEERING_ONLY.format(body=frame.body.name, tier=frame.body.get_tier_display().lower())


# -- KPI targets: latest value, change since the last meeting, trend, projection -----------


def _reading(rollup: KpiRollup | None) -> dict | None:
    if rollup is None or rollup.score is None:
        return None
    return {
        "period": rollup.period_start.isoformat(),
        "value": rollup.score,
        "low": rollup.low,
        "high": rollup.high,
        "n": rollup.n,
        "small_sample": rollup.small_sample,
    }


def kpi_section(frame: Frame) -> dict:
    """Every KPI target: latest completed value with its interval and sample, status, the
    change since the last meeting (and whether it is outside the noise), the series with the
    expected path for the trend chart, and the projection. Three queries."""
    targets = list(
        KpiTarget.objects.select_related("metric", "success_statement").order_by(
            "metric__name", "target_date", "pk"
        )
    )
    if frame.late:
        targets = targets_as_of(targets, frame.as_of)  # the values the meeting would have seen
    rows = target_windows(targets, on=frame.on, periods=SERIES_PERIODS)
    names = scope_names({(t.dimension_kind, t.dimension_id) for t in targets})
    since_day = timezone.localdate(frame.since)
    items = []
    for target in targets:
        key = (target.metric_id, target.granularity, target.dimension_kind, target.dimension_id)
        series = rows.get(key, [])
        latest = series[-1] if series else None
        outlook = target_outlook(target, series)
        status, expected = outlook.status, outlook.expected
        before = [r for r in series if r.period_start < period_start(since_day, r.granularity)]
        then = before[-1] if before else None
        change, change_note = None, ""
        if latest is None:
            change_note = "no data yet"
        elif frame.previous is None:
            change_note = "no earlier meeting to compare with"
        elif then is None:
            change_note = "no value yet at the last meeting"
        elif then.period_start == latest.period_start:
            change_note = "no new period since the last meeting"
        else:
            diff = difference(then.estimate(), latest.estimate())
            if diff is None:
                change = {
                    "value": latest.score - then.score,
                    "low": None,
                    "high": None,
                    "outside_noise": None,
                    "small_sample": False,
                }
                change_note = "no interval for an entered figure"
            else:
                change = {
                    "value": diff.value,
                    "low": diff.low,
                    "high": diff.high,
                    "outside_noise": diff.excludes_zero,
                    "small_sample": diff.small_sample,
                }
        higher = target.metric.direction == Direction.HIGHER
        shown = series[-WINDOW:]
        points = [
            {
                "period": r.period_start.isoformat(),
                "value": r.score,
                "low": r.low,
                "high": r.high,
                "small_sample": r.small_sample,
                "expected": target.expected_on(
                    period_end(r.period_start, r.granularity) - dt.timedelta(days=1)
                ),
            }
            for r in shown
        ]
        items.append(
            {
                "target_id": target.pk,
                "metric": target.metric.name,
                "metric_url": target.get_metric_url(),
                "unit": target.metric.unit,
                "scope": names.get((target.dimension_kind, target.dimension_id), "overall"),
                "granularity": target.granularity,
                "statement": target.success_statement.title,
                "higher_is_better": higher,
                "baseline": target.baseline,
                "baseline_typed": target.baseline_value,
                "baseline_measured": target.baseline_is_measured,
                "baseline_note": target.baseline_note,
                "target_value": target.target_value,
                "target_date": target.target_date.isoformat(),
                # What the KPI can take (None: unbounded), so its chart's axis stays within.
                "value_range": list(target.value_range()),
                "status": status.value,
                "status_label": status.label,
                "expected": expected,
                "latest": _reading(latest),
                "at_last_meeting": _reading(then),
                "change": change,
                "change_note": change_note,
                "series": points,
                "projection": outlook.projection.as_json(),
                "outlook": outlook.sentence,
                "disagree": outlook.disagree,
            }
        )
    return {"rule": TARGET_STATUS_RULE, "items": items}


# -- Initiatives --------------------------------------------------------------------------


def _latest_update(field: str, before: dt.date | None = None) -> Subquery:
    updates = StatusUpdate.objects.filter(initiative=OuterRef("pk"))
    if before is not None:
        updates = updates.filter(reported_on__lt=before)
    return Subquery(updates.order_by("-reported_on", "-created_at", "-pk").values(field)[:1])


def _initiative_row(i: Initiative) -> dict:
    return {
        "id": i.pk,
        "title": i.title,
        "status": i.get_status_display(),
        "health": i.health,
        "health_label": i.get_health_display() if i.health else "No update yet",
        "working_group": i.working_group.name,
        "business_unit": i.business_unit.name if i.business_unit else "",
        "owner": _person(i.owner),
        "last_update_on": _iso(i.last_update_on),
        "last_summary": getattr(i, "last_summary", None) or "",
        "blockers": getattr(i, "last_blockers", None) or "",
        "help_reason": i.help_reason,
    }


def _initiatives(frame: Frame):
    initiatives = Initiative.objects.filter(status__in=OPEN_STATUSES).select_related(
        "owner", "working_group", "business_unit"
    )
    if frame.working_group:
        initiatives = initiatives.filter(working_group=frame.body)
    return initiatives


def initiatives_section(frame: Frame) -> dict:
    """Open initiatives in red or amber now whose health at the last meeting (their latest
    update before it) was different: green, the other colour, or not reported. Their last
    update and blockers. The database filters, counts and limits: one query, LIST_LIMIT rows
    read whatever the number of initiatives."""
    since_day = timezone.localdate(frame.since)
    # A late pack reads each initiative's health from its last update by the meeting's day.
    health = (
        _latest_update("health", before=frame.on + dt.timedelta(days=1))
        if frame.late
        else F("health")
    )
    rows = list(
        _initiatives(frame)
        .annotate(health_at=health)
        .filter(health_at__in=[Health.RED, Health.AMBER])
        .annotate(health_then=_latest_update("health", before=since_day))
        # Turned: no update before the last meeting, or one with another health.
        .filter(Q(health_then__isnull=True) | ~Q(health_then=F("health_at")))
        .annotate(
            last_summary=_latest_update("summary"),
            last_blockers=_latest_update("blockers"),
            turned_total=Window(Count("pk")),  # counted before the limit
        )
        .order_by("-health_at", "last_update_on", "pk")[:LIST_LIMIT]  # "red" after "amber"
    )
    items = []
    for i in rows:
        i.health = i.health_at
        row = _initiative_row(i)
        row["health_then"] = Health(i.health_then).label if i.health_then else "No update yet"
        items.append(row)
    return {"items": items, "total": rows[0].turned_total if rows else 0}


def needs_help_section(frame: Frame) -> dict:
    """Open initiatives whose team asked the core team for help, worst health first (red,
    amber, green, not reported), then the longest without an update. The database orders and
    limits: two queries (the list, its count)."""
    initiatives = _initiatives(frame).filter(needs_help=True)
    worst_first = Case(
        When(health=Health.RED, then=Value(0)),
        When(health=Health.AMBER, then=Value(1)),
        When(health=Health.GREEN, then=Value(2)),
        default=Value(3),
    )
    rows = initiatives.annotate(last_summary=_latest_update("summary")).order_by(
        worst_first, F("last_update_on").asc(nulls_first=True), "pk"
    )[:LIST_LIMIT]
    return {
        "items": [_initiative_row(i) for i in rows],
        "total": initiatives.count(),
    }


# -- Risks and alerts ---------------------------------------------------------------------


def risks_section(frame: Frame) -> dict:
    """Escalated risks still open and not yet taken up by the steering committee. Two
    queries."""
    if frame.late:
        # Escalated by the meeting's day and not yet taken up then; open today (a risk keeps
        # no history of its status).
        risks = Risk.objects.filter(
            Q(steering_reviewed_on__isnull=True) | Q(steering_reviewed_on__gt=frame.on),
            escalated_on__lte=frame.on,
            status=RiskStatus.OPEN,
        )
    else:
        risks = Risk.objects.awaiting_steering()
    risks = risks.select_related("initiative", "owner", "escalated_by")
    items = [
        {
            "id": r.pk,
            "title": r.title,
            "initiative": r.initiative.title,
            "initiative_id": r.initiative_id,
            "severity": r.severity,
            "severity_band": r.severity_band,
            "owner": _person(r.owner),
            "escalated_on": _iso(r.escalated_on),
            "escalated_by": _person(r.escalated_by),
            "note": r.escalation_note,
            "mitigation": r.mitigation,
        }
        for r in risks.order_by("escalated_on", "pk")[:LIST_LIMIT]
    ]
    return {"items": items, "total": risks.count()}


def alerts_section(frame: Frame) -> dict:
    """Alerts for the steering committee this meeting covers (voc.selectors.alerts_for_meeting:
    those marked for it, and those marked for no meeting raised before it), as raised by the
    time the pack is read. Two queries."""
    from voc.selectors import alerts_for_meeting

    alerts = alerts_for_meeting(meeting=frame.meeting).filter(raised_at__lte=frame.as_of)
    items = [
        {
            "id": a.pk,
            "metric": a.metric.name,
            "kind": a.get_kind_display(),
            "period": a.period_start.isoformat(),
            "message": a.message,
            "raised_at": a.raised_at.isoformat(),
        }
        for a in alerts.order_by("-raised_at", "-pk")[:LIST_LIMIT]
    ]
    return {"items": items, "total": alerts.count()}


# -- The body's own business --------------------------------------------------------------


def decisions_section(frame: Frame) -> dict:
    """What awaits the body's decision, read from the decision rights (the activity it
    decides): initiatives proposed for approval, charter versions in review. At most three
    queries."""
    rights = set(
        Activity.objects.filter(
            decided_by=frame.body, code__in=[APPROVE_ACTIVITY, APPROVE_CHARTER]
        ).values_list("code", flat=True)
    )
    items = []
    if APPROVE_ACTIVITY in rights:
        for i in (
            Initiative.objects.filter(status=Status.PROPOSED)
            .select_related("working_group")
            .order_by("start_date", "pk")[:LIST_LIMIT]
        ):
            items.append(
                {
                    "kind": "Approve an initiative",
                    "title": i.title,
                    "detail": f"Proposed by {i.working_group.name}",
                    "initiative_id": i.pk,
                }
            )
    if APPROVE_CHARTER in rights:
        for v in (
            CharterVersion.objects.filter(status=CharterStatus.IN_REVIEW)
            .select_related("charter__body")
            .order_by("submitted_at", "pk")[:LIST_LIMIT]
        ):
            items.append(
                {
                    "kind": "Approve a charter",
                    "title": f"{v.charter.body.name} charter, version {v.number}",
                    "detail": f"In review since {v.submitted_at:%-d %b %Y}"
                    if v.submitted_at
                    else "In review",
                    "charter_version_id": v.pk,
                }
            )
    reason = (
        ""
        if rights
        else f"The decision rights give {frame.body.name} no approvals to make "
        "(initiatives or charters)."
    )
    return {"items": items, "total": len(items), "reason": reason}


def actions_section(frame: Frame) -> dict:
    """The body's action items still open after their due date. Two queries."""
    overdue = ActionItem.objects.filter(body=frame.body).overdue(frame.on)
    items = [
        {
            "id": a.pk,
            "title": a.title,
            "owner": _person(a.owner),
            "due_on": a.due_on.isoformat(),
            "days_overdue": (frame.on - a.due_on).days,
            "status": a.get_status_display(),
        }
        for a in overdue.select_related("owner").order_by("due_on", "pk")[:LIST_LIMIT]
    ]
    return {"items": items, "total": overdue.count()}


# -- Closed-loop cases and the line of sight ------------------------------------------------


def _case_row(row: Any) -> dict:
    return {
        "id": row.key,
        "name": row.name,
        "open": row.open,
        "overdue": row.overdue,
        "closed_in_time": row.closed_in_time,
        "closed_late": row.closed_late,
        "total": row.total,
        "in_time_percent": row.in_time_percent,
    }


def cases_section(frame: Frame) -> dict:
    """Closed-loop cases against their service level (voc.selectors.cases): open, overdue,
    closed in time and closed late, per working group (through the owners' seats) and per
    business unit, as of the pack's day. A working group's pack keeps its own row. Five
    queries."""
    from voc.models import CaseSettings
    from voc.selectors import case_counts_by_business_unit, case_counts_by_working_group

    groups = [_case_row(r) for r in case_counts_by_working_group(on=frame.on)]
    units = [_case_row(r) for r in case_counts_by_business_unit(on=frame.on)]
    if frame.working_group:
        groups = [g for g in groups if g["id"] == frame.body.pk]
        units = []
    config = CaseSettings.current()
    return {
        "service_level": str(config).replace("Cases due in", "due in"),
        "by_working_group": groups,
        "by_business_unit": units,
        "total": sum(u["total"] for u in units) if units else sum(g["total"] for g in groups),
        "open": sum(u["open"] for u in units) if units else sum(g["open"] for g in groups),
    }


def escalated_cases_section(frame: Frame) -> dict:
    """Cases still open twice their service level after they opened, which the escalation
    ladder (voc.services.case_escalations_send) took to the steering committee by the pack's
    day. Two queries."""
    from voc.selectors import cases_escalated_to_steering

    cases = cases_escalated_to_steering(on=frame.on)
    items = [
        {
            "id": c.pk,
            "metric": c.metric.name,
            "touchpoint": c.touchpoint.name if c.touchpoint else "",
            "business_unit": c.business_unit.name if c.business_unit else "",
            "owner": _person(c.owner),
            "lead": _person(c.escalation_lead),
            "opened_on": _iso(c.opened_on),
            "due_on": _iso(c.due_on),
            "escalated_on": _iso(c.escalated_to_steering_on),
            "days_overdue": (frame.on - c.due_on).days,
        }
        for c in cases[:LIST_LIMIT]
    ]
    return {"items": items, "total": cases.count()}


def flags_section(frame: Frame) -> dict:
    """The line of sight's two flags (cxgov/program/line_of_sight.py): targets off track that
    no active initiative claims to move (unowned gaps), and active initiatives linked to no
    target (unaligned). Read as the person building the pack sees them: active initiatives
    and their links, which every role sees. A fixed number of queries."""
    from voc.selectors import targets_with_status

    if frame.by is None:
        return {
            "unowned": [],
            "unaligned": [],
            "total": 0,
            "unavailable": "the pack was built without a reader to scope the flags.",
        }
    readings = targets_with_status(KpiTarget.objects.for_user(frame.by).order_by("pk"), on=frame.on)
    found = sight.flags(user=frame.by, limit=LIST_LIMIT, on=frame.on, readings=readings)
    unowned = [
        {
            "target_id": gap.target.pk,
            "metric": gap.target.metric.name,
            "metric_url": gap.target.get_metric_url(),
            "scope": gap.scope,
            "status_label": gap.reading.status.label,
            "latest": _reading(gap.reading.latest),
            "expected": gap.reading.expected,
            "target_value": gap.target.target_value,
            "target_date": gap.target.target_date.isoformat(),
            "inactive_links": gap.inactive_links,
        }
        for gap in found.unowned
    ]
    unaligned = [
        {
            "id": i.pk,
            "title": i.title,
            "status": i.get_status_display(),
            "health": i.health,
            "health_label": i.get_health_display() if i.health else "No update yet",
            "working_group": i.working_group.name,
            "owner": _person(i.owner),
        }
        for i in found.unaligned
    ]
    return {
        "unowned": unowned,
        "unaligned": unaligned,
        "unaligned_total": found.unaligned_total,
        "total": len(unowned) + found.unaligned_total,
    }


# -- What customers say -----------------------------------------------------------------------

DRIVER_MONTHS = 3
DRIVERS_SHOWN = 3


def drivers_section(frame: Frame) -> dict:
    """The comment themes that drive each experience metric down: for every active NPS, CSAT
    and CES metric, its top drivers (those detractors mention more, the interval above zero
    first) over the three complete months before the pack is read, each with its figure over
    the three months before the last meeting, so the change since then shows. Read from the
    theme rollups (voc.selectors.key_drivers): seven queries a metric."""

    def window(day: dt.date) -> tuple[dt.date, dt.date]:
        last = months_back(day.replace(day=1), 2)  # the last complete month before `day`
        return months_back(last, DRIVER_MONTHS), last

    first, last = window(frame.on)
    earlier = window(timezone.localdate(frame.since)) if frame.previous else None
    items = []
    metrics = Metric.objects.filter(
        is_active=True, kind__in=[MetricKind.NPS, MetricKind.CSAT, MetricKind.CES]
    ).order_by("name")
    for metric in metrics:
        table = key_drivers(metric=metric, first_month=first, last_month=last)
        top = [d for d in table.drivers if d.value is not None and d.value > 0][:DRIVERS_SHOWN]
        if not top:
            continue
        before = {}
        if earlier:
            then = key_drivers(metric=metric, first_month=earlier[0], last_month=earlier[1])
            before = {d.theme.pk: d.value for d in then.drivers}
        for driver in top:
            previous = before.get(driver.theme.pk)
            items.append(
                {
                    "metric": metric.name,
                    "metric_code": metric.code,
                    "detractors": metric.detractor_label,
                    "theme_id": driver.theme.pk,
                    "theme": driver.theme.name,
                    "value": round(driver.value, 1),
                    "low": round(driver.difference.low, 1),
                    "high": round(driver.difference.high, 1),
                    "n": driver.n,
                    "small_sample": driver.small_sample,
                    "drives_down": driver.drives_down,
                    "previous": round(previous, 1) if previous is not None else None,
                    "change": round(driver.value - previous, 1) if previous is not None else None,
                }
            )
    return {
        "items": items,
        "total": len(items),
        "first_month": first.isoformat(),
        "last_month": last.isoformat(),
    }


# -- Is our governance working? ---------------------------------------------------------------


def health_section(frame: Frame) -> dict:
    """The program's governance-health score as it stands when the pack is read, its change
    since the last monthly snapshot and the signal pulling it down most (cxgov.program.health,
    which the homes show too). Today's figures: a pack read late says so."""
    summary = program_health_summary()
    weakest = summary.weakest
    return {
        "score": summary.score,
        "change": summary.change,
        "since": _iso(summary.since),
        "weakest": None
        if weakest is None
        else {"title": weakest.title, "percent": weakest.percent, "url": weakest.records_url},
    }


# -- Leadership engagement ------------------------------------------------------------------------


def engagement_section(frame: Frame) -> dict:
    """Each leader's CX engagements in the quarter of the pack's day against the sponsor's
    target (governance.selectors.engagement_quarter, which the sponsor's home shows too),
    those behind their target first. Four queries."""
    quarter = engagement_quarter(on=frame.on)
    items = [
        {
            "person_id": row.person.pk,
            "name": row.name,
            "count": row.total,
            "target": row.target,
            "met": row.met,
        }
        for row in quarter.rows[:LIST_LIMIT]
    ]
    return {
        "quarter": quarter.label,
        "items": items,
        "total": len(quarter.rows),
        "behind": len(quarter.behind),
    }


# -- Promises: what we have and have not achieved -----------------------------------------------

# Contradicted first: what the committee has to face before what went well.
PROMISE_ORDER = [
    PromiseVerdict.CONTRADICTED,
    PromiseVerdict.WITHIN_NOISE,
    PromiseVerdict.TOO_LITTLE_DATA,
    PromiseVerdict.NO_TARGET,
    PromiseVerdict.KEPT,
]


def promises_section(frame: Frame) -> dict:
    """Every active CX promise against its metric at its touchpoint in the last complete
    period before the pack is read (voc.selectors.promise_board: the promises page's own
    check), contradicted ones first, and the count of each verdict, so the pack says plainly
    what is kept and what is not. Today's figures. Three queries."""
    readings = promise_board(on=frame.on, active_only=True)
    readings.sort(key=lambda r: PROMISE_ORDER.index(r.verdict))
    counts = {v.value: sum(1 for r in readings if r.verdict == v) for v in PromiseVerdict}
    return {
        "items": [
            {
                "promise_id": r.promise.pk,
                "statement": r.promise.statement,
                "touchpoint": r.promise.touchpoint.name,
                "metric": r.promise.metric.name,
                "verdict": r.verdict.value,
                "verdict_label": r.verdict.label,
                "sentence": r.sentence,
                "period": r.period_start.isoformat(),
                "reading": _reading(r.rollup),
                "expected": r.expected,
            }
            for r in readings
        ],
        "total": len(readings),
        "counts": counts,
    }


LOADERS = {
    "kpis": kpi_section,
    "initiatives": initiatives_section,
    "needs_help": needs_help_section,
    "risks": risks_section,
    "alerts": alerts_section,
    "decisions": decisions_section,
    "actions": actions_section,
    "cases": cases_section,
    "escalated_cases": escalated_cases_section,
    "flags": flags_section,
    "drivers": drivers_section,
    "health": health_section,
    "engagement": engagement_section,
    "promises": promises_section,
}


def section_read(frame: Frame, name: str) -> dict:
    """One section of the pack: its title, whether it applies to this body's tier (and why not
    when it does not), and its content when it does."""
    reason = _not_applicable(frame, name)
    section = {"title": SECTION_TITLES[name], "applies": not reason, "reason": reason}
    if not reason:
        section.update(LOADERS[name](frame))
    return section
