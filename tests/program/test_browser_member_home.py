"""In a real browser, on the demo organization: a working-group member's home shows the bodies
they sit on and the initiatives of their groups, each a link that opens its page."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from governance.selectors import my_memberships
from portfolio.selectors import my_initiatives
from tests.program.test_browser_homes_and_pack import sign_in


@pytest.fixture
def demo(transactional_db, demo_data):
    """The demo, committed where the live server's connection reads it."""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_member_sees_their_bodies_and_initiatives_on_the_home(demo, live_server, browser_page):
    member = get_user_model().objects.get(username="member")
    seats = my_memberships(user=member)
    initiatives = list(my_initiatives(user=member)[:8])
    assert seats and initiatives, "the demo member should sit on a body and run initiatives"

    page = browser_page
    sign_in(page, live_server, "member")
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My working groups")
    bodies = page.locator('section[aria-labelledby="my-bodies"]')
    expect(bodies.locator(".empty")).to_have_count(0)
    for seat in seats:
        expect(bodies.get_by_role("link", name=seat.body.name, exact=True)).to_be_visible()
    mine = page.locator('section[aria-labelledby="my-initiatives"]')
    for initiative in initiatives:
        expect(mine.get_by_role("link", name=initiative.title, exact=True)).to_be_visible()

    bodies.get_by_role("link", name=seats[0].body.name, exact=True).click()
    page.wait_for_load_state()
    assert page.url.endswith(seats[0].body.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_contain_text(seats[0].body.name)
    assert page.console_errors == []
