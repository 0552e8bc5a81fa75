"""The program's digest section: the governance health score now, its change since the latest
snapshot of an earlier month, and the weakest signal, for those who steer by it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from cxgov.dates import today
from cxgov.digest import sections_for
from cxgov.program.digest import health_change
from cxgov.program.models import HealthSnapshot
from governance.models import Activity, Tier
from tests.factories import ActivityFactory, BodyFactory, RaciFactory

pytestmark = pytest.mark.django_db

SINCE = timezone.make_aware(dt.datetime(2026, 11, 1))


@pytest.fixture
def half_settled_raci():
    """Two activities more than the core team's fifteen the migrations seed (none settled),
    one with its Accountable and a Responsible: RACI reads 1 of 17; the steering committee
    has no charter: 0 of 1. No other signal has data (no meeting, target, case...), so the
    score is round(100 * (1/17 + 0) / 2) = round(2.94) = 3, and the charter is weakest."""
    steering = BodyFactory(tier=Tier.STEERING_COMMITTEE)
    settled, unsettled = ActivityFactory(), ActivityFactory()
    RaciFactory(activity=settled, body=steering, letter="A")
    RaciFactory(activity=settled, letter="R")
    RaciFactory(activity=unsettled, body=steering, letter="R")


def last_month() -> dt.date:
    return (today().replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def test_the_score_its_change_and_the_weakest_signal(
    half_settled_raci, core_team_user, executive_user
):
    HealthSnapshot.objects.create(
        body=None, month=last_month(), score=1, taken_at=timezone.now() - dt.timedelta(days=30)
    )
    found = health_change(users=[core_team_user, executive_user], since=SINCE)
    score, weakest = found[core_team_user.pk]
    assert (score.text, score.note, score.link) == (
        "Governance health is 3 out of 100",
        f"up 2 since {last_month():%B %Y}",
        "/program/health/",
    )
    assert (weakest.text, weakest.note) == (
        "The weakest signal: Charter approved and reviewed within a year",
        "0%",
    )
    assert found[executive_user.pk] == [score, weakest]


def test_a_fall_and_no_snapshot_are_said_as_such(half_settled_raci, core_team_user):
    [score, _] = health_change(users=[core_team_user], since=SINCE)[core_team_user.pk]
    assert score.note == "no earlier monthly snapshot to compare it with yet"
    HealthSnapshot.objects.create(
        body=None, month=last_month(), score=18, taken_at=timezone.now() - dt.timedelta(days=30)
    )
    [score, _] = health_change(users=[core_team_user], since=SINCE)[core_team_user.pk]
    assert score.note == f"down 15 since {last_month():%B %Y}"


def test_no_score_without_data_and_only_for_those_who_steer(
    core_team_user, wg_member_user, steering_user
):
    Activity.objects.all().delete()  # the seeded activities: RACI's data
    assert health_change(users=[core_team_user], since=SINCE) == {}
    assert "program.health" in {s.key for s in sections_for(steering_user)}
    assert "program.health" not in {s.key for s in sections_for(wg_member_user)}
