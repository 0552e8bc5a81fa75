"""The portfolio's health signal: the share of initiatives in progress that reported within the
stale period, per working group and for the program, on initiatives built by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from cxgov.dates import today
from cxgov.health import health_signals
from portfolio.health import initiatives_reporting_share
from portfolio.models import Status
from tests.factories import BodyFactory
from tests.portfolio.factories import InitiativeFactory


def test_initiatives_in_progress_reporting_within_the_stale_period(db, settings):
    """Stale period 14 days, today T. Group A: i1 updated T-5 (reports), i2 updated T-24
    (stale), i3 never updated and started T-15 (stale), i4 never updated and started T-2
    (reports). Group B: i5 updated T-1. A proposal (i6) is not in progress: left out.
    A 2 of 4, B 1 of 1, program 3 of 5. A group with no initiative in progress: no data."""
    settings.CXGOV_PORTFOLIO_STALE_DAYS = 14
    day = today()

    def ago(days):
        return day - dt.timedelta(days=days)

    a, b, idle = BodyFactory(name="A"), BodyFactory(name="B"), BodyFactory(name="Idle")
    running = {"status": Status.IN_PROGRESS, "status_changed_on": ago(60)}
    InitiativeFactory(working_group=a, last_update_on=ago(5), **running)
    InitiativeFactory(working_group=a, last_update_on=ago(24), **running)
    InitiativeFactory(working_group=a, status=Status.IN_PROGRESS, status_changed_on=ago(15))
    InitiativeFactory(working_group=a, status=Status.IN_PROGRESS, status_changed_on=ago(2))
    InitiativeFactory(working_group=b, last_update_on=ago(1), **running)
    InitiativeFactory(working_group=idle, status=Status.PROPOSED)
    values = initiatives_reporting_share()
    assert values[a.pk] == pytest.approx(2 / 4)
    assert values[b.pk] == 1
    assert values[None] == pytest.approx(3 / 5)
    assert idle.pk not in values


def test_no_initiative_in_progress_is_no_data(db):
    assert initiatives_reporting_share() == {None: None}
    assert "updates" in health_signals
