"""The steering pack's governance health: the program's score as the health page shows it (one
rule, two doors), its change since the last monthly snapshot, and the weakest signal with the
link to its records; a working group's pack leaves it out."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from cxgov.dates import today
from cxgov.program.models import HealthSnapshot
from cxgov.program.pack.document import pack_build
from governance.models import Meeting, Tier
from tests.factories import ActivityFactory, BodyFactory, RaciFactory

pytestmark = pytest.mark.django_db

NEXT = dt.datetime.combine(today() + dt.timedelta(days=3), dt.time(9), tzinfo=dt.UTC)


@pytest.fixture
def meetings():
    steering = BodyFactory(tier=Tier.STEERING_COMMITTEE)
    # One activity settled (one A, an R), one not: a signal with data.
    settled, unsettled = ActivityFactory(), ActivityFactory()
    RaciFactory(activity=settled, body=steering, letter="A")
    RaciFactory(activity=settled, letter="R")
    RaciFactory(activity=unsettled, body=steering, letter="R")
    return {
        "this": Meeting.objects.create(body=steering, starts_at=NEXT, time_zone="UTC"),
        "wg": Meeting.objects.create(body=BodyFactory(), starts_at=NEXT, time_zone="UTC"),
    }


def page_score(client) -> int:
    page = client.get(reverse("program:health")).content.decode()
    return int(re.search(r'class="health-score">(\d+)<', page).group(1))


def test_the_pack_shows_the_score_the_health_page_shows_and_its_change(
    meetings, client, core_team_user
):
    client.force_login(core_team_user)
    shown = page_score(client)
    last_month = (today().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    HealthSnapshot.objects.create(
        body=None, month=last_month, score=50, taken_at=timezone.now() - dt.timedelta(days=30)
    )
    section = pack_build(meeting=meetings["this"], as_of=NEXT)["sections"]["health"]
    assert section["applies"] and section["score"] == shown
    assert section["change"] == shown - 50
    assert section["since"] == last_month.isoformat()
    assert section["weakest"]["percent"] <= shown and section["weakest"]["url"].startswith("/")
    text = client.get(
        reverse("program:meeting-pack", kwargs={"pk": meetings["this"].pk})
    ).content.decode()
    assert f"<strong>{shown} / 100</strong>" in text
    assert f'href="{section["weakest"]["url"]}">{section["weakest"]["title"]}</a>' in text


def test_a_working_groups_pack_leaves_the_health_out(meetings):
    section = pack_build(meeting=meetings["wg"], as_of=NEXT)["sections"]["health"]
    assert not section["applies"] and "score" not in section
