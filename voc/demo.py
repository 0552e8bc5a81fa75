"""Demo voice-of-the-customer data: twelve months of NPS, CSAT and CES (30,000+ responses)
with a realistic skew across touchpoints and a visible dip and recovery on Delivery, targets
on all three, the alerts the nightly check raises (marked for steering committee meetings),
and the closed loop's cases, some open and some overdue. Bulk inserts and one rollup pass, so
it stays fast on SQLite."""

from __future__ import annotations

import datetime as dt
import random

from cxgov.dates import today

from .models import Channel, JourneyStage, Response, Segment, Touchpoint

TOUCHPOINTS = [
    ("website", "Website", JourneyStage.CONSIDERATION, 6),
    ("checkout", "Checkout", JourneyStage.PURCHASE, 5),
    ("onboarding", "Account opening", JourneyStage.ONBOARDING, 3),
    ("app", "Mobile app", JourneyStage.USAGE, 8),
    ("delivery", "Delivery", JourneyStage.PURCHASE, 4),
    ("contact-centre", "Contact centre", JourneyStage.SUPPORT, 6),
    ("complaints", "Complaints", JourneyStage.SUPPORT, 2),
    ("renewal", "Renewal", JourneyStage.RENEWAL, 2),
]
CHANNELS = [("web", "Web"), ("app", "App"), ("phone", "Phone"), ("email", "E-mail"),
            ("branch", "Branch")]  # fmt: skip
SEGMENTS = [("consumer", "Consumer"), ("smb", "Small business"), ("enterprise", "Enterprise"),
            ("premium", "Premium")]  # fmt: skip
# Who follows up each touchpoint's detractors (the rest: the core team's head of CX).
TOUCHPOINT_OWNERS = {"delivery": "member", "complaints": "olga", "checkout": "ben"}
PER_MONTH = {"nps": 1300, "csat": 850, "ces": 500}
COMMENTS = {
    "low": ["Parcel arrived a week late.", "Nobody answered my e-mail.", "Too many steps."],
    "high": ["Quick and friendly.", "Sorted in one call.", "Easy to use."],
}


def seed(*, people: dict) -> bool:
    """Create the demo responses, rollups, targets and alerts once; False if already there."""
    from governance.models import BusinessUnit, SuccessStatement

    from . import services
    from .models import KpiTarget, Metric

    if Response.objects.exists():
        return False
    owner = people.get("core")
    touchpoints = {
        code: Touchpoint.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "journey_stage": stage,
                "owner": people.get(TOUCHPOINT_OWNERS.get(code, ""), owner),
            },
        )[0]
        for code, name, stage, _ in TOUCHPOINTS
    }
    channels = [Channel.objects.get_or_create(code=c, defaults={"name": n})[0] for c, n in CHANNELS]
    segments = [Segment.objects.get_or_create(code=c, defaults={"name": n})[0] for c, n in SEGMENTS]
    units = list(BusinessUnit.objects.all()) or [None]
    metrics = {m.code: m for m in Metric.objects.filter(code__in=PER_MONTH)}
    rng = random.Random(2026)
    this_month = today().replace(day=1)
    months = [_add_months(this_month, -i) for i in range(12, 0, -1)]  # the last 12 full months
    weights = [w for *_, w in TOUCHPOINTS]
    rows = []
    for index, month in enumerate(months):
        days = (_add_months(month, 1) - month).days
        # Delivery dips for three months (a carrier change) and recovers.
        dip = {4: 1.5, 5: 2.5, 6: 2.0, 7: 0.8}.get(index, 0.0)
        for code, count in PER_MONTH.items():
            metric = metrics[code]
            for n in range(count):
                tp_code = rng.choices([c for c, *_ in TOUCHPOINTS], weights=weights)[0]
                score = _score(rng, code, drop=dip if tp_code == "delivery" else 0.0,
                               trend=index / 11)  # fmt: skip
                when = dt.datetime.combine(
                    month + dt.timedelta(days=rng.randrange(days)),
                    dt.time(rng.randrange(7, 22), rng.randrange(60)),
                    tzinfo=dt.UTC,
                )
                low = score <= (6 if code == "nps" else 2 if code == "csat" else 3)
                comment = ""
                if rng.random() < 0.15:
                    comment = rng.choice(COMMENTS["low" if low else "high"])
                rows.append(
                    Response(
                        metric=metric,
                        score=score,
                        responded_at=when,
                        touchpoint=touchpoints[tp_code],
                        channel=rng.choice(channels),
                        segment=rng.choice(segments),
                        business_unit=rng.choice(units),
                        comment=comment,
                        external_id=f"demo-{month:%Y%m}-{n}",
                        customer_key=f"cust-{rng.randrange(40_000):05d}",
                    )
                )
    Response.objects.bulk_create(rows, batch_size=2000)
    services.rollup_rebuild()
    _open_demo_cases(rng)
    statement = SuccessStatement.objects.order_by("pk").first() or SuccessStatement.objects.create(
        title="Effortless, every time",
        text="Customers recommend us because dealing with us is easy; we measure it with NPS, "
        "CSAT and customer effort.",
    )
    # Each baseline is typed as the first month measured it (to one decimal), as a team sets
    # it: the pages would otherwise say the typed baseline differs from the measured one.
    # CES is set ambitiously, so the demo has a target off track.
    goals = {"nps": (18, 35), "csat": (72, 85), "ces": (5.0, 6.2)}
    for code, (baseline, target) in goals.items():
        KpiTarget.objects.get_or_create(
            success_statement=statement,
            metric=metrics[code],
            defaults={
                "baseline_value": _measured(metrics[code], months[0]) or baseline,
                "baseline_period_start": months[0],
                "target_value": target,
                "target_date": _add_months(this_month, 12),
            },
        )
    KpiTarget.objects.get_or_create(
        success_statement=statement,
        metric=metrics["nps"],
        dimension_kind="touchpoint",
        dimension_id=touchpoints["delivery"].pk,
        defaults={
            "baseline_value": _measured(
                metrics["nps"], months[0], "touchpoint", touchpoints["delivery"].pk
            )
            or 5,
            "baseline_period_start": months[0],
            "target_value": 25,
            "target_date": _add_months(this_month, 12),
            "note": "Delivery: back above 25 after the carrier change.",
        },
    )
    # As if the nightly check had run through the year: the dip raises its alerts.
    for month in months[1:]:
        services.alerts_raise(on=_add_months(month, 1))
    return True


