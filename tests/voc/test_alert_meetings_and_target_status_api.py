"""Alerts are marked for the steering committee's next meeting (or wait unmarked among those
not yet seen), and the targets API answers each target's status with its reading."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from governance.models import MeetingStatus, SuccessStatement, Tier
from tests.factories import BodyFactory
from tests.governance.factories import MeetingFactory
from voc import selectors, services
from voc.models import Alert, AlertKind, KpiRollup, KpiTarget

from .factories import metric

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 7, 15)


def dip() -> None:
    # NPS 30 in May, 5 in June on 400 each: a change outside the noise.
    for start, score, p, pa, d in [(dt.date(2026, 5, 1), 30, 200, 120, 80),
                                   (dt.date(2026, 6, 1), 5, 140, 140, 120)]:  # fmt: skip
        KpiRollup.objects.create(
            metric=metric("nps"), granularity="month", period_start=start, n=400, score=score,
            low=score - 6, high=score + 6, promoters=p, passives=pa, detractors=d,
        )  # fmt: skip


def test_an_alert_is_marked_for_the_steering_committees_next_meeting(db):
    committee = BodyFactory(name="Steering committee", tier=Tier.STEERING_COMMITTEE)
    now = timezone.now()
    MeetingFactory(body=committee, starts_at=now - dt.timedelta(days=3))  # held already
    MeetingFactory(body=committee, starts_at=now + dt.timedelta(days=20))
    soonest = MeetingFactory(body=committee, starts_at=now + dt.timedelta(days=6))
    MeetingFactory(body=BodyFactory(tier=Tier.WORKING_GROUP), starts_at=now + dt.timedelta(days=1))
    MeetingFactory(
        body=committee, starts_at=now + dt.timedelta(days=2), status=MeetingStatus.CANCELLED
    )
    dip()
    assert services.alerts_raise(on=TODAY) == 1
    alert = Alert.objects.get()
    assert alert.meeting == soonest
    assert list(selectors.alerts_for_meeting(meeting=soonest)) == [alert]
    assert list(selectors.alerts_not_yet_seen()) == [alert]  # the meeting is still ahead
    assert list(selectors.alerts_not_yet_seen(now=soonest.starts_at + dt.timedelta(hours=2))) == []


def test_with_no_meeting_scheduled_an_alert_waits_unmarked_and_the_next_meeting_lists_it(db):
    dip()
    services.alerts_raise(on=TODAY)
    alert = Alert.objects.get()
    assert alert.meeting is None
    assert list(selectors.alerts_not_yet_seen()) == [alert]
    later = MeetingFactory(
        body=BodyFactory(tier=Tier.STEERING_COMMITTEE),
        starts_at=timezone.now() + dt.timedelta(days=9),
    )
    assert list(selectors.alerts_for_meeting(meeting=later)) == [alert]


def test_the_alerts_api_shows_the_meeting_and_filters_those_awaiting_the_committee(
    api_client, steering_user
):
    meeting = MeetingFactory(starts_at=timezone.now() + dt.timedelta(days=5))
    fields = {"metric": metric("nps"), "granularity": "month", "kind": AlertKind.OUTSIDE_NOISE}
    marked = Alert.objects.create(period_start=dt.date(2026, 6, 1), meeting=meeting, **fields)
    waiting = Alert.objects.create(period_start=dt.date(2026, 5, 1), **fields)
    seen = Alert.objects.create(
        period_start=dt.date(2026, 4, 1),
        meeting=MeetingFactory(starts_at=timezone.now() - dt.timedelta(days=30)),
        **fields,
    )
    api_client.force_authenticate(steering_user)
    rows = {a["id"]: a for a in api_client.get("/api/v1/alerts/").json()["results"]}
    assert rows[marked.pk]["meeting"] == meeting.pk
    assert rows[marked.pk]["meeting_starts_at"] is not None
    assert rows[waiting.pk]["meeting"] is None and rows[waiting.pk]["meeting_starts_at"] is None
    body = api_client.get("/api/v1/alerts/?awaiting_steering=true").json()
    assert {a["id"] for a in body["results"]} == {marked.pk, waiting.pk}
    assert seen.pk not in {a["id"] for a in body["results"]}


# -- Target status in the API ---------------------------------------------------------------


def target(statement, **fields) -> KpiTarget:
    values = {
        "success_statement": statement,
        "metric": metric("nps"),
        "baseline_value": 10,
        "baseline_period_start": dt.date(2026, 1, 1),
        "target_value": 40,
        "target_date": dt.date(2027, 1, 1),
    }
    return KpiTarget.objects.create(**{**values, **fields})


def test_the_targets_api_answers_status_latest_value_interval_n_and_expected_value(
    api_client, viewer_user, settings
):
    statement = SuccessStatement.objects.create(title="Easy", text="Every time.")
    on_path = target(statement)
    csat = target(
        statement, metric=metric("csat"), baseline_value=70, target_value=90,
        dimension_kind="overall",
    )  # fmt: skip
    # Last completed month before today; the path expects 10 + 30 x days/365 at its end.
    today = timezone.localdate()
    start = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    end = today.replace(day=1) - dt.timedelta(days=1)
    expected = 10 + 30 * min(max((end - dt.date(2026, 1, 1)).days, 0), 365) / 365
    KpiRollup.objects.create(
        metric=metric("nps"), granularity="month", period_start=start, n=12, score=60,
        low=50, high=70, promoters=8, passives=2, detractors=2,
    )  # fmt: skip
    api_client.force_authenticate(viewer_user)
    rows = {t["id"]: t for t in api_client.get("/api/v1/targets/").json()["results"]}
    nps = rows[on_path.pk]
    assert nps["status"] == "on_track"
    assert nps["latest"] == {
        "granularity": "month", "period_start": start.isoformat(), "value": 60.0, "low": 50.0,
        "high": 70.0, "n": 12, "small_sample": True,
    }  # fmt: skip
    assert nps["expected"] == pytest.approx(expected)
    assert nps["expected_today"] == pytest.approx(on_path.expected_on(today))
    assert rows[csat.pk]["status"] == "no_data" and rows[csat.pk]["latest"] is None
    one = api_client.get(f"/api/v1/targets/{on_path.pk}/").json()
    assert one["status"] == "on_track" and one["latest"]["n"] == 12


def test_the_targets_list_reads_in_a_flat_number_of_queries(api_client, viewer_user):
    api_client.force_authenticate(viewer_user)
    api_client.get("/api/v1/targets/")
    counts = []
    for size in (2, 12):
        statement = SuccessStatement.objects.create(title=f"S{size}", text="x")
        for code in ("nps", "csat")[: 2 if size == 2 else 2]:
            target(statement, metric=metric(code), baseline_value=20, target_value=30)
        for i in range(size - 2):
            target(
                SuccessStatement.objects.create(title=f"S{size}-{i}", text="x"),
                baseline_value=20, target_value=30,
            )  # fmt: skip
        with CaptureQueriesContext(connection) as queries:
            assert api_client.get("/api/v1/targets/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
