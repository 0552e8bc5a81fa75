"""Demo voice-of-the-customer data for a retail bank: twelve months of NPS, CSAT and CES (30,000+
responses) across the bank's touchpoints (account opening, card activation, app login, online
banking, branch visit, contact centre, complaints, mortgage application), each response under
the customer-facing unit that serves it and with a comment that matches its score; a visible
dip and recovery on mobile app login; targets on every success statement; a year of monthly
operational figures; the alerts the nightly check raises (marked for steering committee
meetings); and the closed loop's cases, some open and some overdue. Bulk inserts and one rollup
pass, so it stays fast on SQLite."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from cxgov.dates import today
from cxgov.demo import happened_at

from .models import Channel, JourneyStage, Response, Segment, Touchpoint

# code, name, journey stage, share of responses, business unit, the channels it is reached by
TOUCHPOINTS = [
    ("account-opening", "Account opening", JourneyStage.ONBOARDING, 4, "retail",
     ["app", "web", "branch"]),
    ("card-activation", "Card activation", JourneyStage.ONBOARDING, 3, "retail", ["app", "phone"]),
    ("app-login", "Mobile app login", JourneyStage.USAGE, 8, "retail", ["app"]),
    ("online-banking", "Online banking", JourneyStage.USAGE, 4, "retail", ["web"]),
    ("branch-visit", "Branch visit", JourneyStage.USAGE, 5, "retail", ["branch"]),
    ("contact-centre", "Contact centre", JourneyStage.SUPPORT, 6, "service", ["phone"]),
    ("complaints", "Complaints", JourneyStage.SUPPORT, 2, "service", ["phone", "email", "branch"]),
    ("mortgage-application", "Mortgage application", JourneyStage.PURCHASE, 2, "retail",
     ["branch", "web", "phone"]),
]  # fmt: skip
CHANNELS = [("web", "Web"), ("app", "App"), ("phone", "Phone"), ("email", "E-mail"),
            ("branch", "Branch")]  # fmt: skip
SEGMENTS = [("personal", "Personal banking"), ("premier", "Premier"),
            ("small-business", "Small business"),
            ("students", "Students and graduates")]  # fmt: skip
SEGMENT_WEIGHTS = [10, 2, 3, 2]
# The unit that serves a segment, except where a service unit runs the touchpoint.
SEGMENT_UNITS = {"premier": "wealth", "small-business": "commercial"}
# The units that face customers: every response, and so every case, belongs to one of them.
CUSTOMER_FACING_UNITS = ("retail", "commercial", "wealth", "service")
# Who follows up each touchpoint's detractors (the rest: the core team's head of CX).
TOUCHPOINT_OWNERS = {
    "app-login": "ben",
    "complaints": "kim",
    "account-opening": "member",
    "mortgage-application": "jose",
}
# The touchpoint whose NPS dips for three months and recovers (a login release gone wrong).
DIP = "app-login"
# The dip by month (its index among the twelve: how far scores drop), also what pushes app
# login's operational figures up in the same months.
DIP_MONTHS = {4: 1.5, 5: 2.5, 6: 2.0, 7: 0.8}
PER_MONTH = {"nps": 1300, "csat": 850, "ces": 500}

# What customers write, by how they scored (see `band`): negative words from detractors, the
# dissatisfied and those who found it hard; mixed from passives; praise from promoters.
COMMENTS = {
    "negative": {
        "account-opening": ["The ID check failed three times and I had to go to a branch.",
                            "Took two weeks to get my account number.",
                            "Asked for the same documents twice."],
        "card-activation": ["My new card would not activate and the line was engaged.",
                            "Card arrived but the PIN letter never came."],
        "app-login": ["Fingerprint login stopped working after the update.",
                      "Locked out of the app again, had to call to reset.",
                      "The one-time code never arrives on time."],
        "online-banking": ["The website logged me out in the middle of a payment.",
                           "Cannot find where to download statements."],
        "branch-visit": ["Waited forty minutes with only one cashier open.",
                         "My local branch closed and nobody told me."],
        "contact-centre": ["Passed between three departments and still not sorted.",
                           "On hold for over half an hour.",
                           "Had to repeat my details to every agent."],
        "complaints": ["My complaint has been open for six weeks with no update.",
                       "The reply was a template that ignored what I wrote."],
        "mortgage-application": ["Nobody told me the valuation was delayed.",
                                 "Had to chase my mortgage offer every week."],
    },
    "mixed": {
        "account-opening": ["Fine in the end, but the address step was confusing."],
        "card-activation": ["Worked, though I had to find the activation number myself."],
        "app-login": ["Works most days, but face login is hit and miss."],
        "online-banking": ["Does the job, the layout feels dated."],
        "branch-visit": ["Staff were polite, the queue was long."],
        "contact-centre": ["Sorted, but it took two calls."],
        "complaints": ["Resolved, though it took longer than promised."],
        "mortgage-application": ["Got there, but there was a lot of paperwork."],
    },
    "positive": {
        "account-opening": ["Opened my account on my phone in ten minutes.",
                            "Really clear steps, no branch visit needed."],
        "card-activation": ["Card activated in the app in seconds.",
                            "Simple, the card worked straight away."],
        "app-login": ["Face login is quick and reliable.",
                      "Love how fast the app opens now."],
        "online-banking": ["Paying bills online is quick and simple.",
                           "Easy to find everything I need."],
        "branch-visit": ["The adviser was friendly and knew exactly what to do.",
                         "In and out in five minutes, great service."],
        "contact-centre": ["Sorted in one call by a helpful agent.",
                           "The agent listened and fixed it straight away."],
        "complaints": ["They apologised, refunded the fee and explained what changed.",
                       "Kept me updated and fixed it within a week."],
        "mortgage-application": ["My adviser kept me informed at every step.",
                                 "Smooth from application to offer, thank you."],
    },
}  # fmt: skip


def band(code: str, score: int) -> str:
    """Which comments a score draws from: NPS detractors (0-6), dissatisfied CSAT (1-2) and
    hard CES (1-3) negative; passives (7-8), CSAT 3 and CES 4 mixed; the rest positive."""
    low, high = {"nps": (6, 9), "csat": (2, 4), "ces": (3, 5)}[code]
    return "negative" if score <= low else "positive" if score >= high else "mixed"


def seed(*, people: dict) -> bool:
    """Create the demo responses, rollups, targets, operational figures and alerts once; False
    if already there."""
    from governance.models import BusinessUnit, SuccessStatement

    from . import services
    from .models import Metric

    if Response.objects.exists():
        return False
    owner = people.get("core")
    units = {u.code: u for u in BusinessUnit.objects.filter(code__in=CUSTOMER_FACING_UNITS)}
    touchpoints = {
        code: Touchpoint.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "journey_stage": stage,
                "owner": people.get(TOUCHPOINT_OWNERS.get(code, ""), owner),
                "business_unit": units.get(unit),
            },
        )[0]
        for code, name, stage, _, unit, _ in TOUCHPOINTS
    }
    channels = {
        c: Channel.objects.get_or_create(code=c, defaults={"name": n})[0] for c, n in CHANNELS
    }
    segments = [Segment.objects.get_or_create(code=c, defaults={"name": n})[0] for c, n in SEGMENTS]
    metrics = {m.code: m for m in Metric.objects.filter(code__in=PER_MONTH)}
    rng = random.Random(2026)
    this_month = today().replace(day=1)
    months = [_add_months(this_month, -i) for i in range(12, 0, -1)]  # the last 12 full months
    weights = [w for _, _, _, w, _, _ in TOUCHPOINTS]
    rows = []
    for index, month in enumerate(months):
        days = (_add_months(month, 1) - month).days
        # Mobile app login dips for three months (a release broke fingerprint login) and recovers.
        dip = DIP_MONTHS.get(index, 0.0)
        for code, count in PER_MONTH.items():
            metric = metrics[code]
            for n in range(count):
                tp_code, _, _, _, unit, reached_by = rng.choices(TOUCHPOINTS, weights=weights)[0]
                score = _score(rng, code, drop=dip if tp_code == DIP else 0.0, trend=index / 11)
                when = dt.datetime.combine(
                    month + dt.timedelta(days=rng.randrange(days)),
                    dt.time(rng.randrange(7, 22), rng.randrange(60)),
                    tzinfo=dt.UTC,
                )
                segment = rng.choices(segments, weights=SEGMENT_WEIGHTS)[0]
                if unit == "retail":
                    unit = SEGMENT_UNITS.get(segment.code, unit)
                comment = ""
                if rng.random() < 0.15:
                    comment = rng.choice(COMMENTS[band(code, score)][tp_code])
                rows.append(
                    Response(
                        metric=metric,
                        score=score,
                        responded_at=when,
                        touchpoint=touchpoints[tp_code],
                        channel=channels[rng.choice(reached_by)],
                        segment=segment,
                        business_unit=units.get(unit),
                        comment=comment,
                        external_id=f"demo-{month:%Y%m}-{code}-{n}",
                        customer_key=f"cust-{rng.randrange(40_000):05d}",
                    )
                )
    Response.objects.bulk_create(rows, batch_size=2000)
    services.rollup_rebuild()
    _themes(by=owner)
    _open_demo_cases(rng)
    statements = list(SuccessStatement.objects.order_by("pk")[:3])
    if not statements:
        statements = [
            SuccessStatement.objects.create(
                title="Effortless, every time",
                text="Customers recommend us because banking with us is easy; we measure it "
                "with NPS, CSAT and customer effort.",
            )
        ]
    # The targets were agreed as the year began; each alert raised the night after its month.
    with happened_at(months[0] + dt.timedelta(days=20)):
        _targets(statements, metrics=metrics, touchpoints=touchpoints, months=months)
    _operational_figures(months, by=owner)
    _promises(metrics=metrics, touchpoints=touchpoints, by=owner)
    for month in months[1:]:
        with happened_at(_add_months(month, 1)):
            services.alerts_raise(on=_add_months(month, 1))
    _webhook_source(by=owner)
    return True


# The core team's curated themes: the words the bank's customers use.
DEMO_THEMES = {
    "App login": ["login", "log in", "locked out", "fingerprint", "face login", "one-time code"],
    "Branch queues": ["queue*", "cashier", "waited forty minutes"],
    "Call waiting times": ["on hold", "engaged", "took two calls", "half an hour"],
    "Repeating ourselves": ["repeat*", "same documents twice", "three departments"],
    "Kept informed": ["no update", "nobody told me", "chase", "delayed", "kept me informed",
                      "kept me updated"],
}  # fmt: skip


def _themes(*, by) -> None:
    """The curated themes, tagged over every demo comment with their sentiment (the backfill
    does in one pass what each theme's job would), and the topics the themes miss suggested."""
    from . import services
    from .models import Theme

    for name, keywords in DEMO_THEMES.items():
        Theme.objects.create(name=name, keywords=keywords, languages=["en"], created_by=by)
    services.comments_backfill()
    # What the curated themes miss (card PINs, statements, paperwork...): suggested topics.
    services.themes_suggest()


DEMO_WEBHOOK_SECRET = "demo-typeform-secret"


def _webhook_source(*, by) -> None:
    """The branch survey on Typeform, set up by the core team, with two deliveries signed as
    Typeform signs them: one stored, one refused (it answers a question the source does not
    map), waiting on the source's page to be replayed."""
    import base64
    import hashlib
    import hmac
    import json

    from django.utils import timezone

    from . import services

    source = services.webhook_source_create(
        by=by,
        data={
            "name": "Branch visit survey", "slug": "branch-typeform", "platform": "typeform",
            "secret": DEMO_WEBHOOK_SECRET, "questions": {"recommend": "nps"},
            "fields": {"branch_touchpoint": "touchpoint", "why": "comment"},
            "defaults": {"channel": "branch"},
        },
    )  # fmt: skip
    when = timezone.now().astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    for event, ref, score in (("demo-ev-1", "recommend", 9), ("demo-ev-2", "satisfied", 4)):
        answers = [{"type": "number", "number": score, "field": {"id": ref, "ref": ref}}]
        body = json.dumps({
            "event_id": event, "event_type": "form_response",
            "form_response": {"token": f"demo-{event}", "submitted_at": when,
                              "hidden": {"branch_touchpoint": "branch-visit"},
                              "answers": answers},
        }).encode()  # fmt: skip
        digest = hmac.new(DEMO_WEBHOOK_SECRET.encode(), body, hashlib.sha256).digest()
        signature = "sha256=" + base64.b64encode(digest).decode()
        services.webhook_receive(
            source=source, body=body, headers={"Typeform-Signature": signature}
        )


# Every success statement gets its targets: (statement's place, metric, touchpoint or None,
# baseline, target, note). The first three are the demo charters' statements: retail, customer
# service, onboarding.
TARGETS = [
    (0, "nps", None, 18, 35, ""),
    (0, "nps", DIP, 5, 25, "Mobile app login: back above 25 after the fingerprint release."),
    (1, "ces", None, 5.0, 6.2, "Set ambitiously: effort is the measure we are furthest from."),
    (1, "ces", "contact-centre", 4.9, 5.6, "Contact centre: one call is enough."),
    (1, "csat", "complaints", 62, 80, "Complaints: satisfied with how we handled it."),
    (2, "csat", None, 72, 85, ""),
    (2, "csat", "account-opening", 70, 88, "Account opening: quick and clear on any device."),
]


def _targets(statements, *, metrics, touchpoints, months) -> None:
    from .models import KpiTarget

    target_date = _add_months(months[-1], 13)
    for place, code, touchpoint, baseline, target, note in TARGETS:
        scope = {}
        if touchpoint:
            scope = {"dimension_kind": "touchpoint", "dimension_id": touchpoints[touchpoint].pk}
        # Each baseline is typed as the first month measured it (to one decimal), as a team
        # sets it: the pages would otherwise say the typed baseline differs from the measured.
        measured = _measured(metrics[code], months[0], *scope.values())
        KpiTarget.objects.get_or_create(
            success_statement=statements[min(place, len(statements) - 1)],
            metric=metrics[code],
            **scope,
            defaults={
                "baseline_value": baseline if measured is None else measured,
                "baseline_period_start": months[0],
                "target_value": target,
                "target_date": target_date,
                "note": note,
            },
        )


# The bank's public CX promises: (statement, touchpoint, metric, note). Against the demo's last
# complete month one is kept (CES at the contact centre), one contradicted by what customers say
# (CSAT at account opening, its whole interval short of the target's path), and one has too
# little data to judge: video appointments started last month and no survey asks about them yet.
# The mortgage promise has about 26 CES answers a month (under the 30 a judgement needs) and no
# target: not judged either way.
PROMISES = [
    ("Opening an account takes ten minutes, on any device.", "account-opening", "csat",
     "On the website's account page and in the app store listing."),
    ("One call is enough: we sort it the first time.", "contact-centre", "ces",
     "Printed on every statement since the service relaunch."),
    ("Speak to an adviser by video the same day you ask.", "video-appointments", "csat",
     "Launched with the new appointment service; the survey after each call starts next month."),
    ("A mortgage decision without chasing.", "mortgage-application", "ces",
     "In the spring mortgage campaign."),
]  # fmt: skip


def _promises(*, metrics, touchpoints, by) -> None:
    from .models import Promise

    video, _ = Touchpoint.objects.get_or_create(
        code="video-appointments",
        defaults={
            "name": "Video appointments",
            "journey_stage": JourneyStage.SUPPORT,
            "description": "New: same-day video calls with an adviser.",
            "owner": by,
        },
    )
    touchpoints = {**touchpoints, video.code: video}
    for statement, touchpoint, code, note in PROMISES:
        Promise.objects.get_or_create(
            statement=statement,
            defaults={
                "touchpoint": touchpoints[touchpoint],
                "metric": metrics[code],
                "note": note,
                "created_by": by,
            },
        )


# Monthly operational figures: (metric, a year ago, now, monthly noise). Repeat contacts and
# handle time fall as the contact centre's effort improves; churn follows with a lag.
OPERATIONAL = [
    ("churn", 1.45, 1.18, 0.05),
    ("handle-time", 7.8, 6.4, 0.2),
    ("repeat-contacts", 21.0, 15.5, 0.6),
]


# The same figures measured at the touchpoints where they move with the experience: (metric,
# touchpoint, a year ago, now, how far the app-login dip pushes it up, monthly noise). Locked-out
# app users call back, so app login's repeat contacts climb with its NPS dip; the contact
# centre's fall as one-call fixes spread; complaints take less time as the backlog clears.
OPERATIONAL_AT = [
    ("repeat-contacts", "app-login", 24.0, 17.0, 4.0, 1.6),
    ("repeat-contacts", "contact-centre", 27.0, 19.5, 0.0, 2.4),
    ("handle-time", "contact-centre", 8.6, 6.9, 0.0, 0.6),
    ("handle-time", "complaints", 14.5, 12.0, 0.0, 0.6),
]


def _operational_figures(months: list[dt.date], *, by) -> int:
    """Entered through the service (its rollup rows follow, so the dashboard shows them) in the
    first week of the next month, when the MI pack comes out: the whole company's, then the
    touchpoints'."""
    from . import services
    from .models import Metric

    codes = {c for c, *_ in OPERATIONAL} | {c for c, *_ in OPERATIONAL_AT}
    metrics = {m.code: m for m in Metric.objects.filter(code__in=codes)}
    at = {t.code: t for t in Touchpoint.objects.filter(code__in={t for _, t, *_ in OPERATIONAL_AT})}
    rng = random.Random(7)
    entered = 0
    for index, month in enumerate(months):
        share = index / (len(months) - 1)
        figures = [(code, None, start + (end - start) * share + rng.uniform(-noise, noise))
                   for code, start, end, noise in OPERATIONAL]  # fmt: skip
        figures += [
            (code, at[where], start + (end - start) * share
             + dip * DIP_MONTHS.get(index, 0.0) + rng.uniform(-noise, noise))
            for code, where, start, end, dip, noise in OPERATIONAL_AT
        ]  # fmt: skip
        with happened_at(_add_months(month, 1) + dt.timedelta(days=4)):
            for code, touchpoint, value in figures:
                services.operational_value_record(
                    by=by,
                    metric=metrics[code],
                    granularity="month",
                    period_start_on=month,
                    touchpoint=touchpoint,
                    value=round(value, 2),
                    note="From the monthly management information pack.",
                )
                entered += 1
    return entered


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
    "Called the customer, apologised and refunded the late-payment charge.",
    "Rang back the same day; the account was unlocked and the fee waived.",
    "Explained the new process; customer happy to stay.",
    "Reset the customer's app login on the call and walked them through face login.",
    "Chased the valuer; the mortgage offer went out the next day.",
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


def kpi_minutes() -> Callable[[dt.date], str | None]:
    """The KPI review's minutes for a demo meeting on a given day, quoting the figures it saw:
    the overall NPS, CSAT and CES of the last full month before it, and NPS's change on the
    month before that (None before the survey's second month). Reads the monthly rollups
    once."""
    from .models import KpiRollup

    months: dict[str, dict[dt.date, float]] = {}
    for code, start, score in KpiRollup.objects.filter(
        granularity="month", dimension_kind="overall", metric__code__in=("nps", "csat", "ces")
    ).values_list("metric__code", "period_start", "score"):
        if score is not None:
            months.setdefault(code, {})[start] = score

    def minutes(day: dt.date) -> str | None:
        last = _add_months(day.replace(day=1), -1)
        before = _add_months(last, -1)
        nps = months.get("nps", {})
        if last not in nps or before not in nps:
            return None
        parts = [
            f"NPS {nps[last]:+.0f} in {last:%B} ({nps[last] - nps[before]:+.0f} on {before:%B})"
        ]
        if last in months.get("csat", {}):
            parts.append(f"CSAT {months['csat'][last]:.0f}%")
        if last in months.get("ces", {}):
            parts.append(f"CES {months['ces'][last]:.1f}")
        return "; ".join(parts) + ". Reviewed each against its target, and the latest comments."

    return minutes
