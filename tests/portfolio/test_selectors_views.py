"""The alignment heatmap's counts and worst health, and the roadmap's bars, checked against
hand-worked expectations."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from portfolio.models import Status
from portfolio.selectors import HeatCell, alignment_heatmap
from tests.factories import BusinessUnitFactory
from tests.portfolio.factories import PriorityFactory


def test_the_heatmap_counts_open_initiatives_and_shows_the_worst_health(program, make_initiative):
    wealth = BusinessUnitFactory(name="Wealth", code="wealth")
    onboarding, resolve = PriorityFactory(title="Onboarding"), PriorityFactory(title="Resolve")
    make_initiative(status=Status.IN_PROGRESS, health="green", priorities=[onboarding])
    make_initiative(status=Status.IN_PROGRESS, health="red", priorities=[onboarding, resolve])
    make_initiative(status=Status.APPROVED, health="", priorities=[onboarding])
    make_initiative(status=Status.COMPLETED, health="red", priorities=[resolve])  # closed
    make_initiative(
        status=Status.ON_HOLD, health="amber", priorities=[resolve], business_unit=wealth
    )
    make_initiative(status=Status.PROPOSED, health="", business_unit=wealth)  # not aligned
    heatmap = alignment_heatmap(user=program.core)
    rows = {p.title: cells for p, cells in heatmap.rows()}
    units = [u.name for u in heatmap.units]
    assert units == ["Retail", "Wealth"]
    assert rows["Onboarding"] == [HeatCell(3, "red"), HeatCell(0, "")]
    assert rows["Resolve"] == [HeatCell(1, "red"), HeatCell(1, "amber")]
    assert heatmap.unaligned_row() == [HeatCell(0, ""), HeatCell(1, "")]


def test_the_heatmap_page_shows_the_counts(client, program, make_initiative):
    priority = PriorityFactory(title="Digital self-service")
    make_initiative(status=Status.IN_PROGRESS, health="amber", priorities=[priority])
    client.force_login(program.viewer)
    html = client.get(reverse("portfolio:alignment")).content.decode()
    assert "Digital self-service" in html
    assert 'class="heat heat--amber">1<' in html


def test_the_roadmap_draws_one_bar_per_open_initiative(client, program, make_initiative):
    make_initiative(
        status=Status.IN_PROGRESS,
        title="Welcome calls",
        health="red",
        start_date=dt.date(2026, 2, 1),
        target_date=dt.date(2026, 8, 31),
    )
    make_initiative(status=Status.CANCELLED, title="Dropped")
    client.force_login(program.viewer)
    response = client.get(reverse("portfolio:roadmap"))
    html = response.content.decode()
    assert response.context["roadmap"].shown == 1
    assert "Welcome calls: 1 Feb 2026 to 31 Aug 2026 · In progress, red" in html
    assert "Dropped" not in html
    assert 'fill="#c62828"' in html
    html = client.get(reverse("portfolio:roadmap"), {"status": "cancelled"}).content.decode()
    assert "Dropped" in html
