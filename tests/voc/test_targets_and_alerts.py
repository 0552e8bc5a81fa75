"""KPI targets against the straight path from baseline to target, and alerts raised once per
metric, scope, period and kind."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from governance.models import SuccessStatement
from voc import services
from voc.models import Alert, AlertKind, KpiRollup, KpiTarget, TargetStatus
from voc.selectors import target_status, targets_with_status

from .factories import metric

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 7, 15)


@pytest.fixture
def statement(db):
    return SuccessStatement.objects.create(title="Easy to do business with", text="Every time.")


def nps_target(statement, **fields) -> KpiTarget:
    # The path: 10 points on 1 Jan 2026 to 40 points on 1 Jan 2027 (365 days).
    values = {
        "success_statement": statement,
        "metric": metric("nps"),
        "baseline_value": 10,
        "baseline_period_start": dt.date(2026, 1, 1),
        "target_value": 40,
        "target_date": dt.date(2027, 1, 1),
    }
    values.update(fields)
    target = KpiTarget(**values)
    target.full_clean()
    target.save()
    return target


def month(metric_code: str, start: dt.date, *, score, low, high, n=400, **fields) -> KpiRollup:
    return KpiRollup.objects.create(
        metric=metric(metric_code),
        granularity="month",
        period_start=start,
        n=n,
        score=score,
        low=low,
        high=high,
        **fields,
    )


def test_the_path_runs_straight_from_baseline_to_target(statement):
    target = nps_target(statement)
    assert target.expected_on(dt.date(2026, 1, 1)) == 10
    # 30 June is day 180 of 365: 10 + 30 * 180/365 = 24.79.
    assert target.expected_on(dt.date(2026, 6, 30)) == pytest.approx(24.7945, abs=1e-4)
    assert target.expected_on(dt.date(2028, 1, 1)) == 40


@pytest.mark.parametrize(
    "score, low, high, status",
    [
        (26.0, 20.0, 32.0, TargetStatus.ON_TRACK),  # on or beyond the line (24.79)
        (22.0, 16.0, 28.0, TargetStatus.AT_RISK),  # short, but the interval reaches the line
        (18.0, 12.0, 24.0, TargetStatus.OFF_TRACK),  # the whole interval short of the line
    ],
)
def test_status_of_a_higher_is_better_kpi(statement, score, low, high, status):
    row = month("nps", dt.date(2026, 6, 1), score=score, low=low, high=high)
    assert target_status(nps_target(statement), row) == (status, pytest.approx(24.7945, abs=1e-4))


@pytest.mark.parametrize(
    "score, low, high, status",
    [
        (4.0, 3.6, 4.4, TargetStatus.ON_TRACK),
        (4.3, 3.9, 4.7, TargetStatus.AT_RISK),
        (5.2, 4.9, 5.5, TargetStatus.OFF_TRACK),
    ],
)
def test_status_of_a_lower_is_better_kpi_mirrors(statement, score, low, high, status):
    ces = metric("ces")
    ces.direction = "lower"
    ces.save()
    # 5.0 on 1 Jan 2026 to 3.0 on 1 Jan 2027: expected 4.014 on 30 June.
    target = nps_target(statement, metric=ces, baseline_value=5, target_value=3)
    row = month("ces", dt.date(2026, 6, 1), score=score, low=low, high=high)
    assert target_status(target, row)[0] == status


def test_no_rollup_means_no_data(statement):
    assert target_status(nps_target(statement), None) == (TargetStatus.NO_DATA, None)


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"target_value": 5}, "target_value", "should be above the baseline"),
        ({"target_value": 10}, "target_value", "The target is the baseline"),
        ({"target_value": 140}, "target_value", "outside -100 to 100"),
        ({"target_date": dt.date(2025, 12, 1)}, "target_date", "must come after the baseline"),
        ({"dimension_kind": "touchpoint"}, "dimension_id", "Choose a dimension value"),
    ],
)
def test_a_target_that_makes_no_sense_is_refused(statement, fields, field, message):
    with pytest.raises(ValidationError) as caught:
        nps_target(statement, **fields)
    assert message in " ".join(caught.value.message_dict[field])


def test_target_changes_are_kept_in_history(statement):
    target = nps_target(statement)
    target.target_value = 45
    target.save()
    assert [h.target_value for h in target.history.all()] == [45, 40]


def test_status_reads_the_latest_completed_period_in_a_flat_number_of_queries(
    statement, django_assert_num_queries
):
    nps_target(statement)
    month("nps", dt.date(2026, 5, 1), score=30, low=24, high=36)
    month("nps", dt.date(2026, 6, 1), score=18, low=12, high=24)
    month("nps", dt.date(2026, 7, 1), score=50, low=40, high=60)  # July is not over on the 15th
    with django_assert_num_queries(3):
        [reading] = targets_with_status(KpiTarget.objects.all(), on=TODAY)
    assert (reading.status, reading.previous_status) == (
        TargetStatus.OFF_TRACK,
        TargetStatus.ON_TRACK,
    )
    assert reading.latest.period_start == dt.date(2026, 6, 1)


def test_crossing_into_off_track_raises_one_alert_however_often_the_check_runs(statement):
    nps_target(statement)
    month(
        "nps",
        dt.date(2026, 5, 1),
        score=30,
        low=24,
        high=36,
        promoters=200,
        detractors=80,
        passives=120,
    )
    month(
        "nps",
        dt.date(2026, 6, 1),
        score=18,
        low=12,
        high=24,
        promoters=160,
        detractors=88,
        passives=152,
    )
    assert services.alerts_raise(on=TODAY) >= 1
    assert services.alerts_raise(on=TODAY) == 0
    off = Alert.objects.get(kind=AlertKind.OFF_TRACK)
    assert off.period_start == dt.date(2026, 6, 1) and off.for_steering_committee
    assert off.message.startswith("Net Promoter Score (overall) is off track in June 2026: 18.0")


def test_staying_off_track_does_not_raise_again(statement):
    nps_target(statement)
    month("nps", dt.date(2026, 5, 1), score=10, low=5, high=15)
    month("nps", dt.date(2026, 6, 1), score=10, low=5, high=15)
    services.alerts_raise(on=TODAY)
    assert not Alert.objects.filter(kind=AlertKind.OFF_TRACK).exists()


def test_a_change_outside_the_noise_raises_an_alert_and_noise_does_not():
    # May: 200/120/80 -> NPS 30; June: 140/140/120 -> NPS 5 on 400 each: interval excludes zero.
    month(
        "nps",
        dt.date(2026, 5, 1),
        score=30,
        low=0,
        high=0,
        promoters=200,
        passives=120,
        detractors=80,
    )
    month(
        "nps",
        dt.date(2026, 6, 1),
        score=5,
        low=0,
        high=0,
        promoters=140,
        passives=140,
        detractors=120,
    )
    # CSAT: 300/400 then 306/400: well within the noise.
    month("csat", dt.date(2026, 5, 1), score=75, low=0, high=0, share_count=300)
    month("csat", dt.date(2026, 6, 1), score=76.5, low=0, high=0, share_count=306)
    assert services.alerts_raise(on=TODAY) == 1
    alert = Alert.objects.get()
    assert alert.kind == AlertKind.OUTSIDE_NOISE and alert.metric.code == "nps"
    assert alert.message.startswith(
        "Net Promoter Score (overall) fell 25.0 points from May 2026 to June 2026"
    )


def test_the_database_refuses_a_second_alert_for_the_same_metric_scope_period_and_kind():
    fields = {
        "metric": metric("nps"),
        "granularity": "month",
        "period_start": dt.date(2026, 6, 1),
        "kind": AlertKind.OUTSIDE_NOISE,
        "message": "x",
    }
    Alert.objects.create(**fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Alert.objects.create(**fields)


def test_alerts_run_nightly_from_beat():
    from django_celery_beat.models import PeriodicTask

    from cxgov.celery import app as celery_app
    from voc.tasks import alerts_raise_task

    assert PeriodicTask.objects.filter(task="voc.alerts_raise").exists()
    assert "voc.alerts_raise" in celery_app.tasks
    assert alerts_raise_task.apply().get() == 0


def test_the_job_counts_the_alerts_it_inserted_not_those_it_tried_nor_others(
    statement, monkeypatch
):
    """Two alerts due (off track, and a fall outside the noise, as in the tests above). One of
    them was raised already, and while the job runs another process raises an alert of its
    own: the job reports the one it inserted."""
    nps_target(statement)
    # May on track (30, 95% interval 25 to 35, against about 20 expected), June off track (5,
    # interval 0 to 10, against about 22): 25 points down, outside the noise.
    month("nps", dt.date(2026, 5, 1), score=30, low=25, high=35,
          promoters=200, passives=120, detractors=80)  # fmt: skip
    month("nps", dt.date(2026, 6, 1), score=5, low=0, high=10,
          promoters=140, passives=140, detractors=120)  # fmt: skip
    Alert.objects.create(metric=metric("nps"), granularity="month",
                         period_start=dt.date(2026, 6, 1), kind=AlertKind.OUTSIDE_NOISE,
                         message="Raised by an earlier run.")  # fmt: skip
    from voc import selectors

    original = selectors.steering_next_meeting

    def meanwhile(**kwargs):  # another writer, between the job's reads and its inserts
        Alert.objects.create(metric=metric("csat"), granularity="month",
                             period_start=dt.date(2026, 6, 1), kind=AlertKind.OUTSIDE_NOISE,
                             message="Raised elsewhere.")  # fmt: skip
        return original(**kwargs)

    monkeypatch.setattr(selectors, "steering_next_meeting", meanwhile)
    assert services.alerts_raise(on=TODAY) == 1
    assert Alert.objects.count() == 3
    assert Alert.objects.filter(kind=AlertKind.OFF_TRACK).count() == 1
