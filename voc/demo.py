"""Demo voice-of-the-customer data: twelve months of NPS, CSAT and CES (30,000+ responses)
with a realistic skew across touchpoints and a visible dip and recovery on Delivery, targets
on all three, and the alerts the nightly check raises. Bulk inserts and one rollup pass, so
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
    from .rollups import rollup_rebuild

    if Response.objects.exists():
        return False
    owner = people.get("core")
    touchpoints = {
        code: Touchpoint.objects.get_or_create(
            code=code, defaults={"name": name, "journey_stage": stage, "owner": owner}
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
    rollup_rebuild()
    statement = SuccessStatement.objects.order_by("pk").first() or SuccessStatement.objects.create(
        title="Effortless, every time",
        text="Customers recommend us because dealing with us is easy; we measure it with NPS, "
        "CSAT and customer effort.",
    )
    goals = {"nps": (18, 35), "csat": (72, 85), "ces": (5.0, 5.8)}
    for code, (baseline, target) in goals.items():
        KpiTarget.objects.get_or_create(
            success_statement=statement,
            metric=metrics[code],
            defaults={
                "baseline_value": baseline,
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
            "baseline_value": 5,
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
