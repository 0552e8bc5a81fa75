"""Line of sight for the comment themes an initiative addresses: the theme's share of all
comments in the three months before the month it started against the three months after,
from the monthly theme rollups, checked against counts and intervals worked by hand.

The hand-made comments (every month's on the 14th, noon UTC; "queue" marks the theme):
- Jan 2026: 10 comments, all mention it (outside both windows: ignored);
- Feb: 10 (NPS), 4 mention it; Mar: 10 (CSAT), 3; Apr: 10 (NPS), 5 -> before 12 of 30 = 40%;
- May, the month it started (10 May): 10, all mention it (neither before nor after: ignored);
- Jun: 10, 1; Jul: 10, 2; Aug: 10, 0 -> after 3 of 30 = 10%;
- Sep: 10, all mention it (not closed on 15 Sep, the day read: ignored).

After - before = 10 - 40 = -30 points. Wilson 95% intervals (z = 1.959964):
12 of 30: 24.5906% to 57.6796%; 3 of 30: 3.4600% to 25.6211%. Newcombe's method 10:
low = -30 - sqrt((10 - 3.4600)^2 + (57.6796 - 40)^2) = -30 - 18.8505 = -48.8505;
high = -30 + sqrt((25.6211 - 10)^2 + (40 - 24.5906)^2) = -30 + 21.9424 = -8.0576.
The interval lies below zero: mentioned less after it started, outside the noise; n = 60.
"""

from __future__ import annotations

import datetime as dt
import math

import pytest
from django.urls import reverse

from cxgov.caching import data_changed
from cxgov.program import line_of_sight as los
from portfolio.models import Status
from tests.helpers import count_queries
from tests.voc.factories import metric
from voc import services
from voc.models import Response, Theme

pytestmark = pytest.mark.django_db

Z = 1.959963984540054
ON = dt.date(2026, 9, 15)
STARTED = dt.date(2026, 5, 10)
QUEUE_TEXT = "the queue at the branch was far too long"
OTHER_TEXT = "friendly staff and quick service"


def wilson(x: int, n: int) -> tuple[float, float]:
    p, z2 = x / n, Z * Z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = Z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    return centre - half, centre + half


def newcombe(x1: int, n1: int, x2: int, n2: int) -> tuple[float, float, float]:
    """p2 - p1 in points with Newcombe's hybrid score interval (method 10), written out."""
    p1, p2 = x1 / n1, x2 / n2
    l1, u1 = wilson(x1, n1)
    l2, u2 = wilson(x2, n2)
    d = p2 - p1
    low = d - math.sqrt((p2 - l2) ** 2 + (u1 - p1) ** 2)
    high = d + math.sqrt((u2 - p2) ** 2 + (p1 - l1) ** 2)
    return 100 * d, 100 * low, 100 * high


MONTHS = {1: 10, 2: 4, 3: 3, 4: 5, 5: 10, 6: 1, 7: 2, 8: 0, 9: 10}


@pytest.fixture
def queues():
    for month, hits in MONTHS.items():
        code = "csat" if month == 3 else "nps"
        for i in range(10):
            Response.objects.create(
                metric=metric(code), score=4 if code == "csat" else 5,
                comment=QUEUE_TEXT if i < hits else OTHER_TEXT,
                responded_at=dt.datetime(2026, month, 14, 12, 0, tzinfo=dt.UTC),
                external_id=f"q-{month}-{i}",
            )  # fmt: skip
    theme = Theme.objects.create(name="Branch queues", keywords=["queue*"], languages=["en"])
    services.comments_backfill()
    return theme


def test_hand_worked_counts(queues):
    # The rollups hold what the docstring says (the test's premise, not the feature).
    assert Response.objects.filter(theme_mentions__theme=queues).count() == sum(MONTHS.values())


