"""voc model invariants: metric scales, the pseudonymous customer key, one response per
external id and metric, one rollup row per metric, period and dimension value."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from voc.models import KpiRollup, Metric, MetricKind, Response
from voc.stats import Estimator

from .factories import ResponseFactory, metric

pytestmark = pytest.mark.django_db


def test_the_migration_seeds_nps_csat_ces_and_operational_metrics():
    seeded = dict(Metric.objects.values_list("code", "kind"))
    assert seeded["nps"] == MetricKind.NPS
    assert seeded["csat"] == MetricKind.CSAT
    assert seeded["ces"] == MetricKind.CES
    assert {"churn", "handle-time", "repeat-contacts"} <= set(seeded)
    assert metric("csat").success_min == 4 and metric("csat").success_max == 5
    assert metric("ces").estimator == Estimator.MEAN


def test_nps_keeps_its_standard_scale():
    nps = metric("nps")
    nps.scale_max = 5
    with pytest.raises(ValidationError, match="scored 0 to 10"):
        nps.full_clean()


def test_custom_share_needs_its_range_of_scores_on_the_scale():
    custom = Metric(
        code="ease",
        name="Ease",
        kind=MetricKind.CUSTOM_SHARE,
        scale_min=0,
        scale_max=10,
        success_min=8,
        success_max=12,
    )
    with pytest.raises(ValidationError, match="must lie on the scale"):
        custom.full_clean()


def test_reporting_time_zone_must_exist():
    nps = metric("nps")
    nps.reporting_time_zone = "Mars/Olympus"
    with pytest.raises(ValidationError, match="not a time zone"):
        nps.full_clean()


def test_score_off_the_scale_or_fractional_is_refused():
    assert metric("nps").score_error(11) == "11 is off the scale 0-10"
    assert metric("csat").score_error(4.5) == "4.5 is not a whole number"
    assert metric("csat").score_error(4) is None


def test_customer_key_that_is_an_email_address_is_refused_by_the_model_and_the_database():
    response = ResponseFactory.build(customer_key="jane@example.com")
    with pytest.raises(ValidationError, match="e-mail address"):
        response.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        ResponseFactory(customer_key="jane@example.com")


def test_external_id_is_unique_per_metric_only():
    ResponseFactory(external_id="A-1")
    ResponseFactory(external_id="A-1", metric=metric("csat"), score=4)
    with pytest.raises(IntegrityError), transaction.atomic():
        ResponseFactory(external_id="A-1")
    assert Response.objects.count() == 2


def test_one_rollup_row_per_metric_granularity_period_and_dimension():
    fields = {"metric": metric("nps"), "granularity": "day", "period_start": dt.date(2026, 3, 2)}
    KpiRollup.objects.create(**fields, n=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        KpiRollup.objects.create(**fields, n=2)


def test_overall_rollup_carries_no_dimension_value():
    with pytest.raises(IntegrityError), transaction.atomic():
        KpiRollup.objects.create(
            metric=metric("nps"),
            granularity="day",
            period_start=dt.date(2026, 3, 2),
            dimension_kind="overall",
            dimension_id=7,
        )


def test_rollup_marks_a_small_sample_from_settings(settings):
    settings.CXGOV_VOC_MIN_SAMPLE = 30
    row = KpiRollup(metric=metric("nps"), n=29, promoters=29)
    assert row.small_sample
    row.n = 30
    assert not row.small_sample
