"""Operational figures: entered once per metric and period by the core team, shown through
the same rollups as survey KPIs (no interval, never a small sample)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from voc.errors import VocError
from voc.models import KpiRollup, OperationalValue
from voc.services import operational_value_record, rollup_rebuild

from .factories import metric

pytestmark = pytest.mark.django_db


def enter(user, **fields):
    values = {"metric": metric("churn"), "granularity": "month",
              "period_start_on": dt.date(2026, 3, 1), "value": 1.8}  # fmt: skip
    values.update(fields)
    return operational_value_record(by=user, **values)


def test_an_entered_figure_becomes_its_periods_rollup(core_team_user):
    enter(core_team_user)
    row = KpiRollup.objects.get(metric=metric("churn"))
    assert (row.granularity, row.period_start, row.score, row.low, row.small_sample) == (
        "month", dt.date(2026, 3, 1), 1.8, None, False,
    )  # fmt: skip


def test_entering_the_period_again_corrects_it(core_team_user):
    enter(core_team_user)
    enter(core_team_user, value=1.6)
    assert OperationalValue.objects.get().value == 1.6
    assert KpiRollup.objects.get(metric=metric("churn")).score == 1.6


def test_the_nightly_rebuild_keeps_entered_figures(core_team_user):
    enter(core_team_user)
    rollup_rebuild()
    assert KpiRollup.objects.get(metric=metric("churn")).score == 1.8


def test_a_survey_metric_or_a_date_inside_a_period_is_refused(core_team_user):
    with pytest.raises(VocError, match="scored by customers"):
        enter(core_team_user, metric=metric("nps"))
    with pytest.raises(VocError, match="begins on 01 Mar 2026"):
        enter(core_team_user, period_start_on=dt.date(2026, 3, 4))
    assert not OperationalValue.objects.exists() and not KpiRollup.objects.exists()


def test_only_the_core_team_and_admins_enter_figures(steering_user):
    with pytest.raises(PermissionDenied):
        enter(steering_user)
    assert not OperationalValue.objects.exists()