def _score(rng: random.Random, code: str, *, drop: float, trend: float) -> int:
    if code == "nps":
        value = rng.gauss(7.6 + 0.5 * trend - drop, 2.0)
        return int(min(10, max(0, round(value))))
    if code == "csat":
        value = rng.gauss(3.9 + 0.25 * trend - drop * 0.5, 0.9)
        return int(min(5, max(1, round(value))))
    value = rng.gauss(5.1 + 0.4 * trend - drop * 0.6, 1.2)
    return int(min(7, max(1, round(value))))


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    return dt.date(day.year + month // 12, month % 12 + 1, 1)


CLOSING_NOTES = [
    "Called the customer, apologised and refunded the delivery charge.",
    "Rang back the same day; the account was unlocked and the fee waived.",
    "Explained the new process; customer happy to stay.",
    "Passed to the carrier's escalation desk; parcel delivered next day.",
]


def _open_demo_cases(rng: random.Random) -> int:
    """The closed loop as if it had run all year: a case for each detractor's (or dissatisfied
    customer's) comment, opened the day it came in, most closed (a few late), the recent ones
    still open and some of those overdue. One INSERT ... SELECT and one bulk update."""
    from .models import CaseSettings, CaseStatus, ClosedLoopCase
    from .services import cases_open

    cases_open(after_id=0)
    level = CaseSettings.current()
    on = today()
    updates = []
    for pk, responded_at in ClosedLoopCase.objects.values_list("pk", "response__responded_at"):
        opened = responded_at.date()
        case = ClosedLoopCase(pk=pk, opened_on=opened, due_on=level.due_on(opened))
        case.status, case.closed_on, case.closing_note = CaseStatus.OPEN, None, ""
        age = (on - opened).days
        # The demo's responses end with last month: its cases are the ones still open.
        if age > 45 or rng.random() < 0.5:
            case.status = CaseStatus.CLOSED
            late = rng.random() < 0.15
            took = rng.randrange(8, 15) if late else rng.randrange(1, 7)
            case.closed_on = min(opened + dt.timedelta(days=took), on)
            case.closing_note = rng.choice(CLOSING_NOTES)
        elif rng.random() < 0.4:
            case.status = CaseStatus.IN_PROGRESS
        updates.append(case)
    ClosedLoopCase.objects.bulk_update(
        updates, ["opened_on", "due_on", "status", "closed_on", "closing_note"], batch_size=500
    )
    return len(updates)


def mark_alerts_for_meetings() -> int:
    """After the demo meetings exist: mark each demo alert for the steering committee meeting
    the nightly check would have chosen (the first one after its period ended), and the latest
    period's alerts for the next meeting ahead, as if raised last night. Alerts marked already
    are left alone. Returns how many it marked."""
    from governance.models import GovernanceBody, Meeting, Tier

    from .models import Alert
    from .periods import period_end
    from .selectors import steering_next_meeting

    committees = GovernanceBody.objects.active().filter(tier=Tier.STEERING_COMMITTEE)
    meetings = list(Meeting.objects.scheduled().filter(body__in=committees).order_by("starts_at"))
    alerts = list(Alert.objects.filter(meeting__isnull=True).order_by("period_start"))
    if not meetings or not alerts:
        return 0
    latest = max(a.period_start for a in alerts)
    ahead = steering_next_meeting()
    for alert in alerts:
        if alert.period_start == latest:
            alert.meeting = ahead
            continue
        ended = period_end(alert.period_start, alert.granularity)
        alert.meeting = next((m for m in meetings if m.starts_at.date() > ended), ahead)
    Alert.objects.bulk_update(alerts, ["meeting"])
    return len(alerts)


def _measured(metric, start: dt.date, kind: str = "overall", value: int = 0) -> float | None:
    """The month's measured value, to one decimal, or None without data."""
    from .models import KpiRollup

    score = (
        KpiRollup.objects.filter(
            metric=metric,
            granularity="month",
            period_start=start,
            dimension_kind=kind,
            dimension_id=value,
        )
        .values_list("score", flat=True)
        .first()
    )
    return None if score is None else round(score, 1)
