"""The steering pack's drivers: the comment themes detractors mention most over the three
complete months before the pack is read, with the change since the last meeting (the three
months before it), against hand counts and a plain Newcombe formula."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from django.urls import reverse

from cxgov.program.pack.document import pack_build
from cxgov.program.services import kpi_pack_freeze
from governance.models import Meeting, Tier
from tests.factories import BodyFactory
from tests.voc.factories import metric
from voc import services
from voc.models import Response, Theme

pytestmark = pytest.mark.django_db

Z = 1.959963984540054
LAST = dt.datetime(2026, 10, 13, 8, 0, tzinfo=dt.UTC)
NEXT = dt.datetime(2026, 11, 10, 9, 0, tzinfo=dt.UTC)


def wilson(x: int, n: int) -> tuple[float, float]:
    p, z2 = x / n, Z * Z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = Z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    return centre - half, centre + half


def comments(month: int, *, detractors: tuple[int, int], others: tuple[int, int]) -> None:
    """(comments, of which mention login) from detractors (score 3) and others (score 9)."""
    for score, (total, login) in ((3, detractors), (9, others)):
        for i in range(total):
            Response.objects.create(
                metric=metric("nps"), score=score, comment="login failed" if i < login else "ok",
                responded_at=dt.datetime(2026, month, 5 + i, tzinfo=dt.UTC),
                external_id=f"p-{Response.objects.count()}",
            )  # fmt: skip


@pytest.fixture
def meetings():
    # July (only before the last meeting's window ends), September (both), October (now).
    comments(7, detractors=(2, 2), others=(2, 0))
    comments(9, detractors=(4, 2), others=(4, 0))
    comments(10, detractors=(2, 2), others=(4, 1))
    Theme.objects.create(name="App login", keywords=["login"], languages=["en"])
    services.comments_backfill()
    steering = BodyFactory(tier=Tier.STEERING_COMMITTEE)
    Meeting.objects.create(body=steering, starts_at=LAST, time_zone="Europe/London")
    return {
        "this": Meeting.objects.create(body=steering, starts_at=NEXT, time_zone="Europe/London"),
        "wg": Meeting.objects.create(body=BodyFactory(), starts_at=NEXT, time_zone="UTC"),
    }


def test_the_pack_shows_the_top_driver_and_its_change_since_the_last_meeting(meetings):
    section = pack_build(meeting=meetings["this"], as_of=NEXT)["sections"]["drivers"]
    assert section["applies"] and (section["first_month"], section["last_month"]) == (
        "2026-08-01", "2026-10-01",
    )  # fmt: skip
    (item,) = section["items"]
    # Now (Aug-Oct): detractors 4 of 6 mention login, others 1 of 8: 66.67 - 12.5 = 54.17.
    # Before the last meeting (Jul-Sep): 4 of 6 against 0 of 6: 66.67; change -12.5.
    assert (item["theme"], item["metric_code"], item["n"]) == ("App login", "nps", 14)
    assert item["value"] == 54.2 and item["previous"] == 66.7 and item["change"] == -12.5
    l1, u1 = wilson(4, 6)
    l2, u2 = wilson(1, 8)
    d = 4 / 6 - 1 / 8
    low = d - math.hypot(4 / 6 - l1, u2 - 1 / 8)
    high = d + math.hypot(u1 - 4 / 6, 1 / 8 - l2)
    assert (item["low"], item["high"]) == (round(100 * low, 1), round(100 * high, 1))
    assert item["small_sample"] and item["drives_down"] == (low > 0)


def test_a_working_groups_pack_leaves_the_drivers_out(meetings):
    section = pack_build(meeting=meetings["wg"], as_of=NEXT)["sections"]["drivers"]
    assert not section["applies"] and "items" not in section


def test_the_pack_page_draws_the_drivers(meetings, client, core_team_user):
    # The pack stored as read at the meeting, so the page shows that day's figures.
    kpi_pack_freeze(meeting=meetings["this"], as_of=NEXT)
    client.force_login(core_team_user)
    page = client.get(reverse("program:meeting-pack", kwargs={"pk": meetings["this"].pk}))
    assert page.status_code == 200
    text = page.content.decode()
    assert "What drives the scores down" in text and "down 12.5 points since the last" in text


def test_a_driver_whose_interval_reaches_zero_is_marked_not_certain(client, core_team_user):
    # October only: 1 of 2 detractors mention login, 0 of 4 others: 50 points, but by hand
    # Wilson 1/2 = (0.095, 0.905) and 0/4 = (0, 0.490), so the low end is
    # 0.5 - sqrt(0.405^2 + 0.490^2) = -0.136: the interval reaches below zero.
    comments(10, detractors=(2, 1), others=(4, 0))
    Theme.objects.create(name="App login", keywords=["login"], languages=["en"])
    services.comments_backfill()
    meeting = Meeting.objects.create(
        body=BodyFactory(tier=Tier.STEERING_COMMITTEE), starts_at=NEXT, time_zone="UTC"
    )
    (item,) = pack_build(meeting=meeting, as_of=NEXT)["sections"]["drivers"]["items"]
    assert item["value"] == 50.0 and item["low"] < 0 and item["drives_down"] is False
    kpi_pack_freeze(meeting=meeting, as_of=NEXT)
    client.force_login(core_team_user)
    text = client.get(reverse("program:meeting-pack", kwargs={"pk": meeting.pk})).content.decode()
    assert "not certain: the interval reaches zero" in text


def test_a_driver_above_zero_is_not_marked(meetings, client, core_team_user):
    kpi_pack_freeze(meeting=meetings["this"], as_of=NEXT)
    client.force_login(core_team_user)
    page = client.get(reverse("program:meeting-pack", kwargs={"pk": meetings["this"].pk}))
    assert "App login" in page.content.decode()
    assert "not certain" not in page.content.decode()
