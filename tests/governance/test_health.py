"""Governance's health signal: the share of activities whose RACI is settled (exactly one
Accountable, at least one Responsible, among people and active bodies), on a matrix built by
hand."""

from __future__ import annotations

import datetime as dt

import pytest

from cxgov.health import health_readings
from governance.health import raci_settled_share
from governance.models import Activity, Tier
from tests.factories import ActivityFactory, BodyFactory, RaciFactory, UserFactory


@pytest.fixture
def matrix(db):
    """
                 steering  wg   gone (disbanded)  person   settled?
        a1        A        R                               yes
        a2        A                                        no: no R
        a3                 R                       A       yes: a person carries the A
        a4                 R    A                          no: a disbanded body carries nothing
        a5                                                 no: no letter at all
    The program: 2 of 5. The working group holds letters on a1, a3, a4: 2 of 3. The steering
    committee on a1, a2: 1 of 2.
    """
    Activity.objects.all().delete()  # only this test's activities, not the seeded ones
    steering = BodyFactory(name="Steering", tier=Tier.STEERING_COMMITTEE)
    wg = BodyFactory(name="WG")
    gone = BodyFactory(name="Gone", disbanded_on=dt.date(2026, 1, 2))
    idle = BodyFactory(name="Idle")
    person = UserFactory()
    a1, a2, a3, a4, _a5 = (ActivityFactory() for _ in range(5))
    RaciFactory(activity=a1, body=steering, letter="A")
    RaciFactory(activity=a1, body=wg, letter="R")
    RaciFactory(activity=a2, body=steering, letter="A")
    RaciFactory(activity=a3, body=wg, letter="R")
    RaciFactory(activity=a3, body=None, person=person, letter="A")
    RaciFactory(activity=a4, body=wg, letter="R")
    RaciFactory(activity=a4, body=gone, letter="A")
    return {"steering": steering, "wg": wg, "idle": idle}


def test_the_program_share_of_settled_activities(matrix, django_assert_num_queries):
    with django_assert_num_queries(2):  # every activity, the settled ones
        assert raci_settled_share(None) == pytest.approx(2 / 5)


def test_a_bodys_share_counts_the_activities_it_holds_a_letter_on(matrix):
    assert raci_settled_share(matrix["wg"]) == pytest.approx(2 / 3)
    assert raci_settled_share(matrix["steering"]) == pytest.approx(1 / 2)


def test_no_activity_to_judge_is_no_data_not_zero(matrix):
    assert raci_settled_share(matrix["idle"]) is None
    Activity.objects.all().delete()
    assert raci_settled_share(None) is None


def test_the_signal_reaches_the_kits_readings(matrix):
    (reading,) = [r for r in health_readings(body=matrix["wg"]) if r.signal.key == "raci"]
    assert reading.value == pytest.approx(2 / 3)
