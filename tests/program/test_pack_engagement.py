"""The steering pack's leadership engagement: each leader's CX engagements in the quarter of
the pack against the sponsor's target, as the sponsor's home shows them (one selector, two
doors), those behind first; a working group's pack leaves it out."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from cxgov.dates import today
from cxgov.program.pack.document import pack_build
from governance.models import Engagement, EngagementTarget, Meeting, Tier
from governance.selectors import quarter_of
from tests.factories import BodyFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

NEXT = dt.datetime.combine(today() + dt.timedelta(days=3), dt.time(9), tzinfo=dt.UTC)


@pytest.fixture
def meetings():
    """Steering: Ada (target 3, logged 1: behind) and Bo (target 2, logged 2: met); Cal
    serves without a target and logged none."""
    steering = BodyFactory(tier=Tier.STEERING_COMMITTEE)
    day = quarter_of(NEXT.date())[0]
    for name, target, logged in (("Ada", 3, 1), ("Bo", 2, 2), ("Cal", None, 0)):
        person = UserFactory(first_name=name, last_name="Leader")
        MembershipFactory(body=steering, person=person, start_date=dt.date(2026, 1, 1))
        if target is not None:
            EngagementTarget.objects.create(person=person, per_quarter=target)
        for n in range(logged):
            Engagement.objects.create(
                person=person, kind="cx_day", happened_on=min(day, today()), title=f"CX {n}"
            )
    return {
        "this": Meeting.objects.create(body=steering, starts_at=NEXT, time_zone="UTC"),
        "wg": Meeting.objects.create(body=BodyFactory(), starts_at=NEXT, time_zone="UTC"),
    }


def test_each_leaders_count_against_their_target_behind_first(meetings, client, core_team_user):
    section = pack_build(meeting=meetings["this"], as_of=NEXT)["sections"]["engagement"]
    assert section["applies"] and section["behind"] == 1 and section["total"] == 3
    rows = [(r["name"], r["count"], r["target"], r["met"]) for r in section["items"]]
    assert rows == [
        ("Ada Leader", 1, 3, False),
        ("Bo Leader", 2, 2, True),
        ("Cal Leader", 0, None, None),
    ]
    start, _ = quarter_of(NEXT.date())
    assert section["quarter"] == f"Q{(start.month - 1) // 3 + 1} {start.year}"
    client.force_login(core_team_user)
    html = client.get(
        reverse("program:meeting-pack", kwargs={"pk": meetings["this"].pk})
    ).content.decode()
    assert '<th scope="row">Ada Leader</th><td class="num">1</td><td class="num">3</td>' in html
    assert "against the sponsor's target: 1 behind</caption>" in html


def test_a_working_groups_pack_leaves_the_engagement_out(meetings):
    section = pack_build(meeting=meetings["wg"], as_of=NEXT)["sections"]["engagement"]
    assert not section["applies"] and "items" not in section
