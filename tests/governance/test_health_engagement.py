"""The "leadership engagement against its targets" health signal on an organization built by
hand, its answers worked out in the fixture's docstring: each leader's share of the target met
this quarter, capped at 1, averaged over the leaders with a target; no target, no data."""

from __future__ import annotations

import datetime as dt

import pytest

from cxgov.dates import today
from cxgov.health import health_readings
from governance.health import engagement_met_share
from governance.models import Engagement, EngagementTarget, Tier
from governance.selectors import quarter_of
from tests.factories import BodyFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def engaged(person, times: int, on: dt.date) -> None:
    for n in range(times):
        Engagement.objects.create(person=person, kind="workshop", happened_on=on, title=f"W{n}")


@pytest.fixture
def leaders():
    """
        person   serves on           target  this quarter  share met
        ana      steering, wg        4       3             0.75
        ben      steering, gone      2       5             1 (capped)
        cy       wg                  2       0             0
        dee      (none)              3       1 (+2 last q)  1/3
        eli      steering            0       2             left out: no target asked
        fay      steering            (none)  1             left out
    The program: (0.75 + 1 + 0 + 1/3) / 4 = 0.5208. Steering (ana, ben): 0.875. The working
    group (ana, cy): 0.375. The disbanded body is not measured.
    """
    start, _ = quarter_of(today())
    steering = BodyFactory(name="Steering", tier=Tier.STEERING_COMMITTEE)
    wg = BodyFactory(name="WG")
    gone = BodyFactory(name="Gone", disbanded_on=dt.date(2026, 1, 2))
    people = {
        name: UserFactory(username=name) for name in ("ana", "ben", "cy", "dee", "eli", "fay")
    }
    for body, names in ((steering, "ana ben eli fay"), (wg, "ana cy"), (gone, "ben")):
        for name in names.split():
            MembershipFactory(body=body, person=people[name], start_date=dt.date(2026, 1, 1))
    for name, target, now in (
        ("ana", 4, 3),
        ("ben", 2, 5),
        ("cy", 2, 0),
        ("dee", 3, 1),
        ("eli", 0, 2),
    ):
        EngagementTarget.objects.create(person=people[name], per_quarter=target)
        engaged(people[name], now, start)
    engaged(people["fay"], 1, start)
    engaged(people["dee"], 2, start - dt.timedelta(days=1))  # the quarter before
    return {"steering": steering, "wg": wg, "gone": gone}


def test_each_leaders_share_met_capped_at_one_and_averaged(leaders, django_assert_num_queries):
    with django_assert_num_queries(3):  # targets, this quarter's counts, who serves where
        values = engagement_met_share()
    assert values[None] == pytest.approx((0.75 + 1 + 0 + 1 / 3) / 4)
    assert values[leaders["steering"].pk] == pytest.approx(0.875)
    assert values[leaders["wg"].pk] == pytest.approx(0.375)
    assert leaders["gone"].pk not in values


def test_the_health_page_reads_it_per_body(leaders):
    reading = {r.signal.key: r for r in health_readings(body=leaders["wg"])}["engagement"]
    assert reading.percent == 38 and reading.records_url == "/governance/engagement/"


def test_no_target_set_is_no_data_never_zero(db):
    EngagementTarget.objects.create(person=UserFactory(), per_quarter=0)
    assert engagement_met_share() == {}
    reading = {r.signal.key: r for r in health_readings()}["engagement"]
    assert reading.value is None
