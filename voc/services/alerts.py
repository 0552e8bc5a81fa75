"""KPI alerts: targets crossing into off track, and changes outside the noise."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.urls import reverse

from cxgov.chat import chat_notify
from cxgov.dates import today as cxgov_today
from cxgov.models import ChatChannel
from cxgov.numbers import fixed
from governance.models import GovernanceBody, Tier

from .. import selectors
from ..models import (
    Alert,
    AlertKind,
    DimensionKind,
    Granularity,
    KpiRollup,
    KpiTarget,
    Metric,
    MetricKind,
    TargetStatus,
)
from ..notifications import KPI_ALERT


def alerts_raise(*, on: dt.date | None = None) -> int:
    """The nightly check: raise an alert when a KPI crosses into off track against its target,
    or when the change from one period to the next is outside the noise (its 95% interval
    excludes zero). Each alert exists once per metric, scope, period and kind (a unique
    constraint), so running twice, or on two workers at once, raises nothing new.
    Returns the number of alerts this run inserted."""
    on = on or cxgov_today()
    alerts: list[Alert] = []
    readings = selectors.targets_with_status(KpiTarget.objects.all(), on=on)
    for reading in readings:
        if (
            reading.status == TargetStatus.OFF_TRACK
            and reading.previous_status != TargetStatus.OFF_TRACK
        ):
            alerts.append(_off_track_alert(reading))
    # Changes: every target's scope, and every scored metric overall, month on month.
    series = {selectors.target_series(r.target) for r in readings}
    series |= {
        (m.pk, Granularity.MONTH, DimensionKind.OVERALL, 0)
        for m in Metric.objects.exclude(kind=MetricKind.OPERATIONAL)
    }
    for key, (latest, previous) in selectors.latest_two(sorted(series), on=on).items():
        if latest is None or previous is None:
            continue
        change = selectors.change_between(previous, latest)
        if change is None or change.small_sample or not change.excludes_zero:
            continue
        alerts.append(_change_alert(key, previous, latest, change))
    # Each new alert is marked for the steering committee's next meeting; with none scheduled
    # it stays unmarked and waits in selectors.alerts_not_yet_seen.
    meeting = selectors.steering_next_meeting() if alerts else None
    inserted = 0
    for alert in alerts:
        alert.meeting = meeting
        # Each in a savepoint of its own: one raised already (by an earlier run, or a second
        # worker a moment ago) conflicts on the unique constraint and is not counted, and
        # rows others insert meanwhile are not counted either: the count is what this run
        # inserted, not what it attempted, nor how the table grew.
        try:
            with transaction.atomic():
                alert.save(force_insert=True)
                _alert_to_chat(alert)
        except IntegrityError:
            continue
        inserted += 1
    return inserted


# The bodies whose chat channel hears each new KPI alert: those who act on the KPIs.
ALERT_TIERS = (Tier.STEERING_COMMITTEE, Tier.CORE_TEAM)


def _alert_to_chat(alert: Alert) -> None:
    """Post a new alert to the channels of the active steering committees and core team, once
    per channel (the notification log's unique row), after the alert's insert commits."""
    bodies = GovernanceBody.objects.active().filter(tier__in=ALERT_TIERS)
    channels = ChatChannel.objects.filter(bodies__in=bodies, is_active=True).distinct()
    for channel in channels:
        chat_notify(
            channel=channel,
            kind=KPI_ALERT,
            occasion=f"alert:{alert.pk}",
            subject=f"KPI alert: {alert.metric.name}",
            body=alert.message,
            link=reverse("voc:metric", kwargs={"code": alert.metric.code}),
        )


def _period_label(row: KpiRollup) -> str:
    formats = {"day": "%-d %b %Y", "week": "week of %-d %b %Y", "month": "%B %Y"}
    if row.granularity == Granularity.QUARTER:
        return f"Q{(row.period_start.month - 1) // 3 + 1} {row.period_start.year}"
    return row.period_start.strftime(formats[row.granularity])


def _off_track_alert(reading: selectors.TargetReading) -> Alert:
    target, row = reading.target, reading.latest
    scope = selectors.scope_name(target.dimension_kind, target.dimension_id)
    return Alert(
        metric=target.metric,
        dimension_kind=target.dimension_kind,
        dimension_id=target.dimension_id,
        granularity=row.granularity,
        period_start=row.period_start,
        kind=AlertKind.OFF_TRACK,
        target=target,
        message=(
            f"{target.metric.name} ({scope}) is off track in {_period_label(row)}: "
            f"{fixed(row.score)} (95% interval {fixed(row.low)} to {fixed(row.high)}) against "
            f"{fixed(reading.expected)} expected on the way to {target.target_value:g} by "
            f"{target.target_date:%-d %b %Y}."
            if row.low is not None
            else f"{target.metric.name} ({scope}) is off track in {_period_label(row)}: "
            f"{fixed(row.score)} against {fixed(reading.expected)} expected."
        ),
    )


def _change_alert(key, previous: KpiRollup, latest: KpiRollup, change) -> Alert:
    metric = latest.metric
    scope = selectors.scope_name(latest.dimension_kind, latest.dimension_id)
    # A change in NPS or in a share is in points; a mean's change is in its own unit.
    unit = (
        " points"
        if metric.estimator in ("nps", "share")
        else (f" {metric.unit}" if metric.unit else "")
    )
    return Alert(
        metric=metric,
        dimension_kind=latest.dimension_kind,
        dimension_id=latest.dimension_id,
        granularity=latest.granularity,
        period_start=latest.period_start,
        kind=AlertKind.OUTSIDE_NOISE,
        message=(
            f"{metric.name} ({scope}) {'rose' if change.value > 0 else 'fell'} "
            f"{fixed(abs(change.value))}{unit} from {_period_label(previous)} to "
            f"{_period_label(latest)}, outside the noise (95% interval of the change "
            f"{fixed(change.low)} to {fixed(change.high)})."
        ),
    )
