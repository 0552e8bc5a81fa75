"""Key drivers against hand-worked figures: the shares of detractors' and others' comments that
mention a theme, their difference and its 95% interval (Newcombe's method 10 from Wilson
intervals), worked by hand below and recomputed by a plain formula written here."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from voc import services
from voc.models import Response, Theme
from voc.selectors import key_drivers, latest_comment_month, months_back

from .factories import TouchpointFactory, metric

pytestmark = pytest.mark.django_db

Z = 1.959963984540054
MARCH = dt.date(2026, 3, 1)


def wilson(x: int, n: int) -> tuple[float, float]:
    p = x / n
    centre = (p + Z * Z / (2 * n)) / (1 + Z * Z / n)
    half = Z * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / (1 + Z * Z / n)
    return centre - half, centre + half


def newcombe(x1: int, n1: int, x2: int, n2: int) -> tuple[float, float, float]:
    """p1 - p2 and its interval (Newcombe 1998, method 10), as fractions."""
    p1, p2 = x1 / n1, x2 / n2
    l1, u1 = wilson(x1, n1)
    l2, u2 = wilson(x2, n2)
    d = p1 - p2
    return (
        d,
        d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2),
        d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2),
    )


def respond(score: int, comment: str, *, when=dt.datetime(2026, 3, 5, tzinfo=dt.UTC), **fields):
    return Response.objects.create(
        metric=fields.pop("metric", None) or metric("nps"), score=score, comment=comment,
        responded_at=when, external_id=f"d-{Response.objects.count() + 1}", **fields,
    )  # fmt: skip


@pytest.fixture
def march():
    """March 2026, NPS: 10 detractors' comments (6 on login) and 20 others' (2 on login, 4 on
    queues); 5 responses without a comment count nowhere."""
    branch = TouchpointFactory(code="branch", name="Branch")
    for i in range(10):
        respond(i % 7, "Could not login again" if i < 6 else "Not good", touchpoint=branch)
    for i in range(20):
        text = "Login fine" if i < 2 else "The queue was short" if i < 6 else "Fine"
        respond(7 + i % 4, text)
    for i in range(5):
        respond(i, "")
    Theme.objects.create(name="App login", keywords=["login"], languages=["en"])
    Theme.objects.create(name="Branch queues", keywords=["queue*"], languages=["en"])
    Theme.objects.create(name="Fees", keywords=["fee*"], languages=["en"])
    services.comments_backfill()
    return branch


def test_the_driver_and_its_interval_match_the_hand_worked_figures(march):
    table = key_drivers(metric=metric("nps"), first_month=MARCH, last_month=MARCH)
    assert (table.detractors, table.others) == (10, 20)
    login = table.drivers[0]
    assert login.theme.name == "App login"
    assert (login.detractor_mentions, login.other_mentions) == (6, 2)
    # By hand: Wilson 6/10 = (0.3127, 0.8318), 2/20 = (0.0279, 0.3010); d = 0.6 - 0.1 = 0.5;
    # low = 0.5 - sqrt((0.6 - 0.3127)^2 + (0.3010 - 0.1)^2) = 0.5 - 0.3507 = 0.1493;
    # high = 0.5 + sqrt((0.8318 - 0.6)^2 + (0.1 - 0.0279)^2) = 0.5 + 0.2428 = 0.7428.
    d = login.difference
    assert d.value == pytest.approx(50.0)
    assert d.low == pytest.approx(14.93, abs=0.01) and d.high == pytest.approx(74.28, abs=0.01)
    plain = newcombe(6, 10, 2, 20)
    assert (d.value, d.low, d.high) == pytest.approx(tuple(100 * v for v in plain), abs=1e-9)
    assert login.drives_down and login.n == 30
    assert login.small_sample  # 10 detractors' comments: under the minimum of 30


def test_a_theme_others_mention_more_is_a_negative_driver_ranked_below(march):
    drivers = key_drivers(metric=metric("nps"), first_month=MARCH, last_month=MARCH).drivers
    assert [d.theme.name for d in drivers] == ["App login", "Fees", "Branch queues"]
    queues = drivers[-1]
    # 0/10 against 4/20: -20 points; by the plain formula here.
    plain = newcombe(0, 10, 4, 20)
    assert (queues.value, queues.difference.low, queues.difference.high) == pytest.approx(
        tuple(100 * v for v in plain), abs=1e-9
    )
    assert queues.value == pytest.approx(-20.0) and not queues.drives_down
    fees = drivers[1]  # nobody mentions it: 0 points, an interval around zero
    assert fees.value == 0 and fees.difference.low < 0 < fees.difference.high


def test_drivers_on_one_touchpoint_count_only_its_comments(march):
    table = key_drivers(
        metric=metric("nps"), first_month=MARCH, last_month=MARCH, touchpoint_id=march.pk
    )
    # Only the ten detractors were on the branch: no other comment there, so no difference.
    assert (table.detractors, table.others) == (10, 0)
    assert all(d.difference is None for d in table.drivers)


def test_months_add_up_and_outside_months_count_nowhere(march):
    respond(2, "login broke", when=dt.datetime(2026, 4, 2, tzinfo=dt.UTC))
    respond(9, "ok", when=dt.datetime(2026, 4, 2, tzinfo=dt.UTC))
    respond(1, "login broke", when=dt.datetime(2026, 1, 2, tzinfo=dt.UTC))  # outside
    services.comments_backfill()
    april = dt.date(2026, 4, 1)
    assert latest_comment_month(metric("nps")) == april
    first = months_back(april, 2)
    assert first == MARCH
    table = key_drivers(metric=metric("nps"), first_month=first, last_month=april)
    login = table.drivers[0]
    assert (table.detractors, table.others) == (11, 21)
    assert (login.detractor_mentions, login.other_mentions) == (7, 2)
    plain = newcombe(7, 11, 2, 21)
    assert login.difference.low == pytest.approx(100 * plain[1], abs=1e-9)


def test_csat_drivers_use_the_dissatisfied(db):
    csat = metric("csat")
    for score, text in [(1, "rude staff"), (2, "rude"), (3, "slow"), (4, "rude once"), (5, "ok")]:
        respond(score, text, metric=csat)
    Theme.objects.create(name="Rude", keywords=["rude"], languages=["en"])
    services.comments_backfill()
    login = key_drivers(metric=csat, first_month=MARCH, last_month=MARCH).drivers[0]
    # Dissatisfied (1-3): 2 of 3 mention it; satisfied (4-5): 1 of 2.
    assert (login.detractors, login.detractor_mentions, login.others, login.other_mentions) == (
        3, 2, 2, 1,
    )  # fmt: skip
    assert login.value == pytest.approx(100 * (2 / 3 - 1 / 2))


def test_months_back_crosses_years():
    assert months_back(dt.date(2026, 2, 1), 3) == dt.date(2025, 12, 1)
    assert months_back(dt.date(2026, 2, 1), 1) == dt.date(2026, 2, 1)


def test_drivers_read_two_queries_and_the_themes(march, django_assert_num_queries):
    nps = metric("nps")
    with django_assert_num_queries(3):
        key_drivers(metric=nps, first_month=MARCH, last_month=MARCH)
