"""The KPI tables as people read them, in a real browser on the demo: the pack's glance table and
the home's KPI table fit a 390 px phone whole (nothing scrolled out of view, each KPI's Status
and Chance or Target beside its value), and on a desktop the home's KPI names read on one line
each, not wrapped over three or four. Each KPI name links to its metric page and its line of
sight."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from governance.models import Meeting, MeetingStatus
from tests.program.test_browser_homes_and_pack import sign_in

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


@pytest.fixture
def demo(transactional_db, demo_data):
    """The demo, committed where the live server's connection reads it."""


def _fits(page, wrapper: str) -> None:
    """Nothing of the table lies outside its wrapper or the screen: no sideways scrolling."""
    box = page.locator(wrapper)
    scroll, client = box.evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert scroll <= client, f"{wrapper}: {scroll}px of table in {client}px"
    right = box.bounding_box()["x"] + box.bounding_box()["width"]
    assert right <= PHONE["width"]
    for cell in box.locator("tbody td:visible").all():
        cell_box = cell.bounding_box()
        assert cell_box["x"] >= 0 and cell_box["x"] + cell_box["width"] <= right + 0.5, (
            cell.inner_text()
        )


def _rows(page, wrapper: str) -> list[list[str]]:
    return page.locator(f"{wrapper} tbody tr").evaluate_all(
        "rows => rows.map(r => [...r.children].filter(c => c.offsetParent !== null)"
        ".map(c => c.innerText.trim()))"
    )


def _names_link_to_metric_and_line_of_sight(page, wrapper: str) -> None:
    for name in page.locator(f"{wrapper} tbody th[scope=row]").all():
        hrefs = name.locator("a").evaluate_all("links => links.map(a => a.pathname)")
        assert any(h.startswith("/voc/metrics/") for h in hrefs), hrefs
        assert any(h.startswith("/program/line-of-sight/") for h in hrefs), hrefs


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_kpi_tables_fit_a_phone_and_read_on_a_desktop(demo, live_server, browser_page):
    page = browser_page
    meeting = (
        Meeting.objects.filter(
            body__tier="steering_committee",
            status=MeetingStatus.SCHEDULED,
            starts_at__gt=timezone.now(),
        )
        .order_by("starts_at")
        .first()
    )

    page.set_viewport_size(PHONE)
    sign_in(page, live_server, "steering")
    page.goto(live_server.url + reverse("program:meeting-pack", args=[meeting.pk]))
    _fits(page, ".pack-glance")
    rows = _rows(page, ".pack-glance")
    assert len(rows) >= 5
    for _name, status, _latest, chance in rows:
        assert status in {"On track", "At risk", "Off track", "No data yet"}, status
        assert chance.endswith("%") or chance == "—", chance
    _names_link_to_metric_and_line_of_sight(page, ".pack-glance")

    sign_in(page, live_server, "core")
    page.goto(live_server.url + "/")
    _fits(page, ".home-kpis")
    for _name, status, _latest, target in _rows(page, ".home-kpis"):
        assert status in {"On track", "At risk", "Off track", "No data yet"}, status
        assert " by " in target, target
    _names_link_to_metric_and_line_of_sight(page, ".home-kpis")

    # On a desktop nothing in a KPI's card runs past its edge; each KPI's name, scope and
    # line of sight sit on one line in the home's table.
    page.set_viewport_size(DESKTOP)
    sign_in(page, live_server, "steering")
    page.goto(live_server.url + reverse("program:meeting-pack", args=[meeting.pk]))
    for card in page.locator(".pack-kpi").all():
        scroll, client = card.evaluate("e => [e.scrollWidth, e.clientWidth]")
        assert scroll <= client, card.locator("h3").inner_text()
    sign_in(page, live_server, "core")
    page.goto(live_server.url + "/")
    for name in page.locator(".home-kpis tbody th[scope=row]").all():
        line = name.evaluate("e => parseFloat(getComputedStyle(e).lineHeight)")
        padding = name.evaluate(
            "e => parseFloat(getComputedStyle(e).paddingTop)"
            " + parseFloat(getComputedStyle(e).paddingBottom)"
        )
        lines = (name.bounding_box()["height"] - padding) / line
        assert lines < 1.5, f"{name.inner_text()!r} wraps over {lines:.1f} lines"
    assert page.console_errors == []
