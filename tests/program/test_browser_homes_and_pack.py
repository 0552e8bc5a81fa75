"""In a real browser, on the demo organization: each role lands on its home and follows the
link its first question leads to; the steering committee's chair opens the next meeting's KPI
pack from the home and prints it (sections flowing from page to page, charts as SVG)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from playwright.sync_api import expect

from cxgov.program.pack.sections import SECTIONS

# role: (the home's heading, the panel, the link in it, where the link leads)
ROLE_PATHS = {
    "admin": ("Administration", "needs-help", "The whole list", "/portfolio/needs-help/"),
    "core": ("Core CX team dashboard", "needs-help", "The whole list", "/portfolio/needs-help/"),
    "sponsor": ("Executive summary", "troubled", "All red initiatives", "/portfolio/?health=red"),
    "steering": ("Steering committee", "next-meeting", "KPI pack", "/pack/"),
    "member": ("My working groups", "my-initiatives", "All my initiatives", "/portfolio/mine/"),
    "viewer": (
        "CX program overview",
        "in-progress",
        "All initiatives in progress",
        "/portfolio/?status=in_progress",
    ),
}


@pytest.fixture
def demo(transactional_db, demo_data):
    """The demo, committed where the live server's connection reads it."""


def sign_in(page, live_server, username: str) -> None:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_each_role_lands_on_its_home_and_follows_its_first_link(demo, live_server, browser_page):
    page = browser_page
    for role, (heading, panel, link, lands) in ROLE_PATHS.items():
        sign_in(page, live_server, role)
        page.goto(f"{live_server.url}/")
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        # The panel that answers the role's first question starts on the first screen.
        first = page.locator(".home-panels > section").first.bounding_box()
        assert first is not None and first["y"] + 120 < 900, f"{role}: first panel too low"
        section = page.locator(f'section[aria-labelledby="{panel}"]')
        section.get_by_role("link", name=link).first.click()
        page.wait_for_load_state()
        assert lands in page.url, f"{role}: {link} led to {page.url}"
        expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert page.console_errors == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_chair_opens_the_next_meetings_pack_and_prints_it(demo, live_server, browser_page):
    page = browser_page
    sign_in(page, live_server, "steering")
    page.goto(f"{live_server.url}/")
    page.locator('section[aria-labelledby="next-meeting"]').get_by_role(
        "link", name="KPI pack"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("KPI pack")
    expect(page.locator("#pack-kpis svg").first).to_be_visible()
    page.get_by_role("link", name="Print view").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("KPI pack")

    page.emulate_media(media="print")
    sections = page.locator(".pack-print .pack-section")
    assert sections.count() == len(SECTIONS)
    # Sections flow: no forced page break, each breaking between its items (a KPI, a list
    # item), never inside one (tests/program/test_browser_pack_print.py reads the PDF back);
    # charts are SVG; the hint is hidden.
    breaks = sections.evaluate_all("els => els.map(e => getComputedStyle(e).breakBefore)")
    assert "page" not in breaks
    inside = sections.evaluate_all("els => els.map(e => getComputedStyle(e).breakInside)")
    assert set(inside) == {"auto"}
    items = page.locator(".pack-print .pack-kpi, .pack-print .pack-list > li")
    assert set(items.evaluate_all("els => els.map(e => getComputedStyle(e).breakInside)")) == {
        "avoid"
    }
    assert page.locator(".pack-print svg.chart").count() >= 1
    expect(page.locator(".print-doc__hint")).to_be_hidden()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    assert page.console_errors == []