def test_share_before_and_after_with_newcombe_interval(queues, make_initiative):
    initiative = make_initiative(status=Status.IN_PROGRESS, start_date=STARTED)
    initiative.themes.add(queues)
    [row] = los.theme_shifts([initiative], on=ON)
    [shift] = row.shifts
    assert (shift.before_first, shift.before_last) == (dt.date(2026, 2, 1), dt.date(2026, 4, 1))
    assert (shift.after_first, shift.after_last) == (dt.date(2026, 6, 1), dt.date(2026, 8, 1))
    assert (shift.before_mentions, shift.before_comments) == (12, 30)
    assert (shift.after_mentions, shift.after_comments) == (3, 30)
    assert shift.before.value == pytest.approx(40.0)
    assert shift.after.value == pytest.approx(10.0)
    assert shift.n == 60 and shift.after_months == 3
    value, low, high = newcombe(12, 30, 3, 30)
    assert shift.change.value == pytest.approx(value)
    assert shift.change.low == pytest.approx(low)
    assert shift.change.high == pytest.approx(high)
    # The figures worked by hand in the module's docstring.
    assert (shift.change.value, shift.change.low, shift.change.high) == pytest.approx(
        (-30.0, -48.8505, -8.0576), abs=1e-4
    )
    assert not shift.small_sample  # 30 comments a side: the minimum sample
    assert shift.verdict == "Mentioned less after it started, outside the noise."


def test_after_months_counted_only_once_closed(queues, make_initiative):
    initiative = make_initiative(status=Status.IN_PROGRESS, start_date=dt.date(2026, 6, 3))
    initiative.themes.add(queues)
    [row] = los.theme_shifts([initiative], on=ON)
    [shift] = row.shifts
    # Before: Mar-May, 3 + 5 + 10 = 18 of 30; after: Jul and Aug so far (Sep still open).
    assert (shift.before_mentions, shift.before_comments) == (18, 30)
    assert (shift.after_mentions, shift.after_comments, shift.after_months) == (2, 20, 2)
    value, low, high = newcombe(18, 30, 2, 20)
    assert (shift.change.value, shift.change.low, shift.change.high) == pytest.approx(
        (value, low, high)
    )
    assert shift.small_sample  # 20 comments after: under the minimum sample of 30


def test_waiting_until_the_first_month_after_closes(queues, make_initiative):
    initiative = make_initiative(status=Status.IN_PROGRESS, start_date=dt.date(2026, 8, 20))
    initiative.themes.add(queues)
    [shift] = los.theme_shifts([initiative], on=ON)[0].shifts
    assert shift.after_last is None and shift.change is None
    assert shift.verdict == "Waiting: the first month after it started closes on 1 Oct 2026."


def test_initiative_without_themes_is_left_out(queues, make_initiative):
    assert los.theme_shifts([make_initiative(status=Status.IN_PROGRESS)], on=ON) == []


def test_query_count_flat_with_one_and_five_initiatives(queues, program, make_initiative):
    other = Theme.objects.create(name="Call waiting", keywords=["hold"], languages=["en"])

    def read():
        return los.line_of_sight(user=program.core, on=ON)

    read()  # the user's roles, read once and kept on the user
    made = []
    counts = []
    for size in (1, 5):
        while len(made) < size:
            initiative = make_initiative(
                status=Status.IN_PROGRESS, start_date=STARTED + dt.timedelta(days=len(made))
            )
            initiative.themes.add(queues, other)
            made.append(initiative)
        data_changed()  # a cold cache at each size, as assert_flat_query_count does
        queries, sight = count_queries(read)
        assert len(sight.themes) == size
        counts.append(queries)
    assert counts[0] == counts[1], counts


def test_page_shows_figures_never_comment_text(queues, program, make_initiative, client):
    initiative = make_initiative(
        status=Status.IN_PROGRESS, start_date=STARTED, title="Branch wait-time display"
    )
    initiative.themes.add(queues)
    # The steering committee's chair may not read comments: figures only, no link to them.
    client.force_login(program.chair)
    page = client.get(reverse("program:line-of-sight")).content.decode()
    assert "Themes the initiatives address" in page and "Branch queues" in page
    assert QUEUE_TEXT not in page and OTHER_TEXT not in page
    assert reverse("voc:theme", args=[queues.pk]) not in page
    detail = client.get(initiative.get_absolute_url()).content.decode()
    assert "Comment themes it addresses" in detail and "Branch queues" in detail
    assert QUEUE_TEXT not in detail
    # The core team reads comments: the theme links to its comments.
    client.force_login(program.core)
    page = client.get(reverse("program:line-of-sight")).content.decode()
    assert reverse("voc:theme", args=[queues.pk]) in page


def test_initiative_without_themes_has_no_block(program, make_initiative, client):
    initiative = make_initiative(status=Status.IN_PROGRESS)
    client.force_login(program.core)
    detail = client.get(initiative.get_absolute_url()).content.decode()
    assert "Comment themes it addresses" not in detail
