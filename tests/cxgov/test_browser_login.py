"""In a real browser: log in as a demo user, see the home page, log out."""

import pytest

from tests.factories import PASSWORD


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_core_team_member_logs_in_sees_home_and_logs_out(live_server, browser_page, core_team_user):
    page = browser_page
    page.goto(f"{live_server.url}/")
    assert "/accounts/login/" in page.url
    page.get_by_label("Username").fill(core_team_user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Core CX team dashboard"
    assert page.get_by_role("navigation", name="Main").is_visible()
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/accounts/login/")
    assert page.get_by_role("heading", level=1).inner_text() == "Log in to cxgov"
    assert page.console_errors == []
