"""voc's health signals on hand-built data: KPI targets with a value for their last complete
period, and closed-loop cases closed within their service level. Neither belongs to a body."""

from __future__ import annotations

import datetime as dt

import pytest

from cxgov.dates import today
from cxgov.health import health_readings
from governance.models import SuccessStatement
from tests.factories import BodyFactory
from tests.voc.factories import TouchpointFactory, metric
from voc.health import (
    cases_within_service_level_share,
    last_complete_period,
    targets_with_data_share,
)
from voc.models import ClosedLoopCase, KpiRollup, KpiTarget, Response


def test_the_last_complete_period_is_the_one_before_todays():
    assert last_complete_period(dt.date(2026, 12, 7), "month") == dt.date(2026, 11, 1)
    assert last_complete_period(dt.date(2026, 1, 1), "month") == dt.date(2025, 12, 1)
    assert last_complete_period(dt.date(2026, 12, 7), "quarter") == dt.date(2026, 7, 1)
    assert last_complete_period(dt.date(2026, 12, 7), "week") == dt.date(2026, 11, 30)


def test_targets_with_data_for_their_last_complete_period(db, django_assert_num_queries):
    """t1 monthly NPS overall: a value last month (has data). t2 monthly NPS at a touchpoint:
    a value two months ago only (none). t3 quarterly CSAT: a value last quarter (has data).
    t4 ended yesterday: left out. t5 monthly CES: last month's rollup has no score (none).
    2 of 4."""
    day = today()
    statement = SuccessStatement.objects.create(title="Easy", text="Every time.")
    checkout = TouchpointFactory(code="checkout")
    running = day + dt.timedelta(days=200)

    def target(code, **fields):
        values = {
            "success_statement": statement, "metric": metric(code), "baseline_value": 10,
            "baseline_period_start": dt.date(2025, 1, 1), "target_value": 40,
            "target_date": running,
        }  # fmt: skip
        return KpiTarget.objects.create(**{**values, **fields})

    def rollup(code, granularity, start, score=10.0, **fields):
        KpiRollup.objects.create(
            metric=metric(code), granularity=granularity, period_start=start, n=5, score=score,
            **fields,
        )  # fmt: skip

    month = last_complete_period(day, "month")
    target("nps")
    target("nps", dimension_kind="touchpoint", dimension_id=checkout.pk)
    target("csat", granularity="quarter")
    target("churn", target_date=day - dt.timedelta(days=1))
    target("ces")
    rollup("nps", "month", month)
    rollup(
        "nps", "month", last_complete_period(month, "month"),
        dimension_kind="touchpoint", dimension_id=checkout.pk,
    )  # fmt: skip
    rollup("csat", "quarter", last_complete_period(day, "quarter"))
    rollup("churn", "month", month)
    rollup("ces", "month", month, score=None)
    with django_assert_num_queries(2):
        assert targets_with_data_share() == {None: pytest.approx(2 / 4)}


def test_no_running_target_is_no_data(db):
    assert targets_with_data_share() == {}


def test_cases_closed_within_their_service_level(db):
    """Today T. c1 due T-10 closed T-12 (in time), c2 due T-5 closed T-3 (late), c3 due T-2
    still open (missed), c4 due T+3 open (not due: left out), c5 due T-200 (outside the
    window). 1 of 3. A body has no data on it: it weighs nothing in the body's score."""
    day = today()

    def case(due, closed=None):
        n = Response.objects.count() + 1
        response = Response.objects.create(
            metric=metric("nps"), score=2, external_id=f"health-{n}",
            responded_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        )  # fmt: skip
        due_on = day + dt.timedelta(days=due)
        ClosedLoopCase.objects.create(
            response=response, metric=response.metric, opened_on=due_on - dt.timedelta(days=5),
            due_on=due_on, status="closed" if closed is not None else "open",
            closed_on=None if closed is None else day + dt.timedelta(days=closed),
            closing_note="Called." if closed is not None else "",
        )  # fmt: skip

    case(-10, closed=-12)
    case(-5, closed=-3)
    case(-2)
    case(3)
    case(-200)
    assert cases_within_service_level_share() == {None: pytest.approx(1 / 3)}
    readings = {r.signal.key: r.value for r in health_readings(body=BodyFactory())}
    assert readings["cases"] is None
    assert readings["targets"] is None


def test_no_case_due_is_no_data(db):
    assert cases_within_service_level_share() == {None: None}
