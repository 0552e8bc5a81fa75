"""In a real browser: the core team finds a topic among the comments no theme matches, accepts
it as a theme under its own name, and reads its driver figure on the drivers page, as a hand
count and a plain Newcombe formula expect."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from cxgov.celery import app as celery_app
from cxgov.roles import Role
from tests.factories import PASSWORD, UserFactory
from tests.test_accessibility import AXE, AXE_RUN, WCAG_21_AA
from voc import services
from voc.models import Metric, Response, SuggestedTheme, Theme, ThemeMention

Z = 1.959963984540054
# March 2026, NPS. Detractors (0-6): six write about the overdraft fee, four about the card;
# the others (7-10): one about the fee, nine about the card.
DETRACTORS = [
    "Overdraft fee charged without warning", "Overdraft fee far too high",
    "Another overdraft fee this month", "Unfair overdraft fee again",
    "Overdraft fee charged twice", "Overdraft fee taken overnight",
    "Replacement card never arrived", "Replacement card took weeks",
    "Waiting for my replacement card", "Replacement card arrived damaged",
]  # fmt: skip
OTHERS = [
    "Overdraft fee refunded quickly", "Replacement card arrived fast",
    "Replacement card came promptly", "Replacement card sent next morning",
    "Replacement card worked at once", "Replacement card easy to order",
    "Replacement card ordered in the app", "Replacement card delivered safely",
    "Replacement card with contactless", "Replacement card looks nice",
]  # fmt: skip


def wilson(x: int, n: int) -> tuple[float, float]:
    p, z2 = x / n, Z * Z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = Z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    return centre - half, centre + half


def no_wcag_violation(page) -> None:
    page.evaluate(AXE.read_text())
    assert page.evaluate(AXE_RUN, WCAG_21_AA) == []


@pytest.fixture
def comments(transactional_db):
    for role in Role:
        Group.objects.get_or_create(name=role.value)
    UserFactory(username="carol", first_name="Carol", last_name="Core", roles=[Role.CORE_TEAM])
    nps = Metric.objects.get(code="nps")
    for i, text in enumerate(DETRACTORS + OTHERS):
        Response.objects.create(
            metric=nps, score=i % 7 if i < 10 else 7 + i % 4, comment=text,
            responded_at=dt.datetime(2026, 3, 2 + i, 10, tzinfo=dt.UTC), external_id=f"b-{i}",
        )  # fmt: skip
    services.comments_backfill()
    assert services.themes_suggest(topics=2) == 2


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_core_team_accepts_a_suggested_theme_and_reads_its_driver(
    live_server, browser_page, comments, monkeypatch
):
    # The accepted theme's tagging job runs when its transaction commits, as a worker would.
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)
    page = browser_page
    page.goto(f"{live_server.url}/accounts/login/?next=/voc/themes/")
    page.get_by_label("Username").fill("carol")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    fees = next(s for s in SuggestedTheme.objects.all() if "overdraft fee" in s.terms)
    card = page.get_by_role("article").filter(has_text=fees.label)
    expect(card).to_contain_text("overdraft fee")
    expect(card).to_contain_text("7 unmatched comments")
    no_wcag_violation(page)
    card.get_by_label("Theme name").fill("Overdraft fees")
    card.get_by_role("button", name="Accept as a theme").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Overdraft fees")
    expect(page.locator(".messages")).to_contain_text("Overdraft fees is a theme now")
    theme = Theme.objects.get(name="Overdraft fees")
    # Its words are the topic's top terms; they tag the seven fee comments and nothing else.
    assert theme.keywords == fees.terms[:5]
    tagged = ThemeMention.objects.filter(theme=theme).values_list("response__comment", flat=True)
    assert sorted(tagged) == sorted(t for t in DETRACTORS + OTHERS if "fee" in t)

    page.goto(f"{live_server.url}/voc/drivers/")
    row = page.get_by_role("row").filter(has_text="Overdraft fees")
    # By hand: 6 of 10 detractors against 1 of 10 others: 60% - 10% = 50 points.
    expect(row).to_contain_text("6 of 10 (60%)")
    expect(row).to_contain_text("1 of 10 (10%)")
    expect(row).to_contain_text("50.0")
    l1, u1 = wilson(6, 10)
    l2, u2 = wilson(1, 10)
    low = 0.5 - math.hypot(0.6 - l1, u2 - 0.1)
    high = 0.5 + math.hypot(u1 - 0.6, 0.1 - l2)
    expect(row).to_contain_text(f"{100 * low:.1f} to {100 * high:.1f}")
    expect(row).to_contain_text("drives the score down")
    no_wcag_violation(page)
    assert page.console_errors == []
