"""Operational figures: entered once per metric, period and touchpoint (or the whole company) by
the core team, shown through the same rollups as survey KPIs (no interval, never a small
sample), a touchpoint's at that touchpoint; corrected, never entered twice."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from voc.errors import VocError
from voc.models import KpiRollup, OperationalValue
from voc.services import operational_value_correct, operational_value_record, rollup_rebuild

from .factories import TouchpointFactory, metric

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


def test_entering_the_period_again_is_refused_naming_it_and_a_correction_changes_it(
    core_team_user,
):
    first = enter(core_team_user)
    with pytest.raises(VocError) as refused:
        enter(core_team_user, value=1.6)
    assert refused.value.field == "period_start_on"
    assert str(refused.value) == (
        "Customer churn rate already has a figure for the month of 1 Mar 2026 (1.8): "
        "correct that one instead."
    )
    assert OperationalValue.objects.get().value == 1.8
    operational_value_correct(
        by=core_team_user, figure=first, data={"value": 1.6, "note": "Restated"}
    )
    assert OperationalValue.objects.get().value == 1.6
    assert KpiRollup.objects.get(metric=metric("churn")).score == 1.6


def test_a_touchpoints_figure_is_its_own_and_rolls_up_at_that_touchpoint(core_team_user):
    app = TouchpointFactory(code="app-login", name="Mobile app login")
    enter(core_team_user, value=1.8)
    enter(core_team_user, value=2.4, touchpoint=app)
    rows = KpiRollup.objects.filter(metric=metric("churn")).order_by("dimension_kind")
    assert [(r.dimension_kind, r.dimension_id, r.score) for r in rows] == [
        ("overall", 0, 1.8),
        ("touchpoint", app.pk, 2.4),
    ]
    with pytest.raises(VocError, match="at Mobile app login") as refused:
        enter(core_team_user, value=2.5, touchpoint=app)
    assert refused.value.field == "period_start_on"
    assert OperationalValue.objects.count() == 2 and KpiRollup.objects.count() == 2


def test_a_retired_touchpoint_is_refused_naming_it(core_team_user):
    kiosk = TouchpointFactory(code="kiosk", name="Kiosk", is_active=False)
    with pytest.raises(VocError, match="Kiosk is retired") as refused:
        enter(core_team_user, touchpoint=kiosk)
    assert refused.value.field == "touchpoint"
    assert not OperationalValue.objects.exists() and not KpiRollup.objects.exists()


def test_the_nightly_rebuild_keeps_entered_figures(core_team_user):
    enter(core_team_user)
    rollup_rebuild()
    assert KpiRollup.objects.get(metric=metric("churn")).score == 1.8


def test_a_survey_metric_or_a_date_inside_a_period_is_refused(core_team_user):
    with pytest.raises(VocError, match="scored by customers"):
        enter(core_team_user, metric=metric("nps"))
    with pytest.raises(VocError, match="begins on 1 Mar 2026"):
        enter(core_team_user, period_start_on=dt.date(2026, 3, 4))
    assert not OperationalValue.objects.exists() and not KpiRollup.objects.exists()


def test_only_the_core_team_and_admins_enter_figures(steering_user):
    with pytest.raises(PermissionDenied):
        enter(steering_user)
    assert not OperationalValue.objects.exists()
